/**
 * The engines a contract suite runs against: the embedded engine always, Neo4j when NEO4J_URI is set.
 * When it is not set, the skip is announced loudly instead of passing silently.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { LadybugGraphStore, type LadybugOptions } from '../../src/graph/embedded/store';
import { Neo4jGraphStore } from '../../src/graph/neo4j/store';
import type { EngineName, GraphStore } from '../../src/graph/port';
import { loadSeed } from '../../src/knowledge/load';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const SEED_DIR = path.join(PROJECT_ROOT, 'seed');
/** Further articles (the railway agreement) that the README's walkthrough adds to the seed. */
export const EXAMPLES_DIR = path.join(PROJECT_ROOT, 'examples');

export interface EngineUnderTest {
  name: EngineName | string;
  /** A fresh, empty store (a new folder for the embedded engine, a wiped database for Neo4j). */
  open(): Promise<GraphStore>;
}

/** A new empty folder under the OS temp dir, removed at process exit. */
export function tempDataDir(prefix = 'kg-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * The one way tests make an embedded store: opened (schema applied) on `dataDir` (a new temporary folder unless
 * given), 128 MiB of buffer pool unless told otherwise, with the seed graph loaded when `seeded`.
 */
export async function openEmbeddedStore(options: Partial<LadybugOptions> & { seeded?: boolean } = {}): Promise<LadybugGraphStore> {
  const { seeded, ...rest } = options;
  const store = new LadybugGraphStore({ dataDir: tempDataDir(), bufferPoolMb: 128, ...rest });
  await store.init();
  if (seeded) await loadSeed(store, SEED_DIR);
  return store;
}

const embedded: EngineUnderTest = {
  name: 'embedded',
  // 256 MiB: at 128 two concurrent shortest-path queries can exhaust the pool ("Unable to allocate memory").
  open: () => openEmbeddedStore({ bufferPoolMb: 256 }),
};

const neo4jEngine: EngineUnderTest = {
  name: 'neo4j',
  async open() {
    const config = loadConfig();
    const store = new Neo4jGraphStore(config.neo4j!);
    await store.init();
    await store.runCypher('MATCH (n) DETACH DELETE n', { readOnly: false, timeoutMs: 60000, maxRows: 1 });
    return store;
  },
};

let announced = false;

/** Engines reachable in this run. */
export function enginesUnderTest(): EngineUnderTest[] {
  if (process.env.NEO4J_URI) return [embedded, neo4jEngine];
  if (!announced) {
    announced = true;
    process.stderr.write(
      '\n*** NEO4J_URI is not set: the Neo4j half of the engine contract suite is SKIPPED. ***\n' +
        '*** Run `docker compose up neo4j` then `NEO4J_URI=bolt://localhost:7687 npm test -- --runInBand` (password from .env). ***\n\n',
    );
  }
  return [embedded];
}

/** Opens a fresh store of `engine` with the seed graph loaded, and the example articles after it with `examples`. */
export async function openSeeded(engine: EngineUnderTest, options: { examples?: boolean } = {}): Promise<GraphStore> {
  const store = await engine.open();
  await loadSeed(store, SEED_DIR);
  if (options.examples) await loadSeed(store, EXAMPLES_DIR);
  return store;
}
