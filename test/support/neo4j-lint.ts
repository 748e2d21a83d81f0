/**
 * Neo4j's own Cypher parser and semantic analysis (@neo4j-cypher/language-support), with the graph's labels,
 * relationship types and property keys, and the package's catalogue of Neo4j 5 procedures and functions.
 */
import { isNotParamError, lintCypherQuery, testData, type DbSchema } from '@neo4j-cypher/language-support';
import { ENTITY_LABEL, MENTIONS, SOURCE_LABEL, entityPropertyColumns, kindNames, relationshipTypeNames } from '../../src/ontology/ontology';
import { relationshipPropertyColumns } from '../../src/ontology/schema';

/** The catalogue without APOC: the product's compose file runs Neo4j Community without plugins. */
function withoutApoc<T>(registry: Partial<Record<string, Record<string, T>>> | undefined): Partial<Record<string, Record<string, T>>> {
  return Object.fromEntries(
    Object.entries(registry ?? {}).map(([version, entries]) => [version, Object.fromEntries(Object.entries(entries ?? {}).filter(([name]) => !name.startsWith('apoc.')))]),
  );
}

export const graphSchema: DbSchema = {
  labels: [ENTITY_LABEL, SOURCE_LABEL, ...kindNames],
  relationshipTypes: [...relationshipTypeNames, MENTIONS],
  propertyKeys: [
    ...['id', 'kind', 'name', 'aliases', 'aliasText', 'description', 'searchText', 'title', 'url', 'publisher', 'published', 'text'],
    ...['evidence', 'sources', 'offsets'],
    ...Object.keys(entityPropertyColumns()),
    ...Object.keys(relationshipPropertyColumns()),
  ],
  procedures: withoutApoc(testData.mockSchema.procedures),
  functions: withoutApoc(testData.mockSchema.functions),
  databaseNames: ['neo4j', 'system'],
};

/** Errors Neo4j would raise for `query` (parameters are supplied at run time, so their absence is no error). */
export function cypherErrors(query: string): string[] {
  return lintCypherQuery(query, graphSchema)
    .diagnostics.map((d) => ({ ...d, message: typeof d.message === 'string' ? d.message : d.message.value }))
    .filter((d) => d.severity === 1 && isNotParamError(d))
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
}
