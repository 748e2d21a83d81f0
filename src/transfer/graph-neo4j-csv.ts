/**
 * The graph as `neo4j-admin database import full` CSV files: sources and entities as nodes (ID spaces `Source` and
 * `Entity`, so a source and an entity may share an id), relationships and mentions as relationships, each with
 * typed headers (`amount:double`, `aliases:string[]`). Nodes carry exactly what the product's Neo4j store writes
 * (kind label, search fields), so the imported database serves the API as soon as `kg` has applied its schema.
 * Files are written row by row from slices of the graph.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import { KgError } from '../errors';
import { searchTextOf } from '../graph/search-score';
import type { Entity, GraphSlice, Json, Relationship, Source } from '../graph/port';
import { ENTITY_LABEL, MENTIONS, SOURCE_LABEL, entityPropertyColumns, type PropertySpec } from '../ontology/ontology';
import { relationshipPropertyColumns } from '../ontology/schema';

/** Between list elements and labels; a control character, so `;`, `,` and `|` inside values need no care. */
export const ARRAY_DELIMITER = '\u001F';
export const NEO4J_CSV_FILES = { sources: 'sources.csv', entities: 'entities.csv', relationships: 'relationships.csv', mentions: 'mentions.csv' } as const;

const HEADER_TYPES: Record<PropertySpec['type'], string> = { string: '', number: ':double', boolean: ':boolean', 'string[]': ':string[]' };
const typedHeader = (name: string, spec: PropertySpec) => `${name}${HEADER_TYPES[spec.type]}`;

const ENTITY_PROPS = Object.entries(entityPropertyColumns());
const REL_PROPS = Object.entries(relationshipPropertyColumns());

/** The header row of each file. */
export const NEO4J_CSV_HEADERS = {
  sources: [`id:ID(${SOURCE_LABEL})`, ':LABEL', 'title', 'url', 'publisher', 'published', 'text', 'ingestedAt'],
  entities: [`id:ID(${ENTITY_LABEL})`, ':LABEL', 'kind', 'name', 'aliases:string[]', 'description', 'searchText', 'aliasText', ...ENTITY_PROPS.map(([n, s]) => typedHeader(n, s))],
  relationships: [`:START_ID(${ENTITY_LABEL})`, `:END_ID(${ENTITY_LABEL})`, ':TYPE', 'evidence:string[]', 'sources:string[]', ...REL_PROPS.map(([n, s]) => typedHeader(n, s))],
  mentions: [`:START_ID(${SOURCE_LABEL})`, `:END_ID(${ENTITY_LABEL})`, ':TYPE', 'offsets:long[]'],
} as const;

/** The command that loads the files into the (stopped) database `database`, run from the folder that holds them. */
export function neo4jImportCommand(database = 'neo4j'): string {
  const f = NEO4J_CSV_FILES;
  return (
    `neo4j-admin database import full ${database} --overwrite-destination=true --multiline-fields=true --array-delimiter=U+001F ` +
    `--nodes=${f.sources} --nodes=${f.entities} --relationships=${f.relationships} --relationships=${f.mentions}`
  );
}

/** One list cell; an element holding the delimiter itself cannot be written unambiguously and is refused. */
function listCell(values: readonly (string | number)[], at: string): string {
  for (const v of values) {
    if (String(v).includes(ARRAY_DELIMITER)) {
      throw new KgError('BAD_USER_INPUT', `${at} holds the character U+001F, which neo4j-admin import files use between list elements; remove it and export again`, { path: at });
    }
  }
  return values.join(ARRAY_DELIMITER);
}

function cell(value: Json | undefined, spec: PropertySpec, at: string): string {
  if (value === undefined || value === null) return '';
  if (spec.type === 'string[]') return listCell(value as string[], at);
  return String(value);
}

// Quoted only where needed (delimiter, quote, line break): an empty unquoted cell is no property at all.
const row = (cells: string[]) => stringify([cells], { quoted_match: /\r/ });

/** A source row. */
export function sourceRow(s: Source): string {
  return row([s.id, SOURCE_LABEL, s.title, s.url ?? '', s.publisher ?? '', s.published ?? '', s.text, s.ingestedAt ?? '']);
}

/** An entity row, with the kind as a second label and the search fields the Neo4j store keeps. */
export function entityRow(e: Entity): string {
  const at = `entity ${e.id}`;
  return row([
    e.id,
    listCell([ENTITY_LABEL, e.kind], `${at} kind`),
    e.kind,
    e.name,
    listCell(e.aliases, `${at} aliases`),
    e.description ?? '',
    searchTextOf(e),
    // As the Neo4j store computes it: reduce(s = '', a IN aliases | s + ' ' + a).
    e.aliases.map((a) => ` ${a}`).join(''),
    ...ENTITY_PROPS.map(([name, spec]) => cell(e.properties[name], spec, `${at} ${name}`)),
  ]);
}

/** A relationship row: quotes and their sources as two parallel lists, as the stores keep them. */
export function relationshipRow(r: Relationship): string {
  const at = `relationship ${r.id}`;
  return row([
    r.from,
    r.to,
    r.type,
    listCell(r.evidence.map((e) => e.quote), `${at} evidence`),
    listCell(r.evidence.map((e) => e.sourceId), `${at} sources`),
    ...REL_PROPS.map(([name, spec]) => cell(r.properties[name], spec, `${at} ${name}`)),
  ]);
}

/** A mention row. */
export function mentionRow(m: { sourceId: string; entityId: string; offsets: number[] }): string {
  return row([m.sourceId, m.entityId, MENTIONS, listCell(m.offsets, `mention ${m.sourceId} -> ${m.entityId}`)]);
}

/** Counts of what was written. */
export interface Neo4jCsvSummary {
  sources: number;
  entities: number;
  relationships: number;
  mentions: number;
}

/**
 * Writes the four files and a README with the import command into `dir` (created if missing). Files are
 * written under temporary names and renamed once all are complete, so a failed export leaves no half set.
 */
export async function writeNeo4jCsv(slices: AsyncIterable<GraphSlice>, dir: string): Promise<Neo4jCsvSummary> {
  fs.mkdirSync(dir, { recursive: true });
  const parts = Object.keys(NEO4J_CSV_FILES) as (keyof typeof NEO4J_CSV_FILES)[];
  const partial = (p: keyof typeof NEO4J_CSV_FILES) => path.join(dir, `${NEO4J_CSV_FILES[p]}.partial-${process.pid}`);
  const streams = Object.fromEntries(parts.map((p) => [p, fs.createWriteStream(partial(p))])) as Record<keyof typeof NEO4J_CSV_FILES, fs.WriteStream>;
  const counts: Neo4jCsvSummary = { sources: 0, entities: 0, relationships: 0, mentions: 0 };
  // A disk error is kept and thrown at the next write, not left to crash the process as an unhandled event.
  let failure: Error | undefined;
  for (const stream of Object.values(streams)) stream.on('error', (e) => (failure ??= e));
  const write = async (p: keyof typeof NEO4J_CSV_FILES, text: string) => {
    if (failure) throw failure;
    if (!streams[p].write(text)) await Promise.race([once(streams[p], 'drain'), once(streams[p], 'close')]);
  };
  const close = (stream: fs.WriteStream) => new Promise<void>((resolve) => stream.end(() => resolve()));
  try {
    for (const p of parts) await write(p, row([...NEO4J_CSV_HEADERS[p]]));
    for await (const slice of slices) {
      await write('sources', slice.sources.map(sourceRow).join(''));
      await write('entities', slice.entities.map(entityRow).join(''));
      await write('relationships', slice.relationships.map(relationshipRow).join(''));
      await write('mentions', slice.mentions.map(mentionRow).join(''));
      counts.sources += slice.sources.length;
      counts.entities += slice.entities.length;
      counts.relationships += slice.relationships.length;
      counts.mentions += slice.mentions.length;
    }
    await Promise.all(Object.values(streams).map(close));
    if (failure) throw failure;
    for (const p of parts) fs.renameSync(partial(p), path.join(dir, NEO4J_CSV_FILES[p]));
  } catch (e) {
    await Promise.all(Object.values(streams).map(close));
    for (const p of parts) fs.rmSync(partial(p), { force: true });
    if (e instanceof KgError) throw e;
    throw new KgError('BAD_USER_INPUT', `cannot write ${dir}: ${(e as Error).message}`, { path: dir }, { cause: e });
  }
  fs.writeFileSync(path.join(dir, 'README.md'), importReadme(counts));
  return counts;
}

function importReadme(c: Neo4jCsvSummary): string {
  return `# Loading this graph into Neo4j with neo4j-admin

Written by \`kg export --format neo4j-admin\`: ${c.sources} sources, ${c.entities} entities, ${c.relationships} relationships, ${c.mentions} mentions.

Stop Neo4j (the import writes the database files directly and replaces database \`neo4j\`), then, in this folder:

\`\`\`sh
${neo4jImportCommand()}
\`\`\`

With the compose Neo4j: \`docker compose stop neo4j\`, then run the same command in a one-off container that mounts
the \`neo4j-data\` volume at \`/data\` and this folder, e.g.
\`docker compose run --rm -v "$PWD:/import" -w /import neo4j ${neo4jImportCommand()}\`.

Start Neo4j again and start \`kg\` (or the API) against it: it applies \`cypher/schema.cypher\` (the id constraints,
indexes and the full-text index) at start-up. Lists (aliases, evidence, sources, offsets) and the two labels of an
entity are separated by U+001F (\`--array-delimiter=U+001F\`); text may span lines (\`--multiline-fields=true\`).
`;
}
