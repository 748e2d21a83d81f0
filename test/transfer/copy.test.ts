// Copying a graph between engines in batched write transactions (`kg copy`). Engine to engine is checked here
// embedded → embedded; test/transfer/neo4j-transfer.test.ts copies into a real Neo4j when NEO4J_URI is set.
import path from 'node:path';
import type { GraphStore } from '../../src/graph/port';
import { loadSeed } from '../../src/knowledge/load';
import { copyGraph, type CopyProgress } from '../../src/transfer/copy';
import { openEmbeddedStore, SEED_DIR, tempDataDir } from '../support/engines';
import { runKg } from './kg-cli';
import { SEED_DOCUMENTS, seedEntityIds, seedRelationshipIds } from '../support/seed';

const ENTITIES = seedEntityIds().length;
const RELATIONSHIPS = seedRelationshipIds().length;
const SOURCES = SEED_DOCUMENTS.length;

const embedded = (dataDir: string) => openEmbeddedStore({ dataDir });

describe('copyGraph', () => {
  let from: GraphStore;
  let to: GraphStore;
  const work = tempDataDir('kg-copy-');

  beforeAll(async () => {
    from = await embedded(path.join(work, 'from'));
    await loadSeed(from, SEED_DIR);
    to = await embedded(path.join(work, 'to'));
  });
  afterAll(async () => {
    await from?.close();
    await to?.close();
  });

  it('copies every record in batches, reporting progress, and the copy holds the same graph', async () => {
    const progress: CopyProgress[] = [];
    const summary = await copyGraph(from, to, { batchSize: 7, onProgress: (p) => progress.push(p) });
    expect(summary).toEqual({
      sources: SOURCES,
      mentions: (await from.stats()).mentions,
      entitiesCreated: ENTITIES,
      entitiesUpdated: 0,
      entitiesUnchanged: 0,
      relationshipsCreated: RELATIONSHIPS,
      relationshipsUpdated: 0,
      relationshipsUnchanged: 0,
    });
    expect(await to.exportGraph()).toEqual(await from.exportGraph());
    expect(await to.stats()).toEqual(await from.stats());
    const entities = progress.filter((p) => p.stage === 'entities').map((p) => p.done);
    expect(entities).toEqual([...Array.from({ length: Math.ceil(ENTITIES / 7) }, (_, i) => i * 7), ENTITIES]);
    expect(progress.map((p) => p.stage).filter((s, i, all) => all[i - 1] !== s)).toEqual(['sources', 'entities', 'relationships', 'mentions', 'claims']);
  });

  it('changes nothing when run again', async () => {
    const summary = await copyGraph(from, to, { batchSize: 1000 });
    expect(summary).toMatchObject({ entitiesCreated: 0, entitiesUpdated: 0, entitiesUnchanged: ENTITIES, relationshipsCreated: 0, relationshipsUnchanged: RELATIONSHIPS, mentions: 0 });
    expect(await to.exportGraph()).toEqual(await from.exportGraph());
  });
});

describe('kg copy', () => {
  const work = tempDataDir('kg-copy-cli-');
  const seeded = path.join(work, 'seeded');
  const kg = (env: Record<string, string | undefined>, ...args: string[]) => runKg(args, { KG_LOG_LEVEL: 'silent', ...env });

  beforeAll(async () => {
    const store = await embedded(seeded);
    await loadSeed(store, SEED_DIR);
    await store.close();
  });

  it('needs NEO4J_URI to know where to copy to', async () => {
    const run = await kg({ KG_DATA_DIR: seeded, NEO4J_URI: undefined }, 'copy', '--to', 'neo4j');
    expect(run).toMatchObject({ exitCode: 1, stdout: '' });
    expect(run.stderr).toBe('kg: BAD_USER_INPUT: kg copy --to neo4j needs NEO4J_URI (and NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE) to name the Neo4j database');
  });

  it('refuses to copy from a data folder that holds no graph', async () => {
    const empty = path.join(work, 'nothing-here');
    const run = await kg({ KG_DATA_DIR: empty, NEO4J_URI: 'bolt://127.0.0.1:1' }, 'copy', '--to', 'neo4j');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(`kg: BAD_USER_INPUT: no embedded graph at ${empty} (KG_DATA_DIR): run \`kg seed\` or \`kg import\` first`);
  });

  it('says when the Neo4j to copy into is not running', async () => {
    const run = await kg({ KG_DATA_DIR: seeded, NEO4J_URI: 'bolt://127.0.0.1:1', NEO4J_PASSWORD: 'irrelevant' }, 'copy', '--to', 'neo4j');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^kg: ENGINE_UNAVAILABLE: cannot reach Neo4j at bolt:\/\/127\.0\.0\.1:1: is it running\?/);
  });

  it('checks its options', async () => {
    const batch = await kg({ KG_DATA_DIR: seeded, NEO4J_URI: 'bolt://127.0.0.1:1' }, 'copy', '--to', 'neo4j', '--batch-size', '0');
    expect(batch.stderr).toBe('kg: BAD_USER_INPUT: --batch-size must be a positive integer, not "0"');
  });
});
