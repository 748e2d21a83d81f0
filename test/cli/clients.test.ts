/**
 * One writer, many clients: with a real `kg serve` (the built CLI in its own process, a temp data folder, a free
 * port) holding the data folder, kg stats, cypher, ingest, draft and export go to that server by themselves with
 * the credential it left in the folder, and print what they print locally; --url to a dead address fails clearly
 * and never falls back on a local folder; a stale server.json is ignored with a note; a credential from another
 * start is refused; folder-only commands refuse --url; a command on a new folder says so loudly.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import YAML from 'yaml';
import { runKgProcess, startKgServe, type KgServer } from '../support/cli';
import { tempDataDir } from '../support/engines';
import { SEED_DOCUMENTS, seedEntityIds, seedRelationshipIds } from '../support/seed';

const kg = (args: string[], dataDir: string, extra: Record<string, string> = {}) => runKgProcess(args, { KG_DATA_DIR: dataDir, ...extra });
/** `kg serve --port 0` on `dataDir` (seeding it). */
const serve = (dataDir: string) => startKgServe({ KG_DATA_DIR: dataDir });

/** A port nothing listens on: bound, then released. */
async function deadPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

/** A small document of its own, naming two seed entities (found by name) and one new place. */
const DOCUMENT = {
  source: { id: 'clients-kazan', title: 'Clients test: Kazan', text: 'Ali Larijani visited Kazan in June. Kazan is a city in Russia.' },
  entities: [
    { id: 'clients-kazan-city', kind: 'Place', name: 'Kazan' },
    { kind: 'Person', name: 'Ali Larijani' },
    { kind: 'Country', name: 'Russia' },
  ],
  relationships: [{ type: 'LOCATED_IN', from: 'clients-kazan-city', to: 'russia', evidence: 'Kazan is a city in Russia.' }],
};

const work = tempDataDir('kg-clients-work-');
const docFile = path.join(work, 'kazan.facts.yaml');
const badFile = path.join(work, 'bad.facts.yaml');
fs.writeFileSync(docFile, YAML.stringify(DOCUMENT));
fs.writeFileSync(badFile, YAML.stringify({ ...DOCUMENT, source: { ...DOCUMENT.source, id: 'clients-bad' }, relationships: [{ ...DOCUMENT.relationships[0], type: 'NOT_A_TYPE' }] }));

const held = tempDataDir('kg-clients-held-');
const local = tempDataDir('kg-clients-local-');
let server: KgServer;

const graphql = async (query: string, token?: string) => {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
};
const serverHasKazan = async () =>
  (await graphql(`{ cypher(query: "MATCH (e:Entity {id: 'clients-kazan-city'}) RETURN e.name AS name") { rows } }`)).data.cypher.rows as unknown[][];
const credential = () => (JSON.parse(fs.readFileSync(path.join(held, 'server.json'), 'utf8')) as { credential: string }).credential;

beforeAll(async () => {
  // The same seeded graph twice: one a server holds, one the CLI opens itself, for comparing reports.
  [server] = await Promise.all([serve(held), kg(['seed'], local)]);
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

describe('a folder held by a running server', () => {
  it('kg stats goes to the server and prints the same counts as a local run', async () => {
    const remote = await kg(['stats', '--format', 'json'], held);
    expect(remote.exitCode).toBe(0);
    expect(remote.stderr).toContain(`sent to the server at ${server.url}, which holds the data folder ${held}`);
    const { mentions: _m, ...here } = JSON.parse((await kg(['stats', '--format', 'json'], local)).stdout);
    expect(JSON.parse(remote.stdout)).toEqual(here);
    expect(here.entities).toBe(seedEntityIds().length);
    expect(here.relationships).toBe(seedRelationshipIds().length);
    expect(here.sources).toBe(SEED_DOCUMENTS.length);
  }, 60_000);

  it('kg cypher goes to the server and prints the same table', async () => {
    const q = "MATCH (e:Entity) WHERE e.kind = 'Country' RETURN e.id AS id ORDER BY id";
    const [remote, here] = await Promise.all([kg(['cypher', q], held), kg(['cypher', q], local)]);
    expect(remote.exitCode).toBe(0);
    expect(remote.stdout).toBe(here.stdout);
    expect(remote.stdout).toContain(seedEntityIds('Country')[0]);
  }, 60_000);

  it('kg ingest --dry-run prints the local report and changes nothing on the server', async () => {
    const remote = await kg(['ingest', '--dry-run', work], held);
    const here = await kg(['ingest', '--dry-run', work], local);
    expect(remote.stdout).toBe(here.stdout);
    expect(remote.stdout).toMatch(/^dry run \(nothing was written\): documents: 2 \(1 would be written, 1 rejected\)/);
    expect(remote.stdout).toContain('NOT_A_TYPE');
    expect(remote.exitCode).toBe(1);
    expect(await serverHasKazan()).toEqual([]);
  }, 60_000);

  it('kg ingest writes into the server’s graph, printing the local report', async () => {
    const remote = await kg(['ingest', docFile], held);
    const here = await kg(['ingest', docFile], local);
    expect(remote.exitCode).toBe(0);
    expect(remote.stdout).toBe(here.stdout);
    expect(remote.stdout).toMatch(/documents: 1 \(1 ingested, 0 rejected\)/);
    expect(remote.stdout).toContain('"Ali Larijani" → ali-larijani');
    expect(await serverHasKazan()).toEqual([['Kazan']]);
  }, 60_000);

  it('kg export through the server writes the same file as a local export of the same graph', async () => {
    const [remote, here] = [path.join(work, 'remote.json'), path.join(work, 'local.json')];
    const r = await kg(['export', '-o', remote], held);
    expect(r.exitCode).toBe(0);
    await kg(['export', '-o', here], local);
    // The two graphs were ingested at different moments: all but the sources' ingest times is the same.
    const timeless = (text: string) => text.replace(/,"ingestedAt":"[^"]*"/g, '').replace(/,"processedAt":\["[^"]*"\]/g, '');
    expect(fs.readFileSync(remote, 'utf8')).toMatch(/"ingestedAt":"\d{4}-/);
    expect(timeless(fs.readFileSync(remote, 'utf8'))).toBe(timeless(fs.readFileSync(here, 'utf8')));
    const ftm = await kg(['export', '--format', 'ftm'], held);
    expect(timeless(ftm.stdout)).toBe(timeless((await kg(['export', '--format', 'ftm'], local)).stdout));
  }, 90_000);

  it('kg draft reads the server’s names', async () => {
    const article = path.join(work, 'article.txt');
    fs.writeFileSync(article, 'Ali Larijani met Vladimir Putin in Kazan.');
    const { exitCode: code, stdout, stderr } = await kg(['draft', article, '-o', '-'], held);
    expect(code).toBe(0);
    expect(stderr).toContain(`sent to the server at ${server.url}`);
    // Kazan was added through the server a moment ago: only the server's graph knows it.
    expect(YAML.parse(stdout).entities.find((e: { name: string }) => e.name === 'Kazan')).toMatchObject({ id: 'clients-kazan-city' });
  }, 60_000);

  it('commands that open the folder themselves refuse it, naming the command', async () => {
    const { exitCode: code, stderr } = await kg(['bulk-load', work], held);
    expect(code).toBe(1);
    expect(stderr).toContain(`kg bulk-load writes the data folder ${held} directly, and the server at ${server.url} holds it`);
  });
});

describe('--url', () => {
  it('to a dead address fails clearly and never falls back on a local folder', async () => {
    const nowhere = path.join(tempDataDir('kg-clients-nowhere-'), 'data');
    const url = `http://127.0.0.1:${await deadPort()}`;
    const stats = await kg(['--url', url, 'stats'], nowhere);
    expect(stats.exitCode).toBe(1);
    expect(stats.stderr).toMatch(/ENGINE_UNAVAILABLE: cannot reach the kg server at http:\/\/127\.0\.0\.1:\d+\/graphql/);
    const dry = await kg(['--url', url, 'ingest', '--dry-run', docFile], nowhere, { KG_ADMIN_TOKEN: 'some-token' });
    expect(dry.exitCode).toBe(1);
    expect(dry.stderr).toMatch(/ENGINE_UNAVAILABLE: cannot reach the kg server at http:\/\/127\.0\.0\.1:\d+/);
    expect(dry.stdout).toBe('');
    expect(fs.existsSync(nowhere)).toBe(false);
  }, 60_000);

  it('a write without KG_ADMIN_TOKEN is refused before anything is sent', async () => {
    const { exitCode: code, stderr } = await kg(['--url', server.url, 'ingest', docFile], local);
    expect(code).toBe(1);
    expect(stderr).toContain('UNAUTHENTICATED: kg ingest through --url changes the graph');
    expect(stderr).toContain('KG_ADMIN_TOKEN');
  });

  it('is refused by commands that cannot run through a server, naming the command', async () => {
    const generated = path.join(work, 'generated');
    for (const command of [['check'], ['copy', '--to', 'neo4j'], ['generate', '--entities', '10', '--relationships', '10', '--out', generated]]) {
      const { exitCode: code, stderr } = await kg(['--url', server.url, ...command], local);
      expect(code).toBe(1);
      expect(stderr).toContain(`kg ${command[0]} cannot run through a server, so --url does not apply to it`);
    }
    expect(fs.existsSync(generated)).toBe(false);
  }, 60_000);
});

describe('the data folder', () => {
  it('a stale server.json (its process gone) is ignored with a note', async () => {
    const dir = tempDataDir('kg-clients-stale-');
    fs.cpSync(local, dir, { recursive: true });
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    fs.writeFileSync(path.join(dir, 'server.json'), JSON.stringify({ url: server.url, pid: dead.pid, credential: 'stale', startedAt: new Date().toISOString() }));
    const { exitCode: code, stdout, stderr } = await kg(['stats', '--format', 'json'], dir);
    expect(code).toBe(0);
    expect(stderr).toContain(`ignoring ${path.join(dir, 'server.json')}: the server it names (process ${dead.pid}) is no longer running`);
    expect(stderr).toContain(`data folder ${dir}`);
    expect(JSON.parse(stdout).sources).toBe(SEED_DOCUMENTS.length + 1);
  }, 60_000);

  it('a new folder is announced loudly, and kg draft refuses it unless --allow-empty', async () => {
    const dir = path.join(tempDataDir('kg-clients-new-'), 'data');
    const article = path.join(work, 'empty-draft.txt');
    fs.writeFileSync(article, 'Ali Larijani met Vladimir Putin in Kazan.');
    const refused = await kg(['draft', article, '-o', '-'], dir);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain(`NEW EMPTY DATA FOLDER ${dir}`);
    expect(refused.stderr).toContain('--allow-empty');
    expect(fs.existsSync(dir)).toBe(false);
    const allowed = await kg(['draft', article, '-o', '-', '--allow-empty'], dir);
    expect(allowed.exitCode).toBe(0);
    expect(allowed.stderr).toContain('0 known entities');
  }, 60_000);
});

describe('the per-start credential', () => {
  it('is admin for this start only: after a restart the old one is refused, the new one accepted', async () => {
    const old = credential();
    const ingest = async (token: string) => {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: 'mutation ($d: JSON!) { ingestDocument(document: $d, dryRun: true) { sourceId } }', variables: { d: DOCUMENT } }),
      });
      return (await res.json()) as { data?: { ingestDocument: { sourceId: string } }; errors?: { extensions?: { code?: string } }[] };
    };
    expect((await ingest(old)).data?.ingestDocument.sourceId).toBe('clients-kazan');
    expect((await ingest('not-the-credential')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await server.stop();
    expect(fs.existsSync(path.join(held, 'server.json'))).toBe(false);
    server = await serve(held);
    expect(credential()).not.toBe(old);
    expect((await ingest(old)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const admin = await fetch(`${server.url}/admin/seed`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${old}` }, body: '{}' });
    expect(admin.status).toBe(403);
    expect((await ingest(credential())).data?.ingestDocument.sourceId).toBe('clients-kazan');
  }, 180_000);

  it('admin routes refuse a malformed body by name, and no token at all', async () => {
    const post = (name: string, body: unknown, token?: string) =>
      fetch(`${server.url}/admin/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    const anonymous = await post('ingest', { documents: [] });
    expect(anonymous.status).toBe(401);
    const bad = await post('ingest', { documents: 'all of them' }, credential());
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    const slice = await post('export', { shape: 'slices', batchSize: 0 }, credential());
    expect(slice.status).toBe(400);
    expect((await slice.json()).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: 'batchSize' });
  }, 60_000);
});
