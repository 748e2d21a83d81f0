/**
 * Everything a graph holds, read through read-only Cypher, in a stable order: to show a refused or killed
 * ingest left the graph exactly as it was.
 */
import type { GraphStore, Json } from '../../src/graph/port';

const QUERIES = {
  sources: 'MATCH (s:Source) RETURN s.id AS id, s.title AS title, s.text AS text',
  entities: 'MATCH (e:Entity) RETURN e.id AS id, e.kind AS kind, e.name AS name, e.aliases AS aliases, e.description AS description',
  relationships: 'MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS from, b.id AS to, r.evidence AS evidence, r.sources AS sources',
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
