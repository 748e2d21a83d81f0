/**
 * Bulk loading a generated folder: the embedded engine's COPY path gives the counts the manifest promises and
 * refuses a graph that is not empty; the Neo4j path's Cypher passes Neo4j's own linter and its rows are typed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { lintCypherQuery } from '@neo4j-cypher/language-support';
import { MANIFEST_FILE, readManifest, type BulkManifest } from '../../src/graph/bulk-files';
import { bulkLoadEmbedded } from '../../src/graph/embedded/bulk';
import { bulkBatches, neo4jBulkStatements, type BulkRow } from '../../src/graph/neo4j/bulk';
import { generateGraph } from '../../src/bulk/synthetic-graph';
import { LadybugGraphStore } from '../../src/graph/embedded/store';
import { kindNames, relationshipTypeNames } from '../../src/ontology/ontology';
import { runKg } from '../support/cli';
import { openEmbeddedStore, tempDataDir } from '../support/engines';

let files: string;
let manifest: BulkManifest;
let store: LadybugGraphStore;

beforeAll(async () => {
  files = tempDataDir('kg-bulk-files-');
  manifest = generateGraph({ entities: 1200, relationships: 5000, seed: 9, outDir: files });
  store = await openEmbeddedStore();
});

afterAll(async () => {
  await store?.close();
});

test('the embedded bulk load gives the entities, relationships and sources the manifest lists, by kind and by type', async () => {
  const progress: number[] = [];
  const report = await bulkLoadEmbedded(store, files, (done) => progress.push(done));
  const stats = await store.stats();
  expect(stats).toMatchObject({ entities: 1200, relationships: 5000, sources: manifest.sources });
  expect(stats.entitiesByKind).toEqual(Object.fromEntries(manifest.files.entities.map((f) => [f.kind, f.rows]).sort(([a], [b]) => String(a).localeCompare(String(b)))));
  expect(stats.relationshipsByType).toEqual(
    Object.fromEntries(manifest.files.relationships.filter((f) => f.rows > 0).map((f) => [f.type, f.rows]).sort(([a], [b]) => String(a).localeCompare(String(b)))),
  );
  expect(report).toMatchObject({ entities: 1200, relationships: 5000 });
  expect(progress[progress.length - 1]).toBe(manifest.sources + 1200 + 5000);
  expect([...progress].sort((a, b) => a - b)).toEqual(progress);
});

test('loaded relationships carry their quote and source; loaded entities are found by search', async () => {
  const page = await store.relationshipsOf('country-0', { direction: 'BOTH', first: 3 });
  for (const edge of page.items) {
    expect(edge.relationship.evidence).toHaveLength(1);
    expect(edge.relationship.evidence[0]!.sourceId).toMatch(/^synthetic-source-\d+$/);
    expect(edge.relationship.evidence[0]!.quote).toContain(edge.other.name);
  }
  const [source] = await store.getSources([page.items[0]!.relationship.evidence[0]!.sourceId]);
  expect(source?.text).toContain('synthetic');
  const [person] = await store.getEntities(['person-7']);
  const hits = await store.search(person!.name, { first: 100 });
  expect(hits.map((h) => h.entity.id)).toContain('person-7');
});

test('a graph that is not empty is refused and left as it was', async () => {
  const before = await store.stats();
  await expect(bulkLoadEmbedded(store, files)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('empty graph') });
  expect(await store.stats()).toEqual(before);
});

test('a folder without a manifest, or with a manifest naming a missing file, is refused with the file named', () => {
  expect(() => readManifest(tempDataDir())).toThrow(/manifest\.json/);
  const broken = tempDataDir('kg-bulk-files-');
  for (const f of fs.readdirSync(files)) fs.copyFileSync(path.join(files, f), path.join(broken, f));
  fs.rmSync(path.join(broken, 'relationships-MET_WITH.csv'));
  expect(() => readManifest(broken)).toThrow(/relationships-MET_WITH\.csv/);
  const edited = JSON.parse(fs.readFileSync(path.join(files, MANIFEST_FILE), 'utf8'));
  edited.files.relationships[0].type = 'LIKES';
  fs.writeFileSync(path.join(broken, MANIFEST_FILE), JSON.stringify(edited));
  expect(() => readManifest(broken)).toThrow(/files\.relationships\.0\.type/);
});

test('a file the engine refuses stops the load with that file named and how to start over', async () => {
  const broken = tempDataDir('kg-bulk-files-');
  for (const f of fs.readdirSync(files)) fs.copyFileSync(path.join(files, f), path.join(broken, f));
  fs.appendFileSync(path.join(broken, 'relationships-MET_WITH.csv'), 'person-1,nobody-at-all,[A quote.],[synthetic-source-0],\n');
  const fresh = await openEmbeddedStore({ bufferPoolMb: 64 });
  try {
    await expect(bulkLoadEmbedded(fresh, broken)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { path: 'relationships-MET_WITH.csv' },
      message: expect.stringMatching(/stopped at relationships-MET_WITH\.csv: .*empty KG_DATA_DIR/),
    });
  } finally {
    await fresh.close();
  }
});

test('`kg bulk-load` loads through the port into the configured engine, and refuses a graph that is not empty', async () => {
  const dataDir = tempDataDir('kg-bulk-cli-');
  const env = { KG_DATA_DIR: dataDir, KG_BUFFER_POOL_MB: '128', KG_LOG_LEVEL: 'silent', NEO4J_URI: undefined, KG_ENGINE: undefined };
  const first = await runKg(['bulk-load', files], env);
  expect(first).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/loaded 1200 entities, 5000 relationships and \d+ sources into the embedded engine/) });
  const again = await runKg(['bulk-load', files], env);
  expect(again.exitCode).not.toBe(0);
  expect(again.stderr).toMatch(/bulk load needs an empty graph, and this one holds 1200 entities/);
  const opened = await openEmbeddedStore({ dataDir });
  try {
    expect(await opened.stats()).toMatchObject({ entities: 1200, relationships: 5000, sources: manifest.sources });
  } finally {
    await opened.close();
  }
});

test("the Neo4j bulk statements pass Neo4j's linter, and differ between kinds and types only by the name", () => {
  const linted = [neo4jBulkStatements.sources, neo4jBulkStatements.entities('Person'), neo4jBulkStatements.relationships('MET_WITH')];
  for (const statement of linted) {
    // $rows is supplied at run time; every other diagnostic (error or warning) fails the test.
    const diagnostics = lintCypherQuery(statement, {}).diagnostics.filter((d) => !/Parameter \$rows is not defined/.test(String(d.message)));
    expect({ statement, diagnostics }).toEqual({ statement, diagnostics: [] });
  }
  // Linting is slow (a quarter second a statement here), so the other names are checked against the linted text.
  for (const kind of kindNames) expect(neo4jBulkStatements.entities(kind)).toBe(linted[1]!.replace(/:Person\b/, `:${kind}`));
  for (const type of relationshipTypeNames) expect(neo4jBulkStatements.relationships(type)).toBe(linted[2]!.replace(/:MET_WITH\b/, `:${type}`));
});

test('the Neo4j batches hold every row once, typed as the ontology declares', async () => {
  const rows: BulkRow[] = [];
  let largest = 0;
  for (const f of manifest.files.entities) {
    for await (const batch of bulkBatches(files, f, 'entity', 250)) {
      largest = Math.max(largest, batch.length);
      rows.push(...batch);
    }
  }
  expect(rows).toHaveLength(1200);
  expect(largest).toBe(250);
  expect(rows.every((r) => Array.isArray(r.properties.aliases) && typeof r.properties.searchText === 'string' && !String(r.properties.searchText).includes('\u001f'))).toBe(true);
  const amounts = rows.map((r) => r.properties.amount).filter((a) => a !== undefined);
  expect(amounts.length).toBeGreaterThan(0);
  expect(amounts.every((a) => typeof a === 'object' && a !== null && 'low' in a)).toBe(true);

  const met = manifest.files.relationships.find((f) => f.type === 'MET_WITH')!;
  const edges: BulkRow[] = [];
  for await (const batch of bulkBatches(files, met, 'relationship', 1000, 'MET_WITH')) edges.push(...batch);
  expect(edges).toHaveLength(met.rows);
  expect(edges.every((e) => e.from && e.to && Array.isArray(e.properties.evidence) && Array.isArray(e.properties.sources))).toBe(true);
  expect(edges.some((e) => Array.isArray(e.properties.topics))).toBe(true);
  expect(readManifest(files).relationships).toBe(5000);
});
