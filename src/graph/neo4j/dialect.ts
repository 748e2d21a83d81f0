/** Neo4j's Cypher where it differs from LadybugDB's: `type(r)`, `shortestPath(...)`, list comprehensions. */
import { ENTITY_LABEL } from '../../ontology/ontology';
import { typedPattern, type Dialect } from '../dialect';

/** The clauses the shared Cypher asks of Neo4j. */
export const neo4jDialect: Dialect = {
  typeOf: (v) => `type(${v})`,
  shortestPath: (types, hops, all) => `MATCH p = ${all ? 'allShortestPaths' : 'shortestPath'}((a)-[${typedPattern(types)}*1..${hops}]-(b))`,
  shortestPathsFrom: (types, hops) => `MATCH p = shortestPath((a)-[${typedPattern(types)}*1..${hops}]-(b:${ENTITY_LABEL}))`,
  pathIds: (p) => `[n IN nodes(${p}) | n.id]`,
  pathTypes: (p) => `[r IN relationships(${p}) | type(r)]`,
};
