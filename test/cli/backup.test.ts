/**
 * kg backup / kg restore / kg check against a real `kg serve` over real HTTP: a backup taken through the running
 * server while documents are being written holds whole documents only, restores into a folder that checks sound
 * and answers the same counts; and every refusal (non-empty target, held folder, graph in the way, damaged or
 * incomplete backup, missing or wrong token) says so and changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runKgProcess, startKgServe, type KgServer } from '../support/cli';
import { PROJECT_ROOT, tempDataDir } from '../support/engines';
import { SEED_DOCUMENTS } from '../support/seed';

const TOKEN = 'backup-test-admin-token';

const kg = (args: string[], dataDir: string, extra: Record<string, string> = {}) => runKgProcess(args, { KG_DATA_DIR: dataDir, KG_SEED_ON_START: 'false', ...extra });

/** A small document of its own: one project, one depot, one tie, one source. */
function documentNumber(k: number) {
  const project = `Backup project ${k}`;
  const depot = `Backup depot ${k}`;
  const sentence = `${project} connects ${depot}.`;
  return {
    source: { id: `backup-doc-${k}`, title: `Backup document ${k}`, text: sentence },
    entities: [
      { id: `backup-project-${k}`, kind: 'Project', name: project },
      { id: `backup-depot-${k}`, kind: 'Place', name: depot },
    ],
    relationships: [{ type: 'CONNECTS', from: `backup-project-${k}`, to: `backup-depot-${k}`, evidence: sentence }],
  };
}

let dataDir: string;
let server: KgServer;
let url: string;
let seeded: { entities: number; relationships: number; sources: number };

const graphql = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: { message: string }[] };
};
const serverStats = async () => (await graphql('{ stats { entities relationships sources } }')).data.stats as typeof seeded;
const statsOf = async (dir: string) => JSON.parse((await kg(['stats', '--format', 'json'], dir)).stdout) as typeof seeded & { entitiesByKind: object; relationshipsByType: object };

beforeAll(async () => {
  dataDir = tempDataDir('kg-backup-data-');
  expect((await kg(['seed'], dataDir)).exitCode).toBe(0);
  server = await startKgServe({ KG_DATA_DIR: dataDir, KG_SEED_ON_START: 'false', KG_ADMIN_TOKEN: TOKEN });
  const record = JSON.parse(fs.readFileSync(path.join(dataDir, 'server.json'), 'utf8'));
  url = record.url;
  seeded = await serverStats();
  expect(seeded.sources).toBe(SEED_DOCUMENTS.length);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

test('the server leaves its URL and a credential in the data folder, readable by its owner only', () => {
  const file = path.join(dataDir, 'server.json');
  expect(fs.statSync(file).mode & 0o077).toBe(0);
  const record = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(record).toMatchObject({ url, pid: server.child.pid });
  expect(record.credential).toMatch(/^[\w-]{40,}$/);
});

test('a backup while documents are written: whole documents only, and the restored folder checks sound with the same counts', async () => {
  let writing = true;
  let written = 0;
  const writer = (async () => {
    for (let k = 0; writing && k < 200; k++) {
      const answer = await graphql('mutation($d: JSON!) { ingestDocument(document: $d) { entitiesCreated } }', { d: documentNumber(k) }, TOKEN);
      expect(answer.errors).toBeUndefined();
      written++;
    }
  })();
  // Let a few documents in first, so the backup surely lands among writes.
  while (written < 3) await new Promise((r) => setTimeout(r, 20));
  const target = path.join(tempDataDir('kg-backup-target-'), 'copy');
  const backup = await kg(['backup', target], dataDir);
  const writtenDuringBackup = written;
  writing = false;
  await writer;
  expect(backup.exitCode).toBe(0);
  expect(backup.stdout).toMatch(/by the server holding/);
  expect(written).toBeGreaterThan(3);

  const manifest = JSON.parse(fs.readFileSync(path.join(target, 'kg-backup.json'), 'utf8'));
  const documents = manifest.counts.sources - seeded.sources;
  // Consistent: every document either whole or absent.
  expect(documents).toBeGreaterThanOrEqual(3);
  expect(documents).toBeLessThanOrEqual(writtenDuringBackup);
  expect(manifest.counts.entities).toBe(seeded.entities + 2 * documents);
  expect(manifest.counts.relationships).toBe(seeded.relationships + documents);

  const restored = tempDataDir('kg-backup-restored-');
  const restore = await kg(['restore', target, '--data-dir', restored], restored);
  expect(restore.exitCode).toBe(0);
  expect(restore.stdout).toMatch(/verdict: OK/);
  const after = await statsOf(restored);
  expect({ entities: after.entities, relationships: after.relationships, sources: after.sources }).toEqual({
    entities: manifest.counts.entities,
    relationships: manifest.counts.relationships,
    sources: manifest.counts.sources,
  });
}, 240_000);

test('with writes stopped, the restored graph is the server’s graph, kind by kind and type by type', async () => {
  const target = path.join(tempDataDir('kg-backup-quiet-'), 'copy');
  expect((await kg(['backup', target], dataDir)).exitCode).toBe(0);
  const restored = tempDataDir('kg-backup-quiet-restored-');
  expect((await kg(['restore', target, '--data-dir', restored], restored)).exitCode).toBe(0);
  const live = (await graphql('{ stats { entities relationships sources entitiesByKind { key count } relationshipsByType { key count } } }')).data.stats;
  const copy = await statsOf(restored);
  expect(copy).toMatchObject({ entities: live.entities, relationships: live.relationships, sources: live.sources });
  expect(copy.entitiesByKind).toEqual(Object.fromEntries(live.entitiesByKind.map((c: { key: string; count: number }) => [c.key, c.count])));
  expect(copy.relationshipsByType).toEqual(Object.fromEntries(live.relationshipsByType.map((c: { key: string; count: number }) => [c.key, c.count])));
}, 180_000);

test('--url takes the admin token; the admin route refuses no token and a wrong one', async () => {
  const target = path.join(tempDataDir('kg-backup-url-'), 'copy');
  const noToken = await kg(['--url', url, 'backup', target], tempDataDir());
  expect(noToken.exitCode).toBe(1);
  expect(noToken.stderr).toMatch(/UNAUTHENTICATED: .*KG_ADMIN_TOKEN/);
  const withToken = await kg(['--url', url, 'backup', target], tempDataDir(), { KG_ADMIN_TOKEN: TOKEN });
  expect(withToken.exitCode).toBe(0);
  expect(fs.existsSync(path.join(target, 'kg-backup.json'))).toBe(true);
  for (const [headers, status, code] of [
    [{}, 401, 'UNAUTHENTICATED'],
    [{ authorization: 'Bearer not-the-token' }, 403, 'FORBIDDEN'],
  ] as const) {
    const res = await fetch(`${url}/admin/backup`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ dir: path.join(tempDataDir(), 'x') }) });
    expect(res.status).toBe(status);
    expect((await res.json()).errors[0].extensions.code).toBe(code);
  }
}, 120_000);

describe('refusals', () => {
  test('a backup into a non-empty folder', async () => {
    const target = tempDataDir('kg-backup-occupied-');
    fs.writeFileSync(path.join(target, 'keep.txt'), 'mine');
    const { exitCode: code, stderr } = await kg(['backup', target], dataDir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/BAD_USER_INPUT: .* is not empty/);
    expect(fs.readdirSync(target)).toEqual(['keep.txt']);
  }, 60_000);

  test('a restore into the folder the server holds', async () => {
    const target = path.join(tempDataDir('kg-backup-held-'), 'copy');
    expect((await kg(['backup', target], dataDir)).exitCode).toBe(0);
    const { exitCode: code, stderr } = await kg(['restore', target, '--force'], dataDir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/DATA_DIR_LOCKED: the data folder .* is in use \(kg serve at/);
    expect((await serverStats()).sources).toBeGreaterThanOrEqual(seeded.sources);
  }, 60_000);

  test('a restore over a graph without --force; with --force the old folder is kept aside', async () => {
    const source = tempDataDir('kg-backup-plain-');
    expect((await kg(['seed'], source)).exitCode).toBe(0);
    const target = path.join(tempDataDir('kg-backup-plain-copy-'), 'copy');
    const offline = await kg(['backup', target], source);
    expect(offline.stdout).toMatch(/no server holds it/);
    const occupied = tempDataDir('kg-backup-occupied-graph-');
    expect((await kg(['ingest', path.join(PROJECT_ROOT, 'seed')], occupied)).exitCode).toBe(0);
    const before = fs.readFileSync(path.join(occupied, 'graph.lbdb'));
    const refused = await kg(['restore', target], occupied);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/BAD_USER_INPUT: the data folder .* is not empty \(it holds a graph\): add --force/);
    expect(fs.readFileSync(path.join(occupied, 'graph.lbdb'))).toEqual(before);
    const forced = await kg(['restore', target, '--force'], occupied);
    expect(forced.exitCode).toBe(0);
    const aside = /kept as (\S+)/.exec(forced.stdout)![1]!;
    expect(fs.readFileSync(path.join(aside, 'graph.lbdb'))).toEqual(before);
    fs.rmSync(aside, { recursive: true, force: true });
  }, 180_000);

  test('a damaged or incomplete backup', async () => {
    const source = tempDataDir('kg-backup-src-');
    expect((await kg(['seed'], source)).exitCode).toBe(0);
    const target = path.join(tempDataDir('kg-backup-damaged-'), 'copy');
    expect((await kg(['backup', target], source)).exitCode).toBe(0);
    const file = path.join(target, 'graph.lbdb');
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 5000]! ^= 0xff;
    fs.writeFileSync(file, bytes);
    const into = tempDataDir('kg-backup-into-');
    const damaged = await kg(['restore', target, '--data-dir', into], into);
    expect(damaged.exitCode).toBe(1);
    expect(damaged.stderr).toMatch(/DATA_DIR_DAMAGED: the backup .* is damaged: graph.lbdb differs/);
    fs.rmSync(path.join(target, 'kg-backup.json'));
    const incomplete = await kg(['restore', target, '--data-dir', into], into);
    expect(incomplete.stderr).toMatch(/is not a complete kg backup: kg-backup.json is missing/);
    expect(fs.readdirSync(into)).toEqual([]);
  }, 120_000);
});
