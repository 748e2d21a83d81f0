/**
 * All-or-nothing under a crash: `kg ingest` of a generated document runs in a child process that is killed
 * with SIGKILL while it writes; reopening the data folder shows the graph exactly as before that document (or,
 * when the kill lands after the commit, with the whole document), never a part of it. The first kill waits for
 * the child to say its transaction holds written entities (pause-mid-write.ts); the second for the folder to change.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Ingestion } from '../../src/knowledge/ingest';
import { loadSeed } from '../../src/knowledge/load';
import { spawnKg, type KgChild } from '../support/cli';
import { openEmbeddedStore, SEED_DIR, tempDataDir } from '../support/engines';
import { largeDocument } from '../../scripts/large-document';
import { graphSnapshot } from './snapshot';

/** What the child prints once its transaction holds written entities (pause-mid-write.ts). */
const PAUSED_MID_WRITE = 'kg-test: entities written, transaction open';

const open = (dataDir: string) => openEmbeddedStore({ dataDir, bufferPoolMb: 256 });

/** A seeded data folder, its snapshot, and a generated document (and its file) next to it. */
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
  const document = largeDocument(size);
  fs.writeFileSync(file, JSON.stringify(document));
  return { dataDir, before, file, document };
}

/**
 * Starts `kg ingest file` on the data folder, in its own node process (no wrapper that could outlive a kill), from
 * the sources: the pause hook patches the source store class.
 */
function ingestInChild(dataDir: string, file: string, pauseMidWrite = false): KgChild {
  return spawnKg(
    ['ingest', file],
    { KG_DATA_DIR: dataDir, KG_BUFFER_POOL_MB: '256', KG_TEST_PAUSE_MID_WRITE: pauseMidWrite ? PAUSED_MID_WRITE : '' },
    { fromSources: true, nodeArgs: ['--require', path.join(__dirname, 'pause-mid-write.ts')] },
  );
}

const until = async (condition: () => boolean, what: string, exited: Promise<unknown>, stderr: () => string = () => '') => {
  let done = false;
  void exited.then(() => (done = true));
  while (!condition()) {
    if (done) throw new Error(`the ingest finished before ${what}: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

test('SIGKILL in the middle of a document leaves the graph exactly as it was before it', async () => {
  const { dataDir, before, file } = await prepare(500);
  const { child, stdout, stderr, exited } = ingestInChild(dataDir, file, true);
  await until(() => stdout().includes(PAUSED_MID_WRITE), 'it wrote entities inside its transaction', exited, stderr);
  child.kill('SIGKILL');
  const { signal } = await exited;
  expect(signal).toBe('SIGKILL');
  expect(stderr()).not.toMatch(/: done/);

  const store = await open(dataDir);
  try {
    expect(await graphSnapshot(store)).toEqual(before);
    // The folder is healthy: the next document goes in.
    const small = largeDocument(3, 'small-after-crash');
    const report = await new Ingestion(store).ingest('small.json', small);
    expect(report.summary.entitiesCreated).toBe(small.entities.length);
  } finally {
    await store.close();
  }
}, 120_000);

// Without throwOnWalReplayFailure = false this one fails: LadybugDB 0.19.1 refuses to open a folder whose log
// was torn by the kill ("Checksum verification failed, the WAL file is corrupted").
test('SIGKILL while the commit reaches the disk: the folder reopens, with the graph before or after the document, never between', async () => {
  const { dataDir, before, file, document } = await prepare(1500);
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
    const committed = stats.sources === before.sources.length + 1;
    if (!committed) {
      expect(after).toEqual(before);
    } else {
      expect(after.entities.length).toBe(before.entities.length + document.entities.length);
      expect(after.relationships.length).toBe(before.relationships.length + document.relationships.length);
    }
    expect(killedAtCommit || committed).toBe(true);
  } finally {
    await store.close();
  }
}, 120_000);
