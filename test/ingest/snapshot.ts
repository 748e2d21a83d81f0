/**
 * Everything a graph holds, read through read-only Cypher, in a stable order: to show a refused or killed
 * ingest (or a refused request) left the graph exactly as it was. Whole nodes and relationships are returned,
 * so every property (an entity's kind properties, a relationship's role) is compared, not only the names.
 */
import type { GraphStore, Json } from '../../src/graph/port';

const QUERIES = {
  sources: 'MATCH (s:Source) RETURN s AS source',
  entities: 'MATCH (e:Entity) RETURN e AS entity',
  relationships: 'MATCH (a:Entity)-[r]->(b:Entity) RETURN r AS relationship',
  mentions: 'MATCH (s:Source)-[m:MENTIONS]->(e:Entity) RETURN s.id AS source, e.id AS entity, m.offsets AS offsets',
} as const;

export async function graphSnapshot(store: GraphStore): Promise<Record<keyof typeof QUERIES, Json[][]>> {
  const out = {} as Record<keyof typeof QUERIES, Json[][]>;
  for (const [name, query] of Object.entries(QUERIES) as [keyof typeof QUERIES, string][]) {
    const rows = (await store.runCypher(query, { readOnly: true, timeoutMs: 60000, maxRows: 1_000_000 })).rows;
    // Sorted here: LadybugDB cannot ORDER BY a list, and the two engines name a relationship's type differently.
    out[name] = rows.map((r) => [JSON.stringify(r), r] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  }
  return out;
}
