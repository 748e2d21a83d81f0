/**
 * A damaged data folder is named, never served silently. Each test damages a real folder written by the real
 * engine and runs the real `kg` in a child process over it (a damaged folder may crash the engine natively).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT, EXAMPLES_DIR, SEED_DIR, tempDataDir } from '../support/engines';
import { SEED_DOCUMENTS, WITH_EXAMPLES } from '../support/seed';
import { runKgProcess, spawnKg } from '../support/cli';

const run = promisify(execFile);
const TSX_CJS = require.resolve('tsx/cjs');
const DB = 'graph.lbdb';
const WAL = 'graph.lbdb.wal';

const kg = (args: string[], dataDir: string) => runKgProcess(args, { KG_DATA_DIR: dataDir, KG_SEED_ON_START: 'false' });

const stats = async (dataDir: string) => {
  const out = await kg(['stats', '--format', 'json'], dataDir);
  return { ...out, stats: out.exitCode === 0 ? (JSON.parse(out.stdout) as { entities: number; relationships: number; sources: number }) : undefined };
};

/** Runs `code` (TypeScript, with `store` open on `dataDir`) in a child that exits without closing: the log stays. */
async function inChildLeavingLog(dataDir: string, code: string): Promise<string> {
  const script = `
    const { LadybugGraphStore } = require(${JSON.stringify(path.join(PROJECT_ROOT, 'src/graph/embedded/store.ts'))});
    const { loadFactsFile } = require(${JSON.stringify(path.join(PROJECT_ROOT, 'src/knowledge/load.ts'))});
    const fs = require('node:fs');
    (async () => {
      // Built by hand, not by openEmbeddedStore: this runs in a child process of its own, which exits leaving its log.
      const store = new LadybugGraphStore({ dataDir: ${JSON.stringify(dataDir)}, bufferPoolMb: 128 });
      await store.init();
      const walSize = () => fs.statSync(${JSON.stringify(path.join(dataDir, WAL))}).size;
      ${code}
      process.exit(0);
    })().catch((e) => { console.error(e); process.exit(2); });`;
  const { stdout } = await run(process.execPath, ['--require', TSX_CJS, '-e', script], { cwd: PROJECT_ROOT, env: { ...process.env, KG_LOG_LEVEL: 'silent' } });
  return stdout;
}

// Two documents: the seed's interview, then the example article that merges into it.
const factsFiles = (dir: string) => fs.readdirSync(dir).filter((n) => /\.facts\.ya?ml$/.test(n)).sort().map((n) => path.join(dir, n));
const seedFile = (i: number) => [...factsFiles(SEED_DIR), ...factsFiles(EXAMPLES_DIR)][i]!;

/** Folders every test copies: the seed and the example document only in the log (with the log's size after each), and a checkpointed one. */
let logged: { dir: string; afterFirst: number; afterSecond: number };
let firstOnly: { entities: number; relationships: number; sources: number };
let checkpointed: string;

beforeAll(async () => {
  const dir = tempDataDir('kg-damage-logged-');
  const sizes = await inChildLeavingLog(
    dir,
    `await loadFactsFile(store, ${JSON.stringify(seedFile(0))}); console.log(walSize());
     await loadFactsFile(store, ${JSON.stringify(seedFile(1))}); console.log(walSize());`,
  );
  const [afterFirst, afterSecond] = sizes.trim().split('\n').map(Number) as [number, number];
  logged = { dir, afterFirst, afterSecond };
  // The graph of the first document alone, from a folder that only ever saw it.
  const firstDir = tempDataDir('kg-damage-first-');
  expect((await kg(['ingest', seedFile(0)], firstDir)).exitCode).toBe(0);
  firstOnly = (await stats(firstDir)).stats!;
  expect(firstOnly.sources).toBe(1);
  checkpointed = tempDataDir('kg-damage-clean-');
  expect((await kg(['seed'], checkpointed)).exitCode).toBe(0);
  expect(fs.existsSync(path.join(checkpointed, WAL))).toBe(false);
}, 180_000);

const copyOf = (dir: string) => {
  const copy = tempDataDir('kg-damage-');
  fs.cpSync(dir, copy, { recursive: true });
  return copy;
};
const setAside = (dir: string) => fs.readdirSync(dir).filter((f) => f.startsWith(`${WAL}.damaged-`));

describe('a write-ahead log that cannot be replayed whole', () => {
  test('the undamaged log replays whole, silently', async () => {
    const dir = copyOf(logged.dir);
    const { exitCode: code, stats: s, stderr } = await stats(dir);
    expect(code).toBe(0);
    // The logged folder holds the seed and the example article.
    expect(s!.sources).toBe(WITH_EXAMPLES.length);
    // Only the line naming the folder: no warning.
    expect(stderr).toBe(`kg stats: data folder ${dir}\n`);
    expect(setAside(dir)).toEqual([]);
  }, 120_000);

  test('garbage for a log: kept aside byte for byte, reported as damage with every byte dropped, and again at the next start', async () => {
    const dir = copyOf(logged.dir);
    const garbage = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 151 + 7) % 256));
    fs.writeFileSync(path.join(dir, WAL), garbage);
    const first = await stats(dir);
    expect(first.exitCode).toBe(0);
    expect(first.stderr).toMatch(/kg: ERROR: .*the write-ahead log is damaged .*: 5000 bytes dropped, 0 bytes \(0 transactions\) replayed/);
    const kept = setAside(dir);
    expect(kept).toHaveLength(1);
    expect(first.stderr).toContain(path.join(dir, kept[0]!));
    expect(fs.readFileSync(path.join(dir, kept[0]!))).toEqual(garbage);
    // Every later open says the graph lacks what the set-aside log held.
    const second = await stats(dir);
    expect(second.stderr).toMatch(new RegExp(`warning: .*damaged log set aside at an earlier start \\(${kept[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`));
  }, 120_000);

  test('a truncated log: the torn transaction is dropped with its byte count, the committed one before it stays', async () => {
    const dir = copyOf(logged.dir);
    const cut = Math.floor((logged.afterFirst + logged.afterSecond) / 2);
    fs.truncateSync(path.join(dir, WAL), cut);
    const original = fs.readFileSync(path.join(dir, WAL));
    const { exitCode: code, stderr, stats: s } = await stats(dir);
    expect(code).toBe(0);
    expect(stderr).toContain(`kg: warning: ${dir}: the write-ahead log ends in an unfinished transaction`);
    expect(stderr).toContain(`${cut - logged.afterFirst} bytes dropped, ${logged.afterFirst} bytes`);
    expect(s).toMatchObject(firstOnly);
    expect(fs.readFileSync(path.join(dir, setAside(dir)[0]!))).toEqual(original);
  }, 120_000);

  test('damage inside the second transaction: reported as damage, the first transaction kept', async () => {
    const dir = copyOf(logged.dir);
    const file = path.join(dir, WAL);
    const bytes = fs.readFileSync(file);
    bytes.fill(0x5a, logged.afterFirst + 100, logged.afterFirst + 200);
    fs.writeFileSync(file, bytes);
    const { exitCode: code, stderr, stats: s } = await stats(dir);
    expect(code).toBe(0);
    expect(stderr).toMatch(/kg: ERROR: .*the write-ahead log is damaged \(a record fails its checksum at byte \d+\); committed transactions after the damage are lost/);
    expect(stderr).toContain(`${logged.afterSecond - logged.afterFirst} bytes dropped`);
    expect(s).toMatchObject(firstOnly);
  }, 120_000);

  test("another database's log: set aside whole, the database's own graph untouched", async () => {
    const dir = copyOf(checkpointed);
    fs.copyFileSync(path.join(logged.dir, WAL), path.join(dir, WAL));
    const { exitCode: code, stderr, stats: s } = await stats(dir);
    expect(code).toBe(0);
    expect(stderr).toMatch(/the log belongs to another database/);
    expect(stderr).toContain(`${logged.afterSecond} bytes dropped`);
    expect(s!.sources).toBe(SEED_DOCUMENTS.length);
  }, 120_000);
});

describe('a database file the product cannot trust', () => {
  const refused = async (dir: string, problem: RegExp) => {
    const before = fs.readdirSync(dir).map((f) => [f, fs.statSync(path.join(dir, f)).size]);
    const { exitCode: code, stdout, stderr } = await kg(['stats', '--format', 'json'], dir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^kg: DATA_DIR_DAMAGED: the data folder /m);
    expect(stderr).toContain(path.join(dir, DB));
    expect(stderr).toMatch(problem);
    expect(stderr).toMatch(/kg restore/);
    // Nothing was changed.
    expect(fs.readdirSync(dir).map((f) => [f, fs.statSync(path.join(dir, f)).size])).toEqual(before);
  };

  test('a zero-length database file is refused, not started as an empty graph', async () => {
    const dir = copyOf(checkpointed);
    fs.truncateSync(path.join(dir, DB), 0);
    await refused(dir, /the database file is empty \(0 bytes\)/);
  }, 60_000);

  test('a truncated database file is refused, at a part page and at a page boundary', async () => {
    const size = fs.statSync(path.join(checkpointed, DB)).size;
    const partPage = copyOf(checkpointed);
    fs.truncateSync(path.join(partPage, DB), Math.floor(size / 2) + 100);
    await refused(partPage, /the database file is cut short/);
    const boundary = copyOf(checkpointed);
    fs.truncateSync(path.join(boundary, DB), size - 4096);
    await refused(boundary, /the database file is cut short: its last checkpoint wrote \d+ pages/);
  }, 60_000);

  test('a file that is not a database is refused', async () => {
    const dir = copyOf(checkpointed);
    fs.writeFileSync(path.join(dir, DB), 'name,kind\nrussia,Country\n');
    await refused(dir, /does not start with LadybugDB's header|does not start with LadybugDB/);
  }, 60_000);

  test('a missing database file beside its log is refused', async () => {
    const dir = copyOf(logged.dir);
    fs.rmSync(path.join(dir, DB));
    await refused(dir, /the database file is missing but its log/);
  }, 60_000);

  test('the server refuses to start: it never says it is serving', async () => {
    const dir = copyOf(checkpointed);
    fs.truncateSync(path.join(dir, DB), 0);
    const server = spawnKg(['serve', '--port', '0'], { KG_DATA_DIR: dir });
    const { code } = await server.exited;
    expect(code).toBe(1);
    expect(server.stdout()).not.toMatch(/serving/);
    expect(server.stderr()).toMatch(/DATA_DIR_DAMAGED: .*the database file is empty/);
    expect(fs.existsSync(path.join(dir, 'server.json'))).toBe(false);
  }, 60_000);
});

describe('kg check', () => {
  test('a sound folder: every check ok, exit 0', async () => {
    const { exitCode: code, stdout } = await kg(['check', '--data-dir', checkpointed], checkpointed);
    expect(code).toBe(0);
    expect(stdout).toMatch(/ok {4}adjacency index builds/);
    expect(stdout).toMatch(/verdict: OK \(\d+ entities/);
  }, 60_000);

  test('a damaged folder: the verdict names it, exit 1, and nothing is changed', async () => {
    const dir = copyOf(checkpointed);
    fs.truncateSync(path.join(dir, DB), 8192);
    const { exitCode: code, stdout } = await kg(['check', '--data-dir', dir, '--format', 'json'], dir);
    expect(code).toBe(1);
    const verdict = JSON.parse(stdout);
    expect(verdict.ok).toBe(false);
    expect(verdict.failure).toMatch(/cut short/);
    expect(fs.statSync(path.join(dir, DB)).size).toBe(8192);
  }, 60_000);

  test('a torn log: warns what the next start will drop, changes nothing', async () => {
    const dir = copyOf(logged.dir);
    fs.truncateSync(path.join(dir, WAL), logged.afterSecond - 10);
    const { exitCode: code, stdout } = await kg(['check', '--data-dir', dir], dir);
    expect(code).toBe(0);
    expect(stdout).toContain(`drops ${logged.afterSecond - 10 - logged.afterFirst} bytes`);
    expect(fs.statSync(path.join(dir, WAL)).size).toBe(logged.afterSecond - 10);
    expect(setAside(dir)).toEqual([]);
  }, 60_000);
});
