/**
 * `kg serve` as a user runs it (the built CLI in its own process, a temp data folder, a free port): it seeds the
 * graph at start unless KG_SEED_ON_START=false, and on SIGINT or SIGTERM it stops taking connections, finishes
 * the request in flight, closes the engine and exits 0, leaving a data folder the next process opens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { openEmbeddedStore, PROJECT_ROOT, tempDataDir } from '../support/engines';
import { SEED_DOCUMENTS, seedEntityIds, seedRelationshipIds } from '../support/seed';

const MAIN = path.join(PROJECT_ROOT, 'dist/src/cli/main.js');

interface Serving {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Waits until `condition` holds, polling every few milliseconds; fails with `what` when the child exits first or the deadline passes. */
async function until(condition: () => boolean, what: string, exited: Promise<unknown>, deadlineMs = 60_000): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (gone) throw new Error(`kg serve exited before ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Starts `kg serve --port 0` on `dataDir` and waits for the line that says where it serves. */
async function serve(dataDir: string, env: Record<string, string> = {}): Promise<Serving> {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [MAIN, 'serve', '--port', '0'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, KG_DATA_DIR: dataDir, KG_LOG_LEVEL: 'info', KG_BUFFER_POOL_MB: '128', KG_ADMIN_TOKEN: '', NEO4J_URI: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const ready = /kg: serving embedded graph at (http:\/\/\S+)\/graphql/;
  await until(() => ready.test(out), 'it served', exited).catch((e: Error) => {
    throw new Error(`${e.message}\n${out}\n${err}`);
  });
  return { child, url: ready.exec(out)![1]!, stderr: () => err, exited };
}

async function stats(url: string): Promise<{ entities: number; relationships: number; sources: number }> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ stats { entities relationships sources } }' }) });
  return ((await res.json()) as { data: { stats: { entities: number; relationships: number; sources: number } } }).data.stats;
}

const SEEDED = { entities: seedEntityIds().length, relationships: seedRelationshipIds().length, sources: SEED_DOCUMENTS.length };

/**
 * Sends the headers of a GraphQL POST with `Expect: 100-continue` and resolves once the server has answered
 * "continue": from then on the request is in flight on the server. `finish()` sends the body and resolves with the answer.
 */
function requestInFlight(url: string, query: string): Promise<{ finish: () => Promise<{ status: number; body: any }> }> {
  const body = JSON.stringify({ query });
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
    });
    const answered = new Promise<{ status: number; body: any }>((done, fail) => {
      req.on('response', (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => done({ status: res.statusCode!, body: JSON.parse(text) }));
      });
      req.on('error', fail);
    });
    answered.catch(() => undefined);
    req.on('error', reject);
    req.on('continue', () =>
      resolve({
        finish: () => {
          req.end(body);
          return answered;
        },
      }),
    );
    req.flushHeaders();
  });
}

describe.each(['SIGINT', 'SIGTERM'] as const)('kg serve on %s', (signal) => {
  it('finishes the request in flight, exits 0 and leaves the data folder to the next process', async () => {
    const dataDir = tempDataDir('kg-serve-');
    const server = await serve(dataDir);
    expect(await stats(server.url)).toEqual(SEEDED);

    const inFlight = await requestInFlight(server.url, '{ entity(id: "russia") { name } stats { entities } }');
    server.child.kill(signal);
    await until(() => server.stderr().includes('shutting down: finishing requests in flight'), 'it began to shut down', server.exited);
    // No new connection is taken once it is shutting down.
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();

    const answer = await inFlight.finish();
    expect(answer).toEqual({ status: 200, body: { data: { entity: { name: 'Russia' }, stats: { entities: SEEDED.entities } } } });
    expect(await server.exited).toEqual({ code: 0, signal: null });

    // Released and intact: this process opens the folder and reads the same graph.
    const store = await openEmbeddedStore({ dataDir });
    try {
      const after = await store.stats();
      expect({ entities: after.entities, relationships: after.relationships, sources: after.sources }).toEqual(SEEDED);
    } finally {
      await store.close();
    }
  }, 120_000);
});

describe('seeding at start', () => {
  it('KG_SEED_ON_START=false serves an empty graph', async () => {
    const server = await serve(tempDataDir('kg-serve-empty-'), { KG_SEED_ON_START: 'false' });
    try {
      expect(await stats(server.url)).toEqual({ entities: 0, relationships: 0, sources: 0 });
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toEqual({ code: 0, signal: null });
    }
  }, 120_000);

  it('seeds an empty folder from every seed document, and a restart adds nothing', async () => {
    const dataDir = tempDataDir('kg-serve-seed-');
    const first = await serve(dataDir, { KG_SEED_ON_START: 'true' });
    expect(await stats(first.url)).toEqual(SEEDED);
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });

    const again = await serve(dataDir, { KG_SEED_ON_START: 'true' });
    try {
      expect(await stats(again.url)).toEqual(SEEDED);
    } finally {
      again.child.kill('SIGTERM');
      expect(await again.exited).toEqual({ code: 0, signal: null });
    }
  }, 120_000);
});
