/** LadybugDB's Cypher where it differs from Neo4j's: `label(r)`, `* SHORTEST 1..k`, `properties(nodes(p), 'id')`. */
import { ENTITY_LABEL } from '../../ontology/ontology';
import { typedPattern, type Dialect } from '../dialect';

/** The clauses the shared Cypher asks of LadybugDB. */
export const ladybugDialect: Dialect = {
  typeOf: (v) => `label(${v})`,
  shortestPath: (types, hops, all) => `MATCH p = (a)-[${typedPattern(types)}* ${all ? 'ALL SHORTEST' : 'SHORTEST'} 1..${hops}]-(b)`,
  shortestPathsFrom: (types, hops) => `MATCH p = (a)-[${typedPattern(types)}* SHORTEST 1..${hops}]-(b:${ENTITY_LABEL})`,
  pathIds: (p) => `properties(nodes(${p}), 'id')`,
  pathTypes: (p) => `list_transform(rels(${p}), x -> label(x))`,
};
