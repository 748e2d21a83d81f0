/**
 * The graph as a Cypher script for Neo4j 5: the schema, then batched UNWIND … MERGE statements with the data
 * inline, so `cypher-shell -f graph.cypher` (or Neo4j Browser) rebuilds the same graph with no other tool.
 */
import { cypherLiteral } from '../graph/cypher-text';
import type { GraphDump, Json } from '../graph/port';
import { searchTextOf } from '../graph/search-score';
import { ENTITY_CORE_FIELDS, ENTITY_LABEL, MENTIONS, SOURCE_LABEL, entityPropertyColumns, relationshipProperties, type RelationshipTypeName } from '../ontology/ontology';
import { neo4jEntityMerge, neo4jSchemaStatements } from '../ontology/schema';

/** Rows per UNWIND statement: small enough for the Browser, large enough to load quickly. */
export const CYPHER_BATCH = 500;

export { cypherLiteral };

/** Items grouped by a key, groups in first-seen order. */
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** One `UNWIND [ rows ] AS row <body>` statement per batch, one row per line. */
function* unwind(rows: Record<string, Json>[], body: string): Generator<string> {
  for (let i = 0; i < rows.length; i += CYPHER_BATCH) {
    const batch = rows.slice(i, i + CYPHER_BATCH).map((r) => `  ${cypherLiteral(r)}`);
    yield `UNWIND [\n${batch.join(',\n')}\n] AS row\n${body};\n`;
  }
}

/** The script, statement by statement (each ends with `;` and a newline). */
export function* graphCypherStatements(dump: GraphDump): Generator<string> {
  yield [
    `// Knowledge graph export: ${dump.sources.length} sources, ${dump.entities.length} entities, ` +
      `${dump.relationships.length} relationships, ${dump.mentions.length} mentions.`,
    '// Rebuilds the graph in Neo4j 5: cypher-shell -u neo4j -p <password> -d neo4j -f this-file.cypher',
    '// (or paste it into Neo4j Browser). Every statement is idempotent (IF NOT EXISTS, MERGE): re-running it',
    '// after an interruption completes the graph. The first statements are the schema (cypher/schema.cypher).',
    '',
  ].join('\n');
  for (const statement of neo4jSchemaStatements()) yield `${statement};\n`;

  yield* unwind(
    dump.sources.map((s) => ({ id: s.id, title: s.title, url: s.url, publisher: s.publisher, published: s.published, text: s.text, ingestedAt: s.ingestedAt ?? null })),
    `MERGE (s:${SOURCE_LABEL} {id: row.id})\nSET s.title = row.title, s.url = row.url, s.publisher = row.publisher, s.published = row.published, s.text = row.text, ` +
      `s.ingestedAt = coalesce(row.ingestedAt, s.ingestedAt)`,
  );

  // Kind labels cannot be parameters, so entities go one statement group per kind; the SET list mirrors Neo4jGraphStore.
  const propertyNames = Object.keys(entityPropertyColumns());
  for (const [kind, entities] of groupBy(dump.entities, (e) => e.kind)) {
    const rows = entities.map((e) => {
      const row: Record<string, Json> = { id: e.id, kind: e.kind, name: e.name, aliases: e.aliases, description: e.description, searchText: searchTextOf(e) };
      for (const p of propertyNames) if (e.properties[p] !== undefined && e.properties[p] !== null) row[p] = e.properties[p]!;
      return row;
    });
    const sets = [...ENTITY_CORE_FIELDS.filter((f) => f !== 'id'), 'searchText', ...propertyNames].map((k) => `e.${k} = row.${k}`).join(', ');
    yield* unwind(
      rows,
      neo4jEntityMerge(kind, sets, { lines: true }),
    );
  }

  for (const [type, rels] of groupBy(dump.relationships, (r) => r.type)) {
    const props = Object.keys(relationshipProperties(type as RelationshipTypeName));
    const rows = rels.map((r) => {
      const row: Record<string, Json> = { from: r.from, to: r.to, evidence: r.evidence.map((e) => e.quote), sources: r.evidence.map((e) => e.sourceId) };
      for (const p of props) if (r.properties[p] !== undefined && r.properties[p] !== null) row[p] = r.properties[p]!;
      return row;
    });
    const sets = ['evidence', 'sources', ...props].map((k) => `r.${k} = row.${k}`).join(', ');
    yield* unwind(
      rows,
      `MATCH (a:${ENTITY_LABEL} {id: row.from})\nMATCH (b:${ENTITY_LABEL} {id: row.to})\nMERGE (a)-[r:${type}]->(b)\nSET ${sets}`,
    );
  }

  yield* unwind(
    dump.mentions.map((m) => ({ sourceId: m.sourceId, entityId: m.entityId, offsets: m.offsets })),
    `MATCH (s:${SOURCE_LABEL} {id: row.sourceId})\nMATCH (e:${ENTITY_LABEL} {id: row.entityId})\nMERGE (s)-[m:${MENTIONS}]->(e)\nSET m.offsets = row.offsets`,
  );
}
