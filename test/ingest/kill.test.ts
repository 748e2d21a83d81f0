/**
 * All-or-nothing under a crash: `kg ingest` of a large generated document runs in a child process that is
 * killed with SIGKILL while it writes; reopening the data folder shows the graph exactly as before that
 * document (or, when the kill lands after the commit, with the whole document), never a part of it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { LadybugGraphStore } from '../../src/graph/embedded/ladybug-store';
import { Ingestion } from '../../src/knowledge/ingest';
import { loadSeed } from '../../src/knowledge/load';
import { PROJECT_ROOT, SEED_DIR, tempDataDir } from '../support/engines';
import { largeDocument } from '../../scripts/large-document';
import { graphSnapshot } from './snapshot';

const open = async (dataDir: string) => {
  const store = new LadybugGraphStore({ dataDir, bufferPoolMb: 256 });
  await store.init();
  return store;
};

/** A seeded data folder, its snapshot, and a large document file next to it. */
async function prepare(size: number) {
  const seededDir = tempDataDir('kg-kill-seed-');
  const store = await open(seededDir);
  await loadSeed(store, SEED_DIR);
  const before = await graphSnapshot(store);
  await store.close();
  // LadybugDB's native handle keeps its file lock until garbage collection: the child gets a copy of the folder.
  const dataDir = tempDataDir('kg-kill-');
  fs.cpSync(seededDir, dataDir, { recursive: true });
  const file = path.join(tempDataDir('kg-kill-doc-'), 'large.json');
  fs.writeFileSync(file, JSON.stringify(largeDocument(size)));
  return { dataDir, before, file };
}

/** Starts `kg ingest file` on the data folder, in its own node process (no wrapper that could outlive a kill). */
function ingestInChild(dataDir: string, file: string): { child: ChildProcess; stderr: () => string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(PROJECT_ROOT, 'src/cli/main.ts'), 'ingest', file], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, KG_DATA_DIR: dataDir, KG_LOG_LEVEL: 'silent', KG_BUFFER_POOL_MB: '256' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, stderr: () => err, exited };
}

const until = async (condition: () => boolean, what: string, exited: Promise<unknown>, stderr: () => string = () => '') => {
  let done = false;
  void exited.then(() => (done = true));
  while (!condition()) {
    if (done) throw new Error(`the ingest finished before ${what}: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

test('SIGKILL in the middle of a large document leaves the graph exactly as it was before it', async () => {
  const { dataDir, before, file } = await prepare(4000);
  const { child, stderr, exited } = ingestInChild(dataDir, file);
  await until(() => /writing 8000 entities/.test(stderr()), 'it began to write', exited, stderr);
  // The transaction is open and busy: upserting 8000 entities alone takes seconds.
  await new Promise((r) => setTimeout(r, 300));
  child.kill('SIGKILL');
  const { signal } = await exited;
  expect(signal).toBe('SIGKILL');
  expect(stderr()).not.toMatch(/: done/);

  const store = await open(dataDir);
  try {
    expect(await graphSnapshot(store)).toEqual(before);
    // The folder is healthy: the next document goes in.
    const report = await new Ingestion(store).ingest('small.json', largeDocument(3, 'small-after-crash'));
    expect(report.summary.entitiesCreated).toBe(6);
  } finally {
    await store.close();
  }
}, 120_000);

// Without throwOnWalReplayFailure = false this one fails: LadybugDB 0.19.1 refuses to open a folder whose log
// was torn by the kill ("Checksum verification failed, the WAL file is corrupted").
test('SIGKILL while the commit reaches the disk: the folder reopens, with the graph before or after the document, never between', async () => {
  const { dataDir, before, file } = await prepare(1500);
  const { child, stderr, exited } = ingestInChild(dataDir, file);
  await until(() => /writing/.test(stderr()), 'it began to write', exited, stderr);
  // LadybugDB keeps a transaction in memory and writes its log at commit: kill as soon as the folder changes.
  const listing = () => fs.readdirSync(dataDir).map((f) => `${f}:${fs.statSync(path.join(dataDir, f), { throwIfNoEntry: false })?.size}`).join(' ');
  const atStart = listing();
  let killedAtCommit = true;
  await until(() => listing() !== atStart, 'the folder changed', exited).catch(() => (killedAtCommit = false));
  child.kill('SIGKILL');
  await exited;

  const store = await open(dataDir);
  try {
    const after = await graphSnapshot(store);
    const stats = await store.stats();
    if (stats.sources === 2) {
      expect(after).toEqual(before);
    } else {
      expect(stats.sources).toBe(3);
      expect(after.entities.length).toBe(before.entities.length + 3000);
      expect(after.relationships.length).toBe(before.relationships.length + 2999);
    }
    expect(killedAtCommit || stats.sources === 3).toBe(true);
  } finally {
    await store.close();
  }
}, 120_000);
