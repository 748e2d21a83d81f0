// Moving a graph: the seeded embedded graph, exported with `kg export --format json` and imported with
// `kg import` into a fresh data folder, is the same graph: same stats, same records, same answers.
import fs from 'node:fs';
import path from 'node:path';
import type { GraphStore, Path } from '../../src/graph/port';
import { openEmbeddedStore, tempDataDir } from '../support/engines';
import { runKg, type KgRun } from './kg-cli';
import { SEED_DOCUMENTS, seedEntityIds, seedRelationshipIds } from '../support/seed';

const ENTITIES = seedEntityIds().length;
const RELATIONSHIPS = seedRelationshipIds().length;
const SOURCES = SEED_DOCUMENTS.length;


describe('embedded → JSON → a fresh embedded folder', () => {
  const work = tempDataDir('kg-transfer-');
  const original = path.join(work, 'original');
  const rebuilt = path.join(work, 'rebuilt');
  const file = path.join(work, 'graph.json');
  const kg = (dataDir: string, ...args: string[]) => runKg(args, { KG_DATA_DIR: dataDir, NEO4J_URI: undefined, KG_LOG_LEVEL: 'silent' });
  let exported: KgRun;
  let firstImport: KgRun;
  let secondImport: KgRun;
  let a: GraphStore;
  let b: GraphStore;

  beforeAll(async () => {
    await (await openEmbeddedStore({ dataDir: original, seeded: true })).close();
    exported = await kg(original, 'export', '--format', 'json', '--out', file);
    firstImport = await kg(rebuilt, 'import', file);
    secondImport = await kg(rebuilt, 'import', file);
    a = await openEmbeddedStore({ dataDir: original });
    b = await openEmbeddedStore({ dataDir: rebuilt });
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('exports and imports through the kg command', async () => {
    expect(exported).toMatchObject({ exitCode: 0, stderr: expect.stringMatching(new RegExp(`^kg: wrote ${ENTITIES} entities, ${RELATIONSHIPS} relationships, ${SOURCES} sources, \\d+ mentions from the embedded graph to `, 'm')) });
    expect(firstImport).toEqual({
      exitCode: 0,
      stdout: `embedded: entities: ${ENTITIES} created, 0 updated, 0 unchanged; relationships: ${RELATIONSHIPS} created, 0 updated, 0 unchanged; sources: ${SOURCES}; mentions written: ${(await a.stats()).mentions}`,
      stderr: '',
    });
  });

  it('says which file it cannot write, and leaves no partial file behind', async () => {
    const target = path.join(work, 'no-such-folder', 'graph.json');
    const run = await kg(original, 'export', '--out', target);
    expect(run).toMatchObject({ exitCode: 1, stderr: `kg: BAD_USER_INPUT: cannot write ${target}: ENOENT: no such file or directory, open '${target}'` });
    expect(fs.readdirSync(work).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('changes nothing when the same file is imported again', () => {
    expect(secondImport).toEqual({
      exitCode: 0,
      stdout: `embedded: entities: 0 created, 0 updated, ${ENTITIES} unchanged; relationships: 0 created, 0 updated, ${RELATIONSHIPS} unchanged; sources: ${SOURCES}; mentions written: 0`,
      stderr: '',
    });
  });

  it('gives identical stats', async () => {
    const stats = await a.stats();
    expect(stats.entities).toBe(ENTITIES);
    expect(await b.stats()).toEqual(stats);
  });

  it('holds the same sources, entities, relationships with their evidence, and mentions', async () => {
    const dump = await a.exportGraph();
    expect(dump.relationships.every((r) => r.evidence.length > 0)).toBe(true);
    expect(await b.exportGraph()).toEqual(dump);
  });

  it('writes the same file when the rebuilt graph is exported again', async () => {
    const again = path.join(work, 'again.json');
    expect((await kg(rebuilt, 'export', '--out', again)).exitCode).toBe(0);
    expect(fs.readFileSync(again, 'utf8')).toBe(fs.readFileSync(file, 'utf8'));
  });

  it('answers relationship, neighbour and mention questions alike for every entity', async () => {
    const ids = (await a.exportGraph()).entities.map((e) => e.id);
    for (const id of ids) {
      const ask = (s: GraphStore) =>
        Promise.all([
          s.relationshipsOf(id, { direction: 'BOTH', first: 100 }),
          s.neighbors(id, { direction: 'BOTH', first: 100 }),
          s.sourcesMentioning(id),
        ]);
      expect({ id, answers: await ask(b) }).toEqual({ id, answers: await ask(a) });
    }
  });

  it.each([
    ['vladimir-putin', 'rasht-astara-railway'],
    ['jalali', 'bushehr-nuclear-power-plant'],
    ['china', 'us-tariffs'],
  ])('finds the same shortest paths from %s to %s', async (from, to) => {
    // Among equally short paths the engine may return them in any order, so paths are compared as a set.
    const key = (p: Path) => p.entities.map((e, i) => `${e.id}${p.relationships[i] ? ` -${p.relationships[i]!.type}- ` : ''}`).join('');
    const all = async (s: GraphStore) => (await s.allShortestPaths(from, to, { maxHops: 6, first: 50 })).map(key).sort();
    const paths = await all(a);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.length).toBeLessThan(50);
    expect(await all(b)).toEqual(paths);
    const one = await b.shortestPath(from, to, { maxHops: 6 });
    expect(paths).toContain(key(one!));
    expect(one).toEqual((await a.allShortestPaths(from, to, { maxHops: 6, first: 50 })).find((p) => key(p) === key(one!)));
  });

  it('finds the same connections within three hops', async () => {
    // The path shown for each connection is one of possibly several equally short ones; entity and distance are fixed.
    const reached = async (s: GraphStore) =>
      (await s.connectionsWithin('jalali', { maxHops: 3, first: 100 })).map((c) => ({ entity: c.entity, distance: c.distance, hops: c.path.relationships.length }));
    const connections = await reached(a);
    expect(connections.length).toBeGreaterThan(5);
    expect(await reached(b)).toEqual(connections);
  });

  it.each(['Putin', 'rasht astara', 'nuclear', 'North-South corridor', 'russia', 'energy minister', 'oil'])('finds the same search hits for %p', async (text) => {
    const hits = await a.search(text, { first: 20 });
    expect(hits.length).toBeGreaterThan(0);
    expect(await b.search(text, { first: 20 })).toEqual(hits);
  });
});
