/**
 * The analyst's loop in the terminal, against a real `kg serve` (the built CLI, a temp data folder, a free port):
 * start-up says what is where and refuses a busy port before it seeds; `kg token`, `kg --version`; `kg sources`
 * newest first, the same through the server as locally; source url/publisher/published from a facts document to
 * GraphQL and through an export/import round trip, a bad date refused naming the field; `kg seed` and `kg import`
 * routed to the server; ingest summaries that say "would" on a dry run and name new and merged entities; an
 * article or an empty folder refused with what to do; tables cut to COLUMNS with …, nulls as —, JSON whole.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import YAML from 'yaml';
import { runKgProcess, startKgServe, type KgServer } from '../support/cli';
import { EXAMPLES_DIR, PROJECT_ROOT, tempDataDir } from '../support/engines';
import { EXAMPLE_DOCUMENTS, SEED_DOCUMENTS, WITH_EXAMPLES, seedEntityIds, seedRelationshipIds } from '../support/seed';

const kg = (args: string[], dataDir: string, extra: Record<string, string> = {}) => runKgProcess(args, { KG_DATA_DIR: dataDir, ...extra });

const work = tempDataDir('kg-loop-work-');
const held = tempDataDir('kg-loop-held-');
const local = tempDataDir('kg-loop-local-');
let server: KgServer;

/** A dated article with its metadata, naming two seed entities. */
const DATED = {
  source: { id: 'loop-dated', title: 'Loop test: a dated article', url: 'https://example.org/news/loop?id=1&x="2"', publisher: 'Example Wire', published: '2099-01-02', text: 'Ali Larijani met Vladimir Putin in Moscow.' },
  entities: [{ kind: 'Person', name: 'Ali Larijani' }, { kind: 'Person', name: 'Vladimir Putin' }],
  relationships: [{ type: 'MET_WITH', from: 'ali-larijani', to: 'vladimir-putin', evidence: 'Ali Larijani met Vladimir Putin' }],
};
const MONTH = { ...DATED, source: { ...DATED.source, id: 'loop-month', title: 'Loop test: known to the month', published: '2099-01', url: undefined, publisher: undefined } };
const datedFile = path.join(work, 'dated.facts.yaml');
const monthFile = path.join(work, 'month.facts.yaml');
fs.writeFileSync(datedFile, YAML.stringify(DATED));
fs.writeFileSync(monthFile, YAML.stringify(JSON.parse(JSON.stringify(MONTH))));

const graphql = async (query: string) => {
  const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return (await res.json()) as { data?: any; errors?: { message: string }[] };
};

beforeAll(async () => {
  [server] = await Promise.all([startKgServe({ KG_DATA_DIR: held }), kg(['seed'], local)]);
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

describe('start-up', () => {
  it('says in one block where the explorer, the IDE and the health check are, the engine, the folder and the graph size', async () => {
    const out = server.stdout();
    const entities = seedEntityIds().length;
    const relationships = seedRelationshipIds().length;
    expect(out).toContain(`  explorer       ${server.url}/\n`);
    expect(out).toContain(`  GraphQL + IDE  ${server.url}/graphql\n`);
    expect(out).toContain(`  health check   ${server.url}/healthz\n`);
    expect(out).toMatch(/ {2}engine {9}embedded \(LadybugDB \d+\.\d+\.\d+, in this process\)\n/);
    expect(out).toContain(`  data folder    ${held}\n`);
    expect(out).toContain(`  graph          ${entities} entities, ${relationships} relationships, ${SEED_DOCUMENTS.length} source${SEED_DOCUMENTS.length === 1 ? '' : 's'}\n`);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/`)).status).toBe(200);
  });

  it('refuses a port in use with the flag to change it, before opening or seeding the data folder', async () => {
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const { port } = busy.address() as net.AddressInfo;
    const fresh = path.join(tempDataDir('kg-loop-busy-'), 'data');
    try {
      const { exitCode: code, stderr } = await kg(['serve', '--port', String(port)], fresh);
      expect(code).toBe(1);
      expect(stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(stderr).toContain('kg serve --port N');
      expect(fs.existsSync(fresh)).toBe(false);
    } finally {
      await new Promise((r) => busy.close(r));
    }
  }, 60_000);
});

describe('kg token and kg --version', () => {
  it('kg token prints the credential of this start, which the server takes as its admin token', async () => {
    const { exitCode: code, stdout, stderr } = await kg(['token'], held);
    expect(code).toBe(0);
    const token = stdout.trim();
    expect(token).toBe(JSON.parse(fs.readFileSync(path.join(held, 'server.json'), 'utf8')).credential);
    expect(stderr).toContain(`server at ${server.url}`);
    const write = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'mutation ($d: JSON!) { ingestDocument(document: $d, dryRun: true) { sourceId } }', variables: { d: DATED } }),
    });
    expect(((await write.json()) as any).data.ingestDocument.sourceId).toBe('loop-dated');
  });

  it('kg token without a running server says so, and refuses --url', async () => {
    const none = await kg(['token'], local);
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toContain(`no running kg server holds the data folder ${local}`);
    const url = await kg(['--url', server.url, 'token'], local);
    expect(url.exitCode).toBe(1);
    expect(url.stderr).toContain('kg token cannot run through a server');
  });

  it('kg --version prints package.json’s version', async () => {
    const { stdout } = await kg(['--version'], local);
    expect(stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).version);
  });
});

describe('sources and their metadata', () => {
  it('kg ingest of a dated document names its new and merged entities; kg sources lists it first, the same through the server as here', async () => {
    for (const dir of [held, local]) {
      const r = await kg(['ingest', datedFile, monthFile], dir);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain("dated.facts.yaml: merged into the graph's: Ali Larijani → ali-larijani, Vladimir Putin → vladimir-putin");
    }
    const remote = await kg(['sources', '--format', 'json'], held);
    expect(remote.stderr).toContain(`sent to the server at ${server.url}`);
    const here = await kg(['sources', '--format', 'json'], local);
    expect(remote.stdout).toBe(here.stdout);
    const rows = JSON.parse(remote.stdout) as { id: string; published: string | null; publisher: string | null; url: string | null; entities: number }[];
    expect(rows.map((r) => r.id)).toEqual(['loop-dated', 'loop-month', ...SEED_DOCUMENTS.map((d) => d.id).sort()]);
    // Entities mentioned: its own two and any the graph knows that the text names (Moscow), as the server counts mentions.
    const mentioned = (await graphql('{ source(id: "loop-dated") { mentions { entity { id } } } }')).data.source.mentions.length;
    expect(mentioned).toBeGreaterThanOrEqual(DATED.entities.length);
    expect(rows[0]).toEqual({ id: 'loop-dated', title: DATED.source.title, published: '2099-01-02', publisher: 'Example Wire', url: DATED.source.url, entities: mentioned });
    expect(rows[1]).toMatchObject({ published: '2099-01', publisher: null, url: null });
  }, 120_000);

  it('GraphQL Source carries url, publisher and published', async () => {
    const { data } = await graphql('{ source(id: "loop-dated") { url publisher published } }');
    expect(data.source).toEqual({ url: DATED.source.url, publisher: 'Example Wire', published: '2099-01-02' });
  });

  it('survive an export and an import of the graph’s JSON into an empty folder', async () => {
    const file = path.join(work, 'graph.json');
    expect((await kg(['export', '-o', file], held)).exitCode).toBe(0);
    const copy = tempDataDir('kg-loop-copy-');
    expect((await kg(['import', file], copy)).exitCode).toBe(0);
    const rows = JSON.parse((await kg(['sources', '--format', 'json'], copy)).stdout);
    expect(rows.slice(0, 2)).toEqual(JSON.parse((await kg(['sources', '--format', 'json'], held)).stdout).slice(0, 2));
  }, 120_000);

  it('a bad date, address or empty publisher is refused naming the field, through the server and here, and nothing is written', async () => {
    const bad = path.join(work, 'bad-date.facts.yaml');
    fs.writeFileSync(bad, YAML.stringify({ ...DATED, source: { ...DATED.source, id: 'loop-bad', published: '2023-02-30', url: 'ftp://example.org/x', publisher: ' ' } }));
    for (const dir of [held, local]) {
      const r = await kg(['ingest', bad], dir);
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toMatch(/source\.published: must be a real ISO date/);
      expect(r.stdout).toMatch(/source\.url: must be a web address/);
      expect(r.stdout).toMatch(/source\.publisher: must not be empty/);
    }
    expect(JSON.parse((await kg(['sources', '--format', 'json'], held)).stdout).map((r: { id: string }) => r.id)).not.toContain('loop-bad');
  }, 60_000);
});

describe('routed writes and the ingest summary', () => {
  it('kg seed and kg import go to the server, and say so', async () => {
    const seed = await kg(['seed'], held);
    expect(seed.exitCode).toBe(0);
    expect(seed.stderr).toContain(`kg seed: sent to the server at ${server.url}`);
    expect(seed.stdout).toMatch(/entities: 0 created, 0 updated, \d+ unchanged/);
    const file = path.join(work, 'again.json');
    await kg(['export', '-o', file], local);
    const imported = await kg(['import', file], held);
    expect(imported.exitCode).toBe(0);
    expect(imported.stderr).toContain(`sent to the server at ${server.url}`);
  }, 120_000);

  it('a dry run of the example article says what it would write and names what it would add and merge', async () => {
    // The example articles by file: examples/ also holds a pair of documents that disagree (conflicting-amounts/).
    const articles = fs.readdirSync(EXAMPLES_DIR).filter((n) => /\.facts\.(json|ya?ml)$/i.test(n)).map((n) => path.join(EXAMPLES_DIR, n));
    const { exitCode: code, stdout } = await kg(['ingest', '--dry-run', ...articles], held);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^dry run \\(nothing was written\\): documents: ${EXAMPLE_DOCUMENTS.length} \\(${EXAMPLE_DOCUMENTS.length} would be written, 0 rejected\\)`));
    expect(stdout).toContain('entities would create');
    const railway = EXAMPLE_DOCUMENTS[0]!;
    const added = railway.entities.filter((e) => e.id && !seedEntityIds().includes(e.id));
    expect(stdout).toContain(`would add: ${added.map((e) => `${e.name} (${e.id})`).join(', ')}`);
    expect(stdout).toContain("would merge into the graph's: Russia → russia, President Vladimir Putin → vladimir-putin");
    // Nothing was written.
    const ids = JSON.parse((await kg(['sources', '--format', 'json'], held)).stdout).map((r: { id: string }) => r.id);
    expect(ids).not.toContain(railway.id);
    expect(seedEntityIds(undefined, WITH_EXAMPLES).length).toBeGreaterThan(seedEntityIds().length);
  }, 60_000);

  it('an article is refused with the advice to draft it first, and a folder with no facts documents is an error', async () => {
    const article = path.join(work, 'article.txt');
    fs.writeFileSync(article, 'Ali Larijani visited Moscow.');
    const txt = await kg(['ingest', article], held);
    expect(txt.exitCode).toBe(1);
    expect(txt.stderr).toContain(`${article} is an article, not a facts document: run \`kg draft ${article}\` first`);
    const empty = tempDataDir('kg-loop-empty-');
    fs.writeFileSync(path.join(empty, 'notes.txt'), 'not a facts document');
    for (const dir of [held, local]) {
      const r = await kg(['ingest', empty], dir);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(`the folder ${empty} holds no facts documents`);
    }
  }, 60_000);
});

describe('tables in the terminal', () => {
  it('cut long cells with … to the width, draw no rules between rows, show null as —; JSON keeps values whole', async () => {
    const { stdout } = await kg(['sources'], held, { COLUMNS: '70' });
    const lines = stdout.trimEnd().split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(70);
    expect(stdout).toContain('…');
    expect(stdout).toContain('—');
    // Top, header, one rule, a line per source, bottom.
    const sources = JSON.parse((await kg(['sources', '--format', 'json'], held)).stdout);
    expect(lines).toHaveLength(4 + sources.length);
    expect(sources[0].url).toBe(DATED.source.url);
  }, 60_000);
});
