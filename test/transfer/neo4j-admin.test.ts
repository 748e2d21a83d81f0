// `kg export --format neo4j-admin <folder>`: the files carry neo4j-admin import headers, and parsed back with csv-parse (as
// neo4j-admin reads them: RFC 4180 quoting, U+001F between list elements) they give the exported graph again,
// quotes, commas, semicolons, pipes and line breaks included; the README beside them holds the exact command.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Entity, GraphDump, Relationship } from '../../src/graph/port';
import { loadSeed } from '../../src/knowledge/load';
import { ARRAY_DELIMITER, NEO4J_CSV_FILES, neo4jImportCommand } from '../../src/transfer/graph-neo4j-csv';
import { searchTextOf } from '../../src/graph/search-score';
import { openEmbeddedStore, SEED_DIR, tempDataDir } from '../support/engines';
import { SEED_DOCUMENTS, seedEntityIds, seedRelationshipIds } from '../support/seed';
import { hostileDump } from './hostile-graph';
import { runKg } from './kg-cli';

const kg = (dataDir: string, ...args: string[]) => runKg(args, { KG_DATA_DIR: dataDir, NEO4J_URI: undefined, KG_LOG_LEVEL: 'silent' });

/** One CSV file as header + records, read the way neo4j-admin reads it. */
function read(dir: string, file: string): { header: string[]; rows: Record<string, string>[] } {
  const [header, ...records] = parse(fs.readFileSync(path.join(dir, file), 'utf8'), { relax_column_count: false }) as string[][];
  return { header: header!, rows: records.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!]))) };
}

const list = (cell: string | undefined) => (cell ? cell.split(ARRAY_DELIMITER) : []);
/** A typed cell back as a value, by its header's type. */
function value(header: string, cell: string): unknown {
  if (cell === '') return undefined;
  const type = header.split(':')[1];
  if (type === 'double') return Number(cell);
  if (type === 'boolean') return cell === 'true';
  if (type === 'string[]') return list(cell);
  return cell;
}

/** A dump in one order (slices come entity by entity, a whole dump source by source). */
const sorted = (d: GraphDump): GraphDump => ({
  ...d,
  relationships: [...d.relationships].sort((a, b) => a.id.localeCompare(b.id)),
  mentions: [...d.mentions].sort((a, b) => `${a.sourceId} ${a.entityId}`.localeCompare(`${b.sourceId} ${b.entityId}`)),
});

/** The graph the files describe, in the shape of a dump. */
function graphFromFiles(dir: string): GraphDump {
  const props = (row: Record<string, string>, skip: (h: string) => boolean) =>
    Object.fromEntries(Object.entries(row).filter(([h, c]) => !skip(h) && c !== '').map(([h, c]) => [h.split(':')[0]!, value(h, c)]));
  const entities = read(dir, NEO4J_CSV_FILES.entities).rows.map(
    (r): Entity => ({
      id: r['id:ID(Entity)']!,
      kind: r.kind as Entity['kind'],
      name: r.name!,
      aliases: list(r['aliases:string[]']),
      description: r.description || null,
      properties: props(r, (h) => ['id:ID(Entity)', ':LABEL', 'kind', 'name', 'aliases:string[]', 'description', 'searchText', 'aliasText'].includes(h)) as Entity['properties'],
    }),
  );
  const relationships = read(dir, NEO4J_CSV_FILES.relationships).rows.map((r): Relationship => {
    const quotes = list(r['evidence:string[]']);
    const sources = list(r['sources:string[]']);
    const [from, to, type] = [r[':START_ID(Entity)']!, r[':END_ID(Entity)']!, r[':TYPE']! as Relationship['type']];
    return {
      id: `${from}|${type}|${to}`,
      type,
      from,
      to,
      properties: props(r, (h) => h.startsWith(':') || h.startsWith('evidence') || h.startsWith('sources')) as Relationship['properties'],
      evidence: quotes.map((quote, i) => ({ quote, sourceId: sources[i]! })),
    };
  });
  const sources = read(dir, NEO4J_CSV_FILES.sources).rows.map((r) => ({
    id: r['id:ID(Source)']!,
    title: r.title!,
    url: r.url || null,
    publisher: r.publisher || null,
    published: r.published || null,
    text: r.text!,
    ingestedAt: r.ingestedAt || null,
  }));
  const mentions = read(dir, NEO4J_CSV_FILES.mentions).rows.map((r) => ({ sourceId: r[':START_ID(Source)']!, entityId: r[':END_ID(Entity)']!, offsets: list(r['offsets:long[]']).map(Number) }));
  return sorted({ sources, entities, relationships, mentions });
}

async function exported(dump: GraphDump | 'seed', name: string): Promise<{ dir: string; original: GraphDump; stderr: string }> {
  const work = tempDataDir(`kg-neo4j-csv-${name}-`);
  const data = path.join(work, 'data');
  const store = await openEmbeddedStore({ dataDir: data });
  if (dump === 'seed') await loadSeed(store, SEED_DIR);
  else await store.importGraph(dump);
  // The neo4j-admin files carry no claims (the JSON graph file does): compare what they carry.
  const { claims: _claims, ...whole } = await store.exportGraph();
  const original = sorted(whole);
  await store.close();
  const dir = path.join(work, 'csv');
  const run = await kg(data, 'export', '--format', 'neo4j-admin', dir);
  expect(run.exitCode).toBe(0);
  return { dir, original, stderr: run.stderr };
}

describe('neo4j-admin import files', () => {
  it('writes the headers neo4j-admin reads, typed by the ontology', async () => {
    const { dir, stderr } = await exported('seed', 'seed');
    expect(stderr).toMatch(new RegExp(`^kg: wrote ${seedEntityIds().length} entities, ${seedRelationshipIds().length} relationships, ${SEED_DOCUMENTS.length} sources, \\d+ mentions`, 'm'));
    expect(read(dir, NEO4J_CSV_FILES.entities).header).toEqual(expect.arrayContaining(['id:ID(Entity)', ':LABEL', 'kind', 'name', 'aliases:string[]', 'amount:double', 'expectedAmount:double', 'size:double', 'role']));
    expect(read(dir, NEO4J_CSV_FILES.relationships).header).toEqual(expect.arrayContaining([':START_ID(Entity)', ':END_ID(Entity)', ':TYPE', 'evidence:string[]', 'sources:string[]', 'topics:string[]', 'areas:string[]']));
    expect(read(dir, NEO4J_CSV_FILES.sources).header.slice(0, 2)).toEqual(['id:ID(Source)', ':LABEL']);
    expect(read(dir, NEO4J_CSV_FILES.mentions).header).toEqual([':START_ID(Source)', ':END_ID(Entity)', ':TYPE', 'offsets:long[]']);
    const russia = read(dir, NEO4J_CSV_FILES.entities).rows.find((r) => r['id:ID(Entity)'] === 'russia')!;
    expect(list(russia[':LABEL'])).toEqual(['Entity', 'Country']);
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain(neo4jImportCommand());
    expect(neo4jImportCommand()).toBe(
      'neo4j-admin database import full neo4j --overwrite-destination=true --multiline-fields=true --array-delimiter=U+001F ' +
        '--nodes=sources.csv --nodes=entities.csv --relationships=relationships.csv --relationships=mentions.csv',
    );
    expect(fs.readdirSync(dir).sort()).toEqual(['README.md', ...Object.values(NEO4J_CSV_FILES)].sort());
  });

  it('prints the command that loads the folder, still answers to its first name (neo4j-csv), and needs a folder', async () => {
    const { dir, stderr } = await exported('seed', 'seed-names');
    expect(stderr.split('\n').slice(-2)).toEqual(['kg: load it into a stopped Neo4j from that folder with (README.md there says more):', neo4jImportCommand()]);
    const data = path.join(path.dirname(dir), 'data');
    const alias = path.join(path.dirname(dir), 'by-old-name');
    expect(await kg(data, 'export', '--format', 'neo4j-csv', '--out', alias)).toMatchObject({ exitCode: 0 });
    for (const f of Object.values(NEO4J_CSV_FILES)) expect(fs.readFileSync(path.join(alias, f), 'utf8')).toBe(fs.readFileSync(path.join(dir, f), 'utf8'));
    expect(await kg(data, 'export', '--format', 'neo4j-admin')).toMatchObject({ exitCode: 1, stderr: 'kg: BAD_USER_INPUT: neo4j-admin writes several files: name a folder (kg export --format neo4j-admin <folder>)' });
    expect(await kg(data, 'export', '--format', 'neo4j-admin', alias, '--out', dir)).toMatchObject({ exitCode: 1, stderr: `kg: BAD_USER_INPUT: two targets named: ${alias} and --out ${dir}; name one` });
  });

  it('parses back into the seed graph: every entity, relationship with its evidence, source and mention', async () => {
    const { dir, original } = await exported('seed', 'seed-back');
    const back = graphFromFiles(dir);
    expect(back.relationships.every((r) => r.evidence.length > 0)).toBe(true);
    expect(back).toEqual(original);
  });

  it('keeps quotes, commas, semicolons, pipes and line breaks inside values and list elements', async () => {
    const { dir, original } = await exported(hostileDump, 'hostile');
    expect(original.entities).toHaveLength(hostileDump.entities.length);
    expect(graphFromFiles(dir)).toEqual(original);
    const acme = read(dir, NEO4J_CSV_FILES.entities).rows.find((r) => r['id:ID(Entity)'] === 'acme')!;
    // The Neo4j store's search fields, so search works on the imported database.
    expect(acme.searchText).toBe(searchTextOf(original.entities.find((e) => e.id === 'acme')!));
    expect(acme.aliasText).toBe(' a;b c,d e"f line\nbreak |pipe|  lead');
  });

  it('refuses a value holding the list delimiter itself, naming it, and leaves no files behind', async () => {
    const bad: GraphDump = { ...hostileDump, entities: hostileDump.entities.map((e) => (e.id === 'bob' ? { ...e, aliases: [`x${ARRAY_DELIMITER}y`] } : e)) };
    const work = tempDataDir('kg-neo4j-csv-bad-');
    const store = await openEmbeddedStore({ dataDir: path.join(work, 'data') });
    await store.importGraph(bad);
    await store.close();
    const dir = path.join(work, 'csv');
    const run = await kg(path.join(work, 'data'), 'export', '--format', 'neo4j-admin', dir);
    expect(run).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('BAD_USER_INPUT: entity bob aliases holds the character U+001F') });
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
