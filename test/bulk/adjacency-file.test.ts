/**
 * The adjacency index saved beside the database: a reopened folder loads it instead of rebuilding, and any change
 * to the database since (a write by another session) or any damage to the file means a rebuild, never a wrong answer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bulkLoadEmbedded } from '../../src/graph/embedded/bulk';
import { generateGraph } from '../../src/bulk/synthetic-graph';
import { CypherGraphStore } from '../../src/graph/cypher-store';
import { ADJACENCY_FILE } from '../../src/graph/embedded/adjacency-file';
import { LadybugGraphStore } from '../../src/graph/embedded/store';
import { openEmbeddedStore, tempDataDir } from '../support/engines';

const shared = CypherGraphStore.prototype;
let dataDir: string;
const indexFile = () => path.join(dataDir, ADJACENCY_FILE);

/** Opens the folder, warms it up and reports how many engine round trips the warm-up took (a rebuild takes dozens). */
async function open(): Promise<{ store: LadybugGraphStore; warmUpTrips: number }> {
  const store = await openEmbeddedStore({ dataDir });
  const before = store.roundTrips;
  await store.warmUp();
  return { store, warmUpTrips: store.roundTrips - before };
}

/** The store's pages, paths and neighbours agree with the shared Cypher versions on a hub and a leaf. */
async function expectRightAnswers(store: LadybugGraphStore) {
  for (const id of ['sector-0', 'country-1', 'person-7', 'late-comer']) {
    const options = { direction: 'BOTH' as const, first: 15 };
    expect(await store.relationshipsOf(id, options)).toEqual(await shared.relationshipsOf.call(store, id, options));
    expect(await store.neighbors(id, options)).toEqual(await shared.neighbors.call(store, id, options));
  }
  expect((await store.shortestPath('person-7', 'sector-0', { maxHops: 4 }))?.relationships.length).toBe(
    (await shared.shortestPath.call(store, 'person-7', 'sector-0', { maxHops: 4 }))?.relationships.length,
  );
}

beforeAll(async () => {
  const files = tempDataDir('kg-bulk-files-');
  generateGraph({ entities: 1500, relationships: 6000, seed: 31, outDir: files });
  dataDir = tempDataDir();
  const store = await openEmbeddedStore({ dataDir });
  await bulkLoadEmbedded(store, files);
  await store.close();
});

test('a loaded folder saves its index on close and the next start loads it instead of rebuilding', async () => {
  expect(fs.existsSync(indexFile())).toBe(true);
  const { store, warmUpTrips } = await open();
  try {
    expect(warmUpTrips).toBe(0);
    await expectRightAnswers(store);
  } finally {
    await store.close();
  }
});

test('a write by a session that never built the index makes the next start rebuild it, and see the write', async () => {
  const writer = await openEmbeddedStore({ dataDir });
  const text = 'Late Comer joined the sector.';
  await writer.writeDocument({
    source: { id: 'late', title: 'Late', url: null, publisher: null, published: null, text },
    entities: [{ id: 'late-comer', kind: 'Organization', name: 'Late Comer', aliases: [], description: null, properties: {} }],
    relationships: [{ id: 'late-comer|IN_SECTOR|sector-0', type: 'IN_SECTOR', from: 'late-comer', to: 'sector-0', properties: {}, evidence: [{ quote: text, sourceId: 'late' }] }],
    mentions: {},
  });
  await writer.close();
  const { store, warmUpTrips } = await open();
  try {
    expect(warmUpTrips).toBeGreaterThan(10);
    expect((await store.neighbors('late-comer', { direction: 'OUT', first: 5 })).map((e) => e.id)).toEqual(['sector-0']);
    await expectRightAnswers(store);
  } finally {
    await store.close();
  }
  // That start saved the rebuilt index: the one after loads it.
  const again = await open();
  expect(again.warmUpTrips).toBe(0);
  await expectRightAnswers(again.store);
  await again.store.close();
});

test.each([
  ['a flipped byte', (data: Buffer) => Buffer.concat([data.subarray(0, data.length - 9), Buffer.from([data[data.length - 9]! ^ 0xff]), data.subarray(data.length - 8)])],
  ['a torn end', (data: Buffer) => data.subarray(0, Math.floor(data.length * 0.7))],
  ['another format', (data: Buffer) => Buffer.from(data.toString('latin1').replace('"version":2', '"version":9'), 'latin1')],
  ['no content', () => Buffer.alloc(0)],
])('an index file with %s is rebuilt, never trusted', async (_name, damage) => {
  fs.writeFileSync(indexFile(), damage(fs.readFileSync(indexFile())));
  const { store, warmUpTrips } = await open();
  try {
    expect(warmUpTrips).toBeGreaterThan(10);
    await expectRightAnswers(store);
  } finally {
    await store.close();
  }
});
