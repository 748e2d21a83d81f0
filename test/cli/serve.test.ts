/**
 * `kg serve` as a user runs it (the built CLI in its own process, a temp data folder, a free port): it seeds the
 * graph at start unless KG_SEED_ON_START=false, and on SIGINT or SIGTERM it stops taking connections, finishes
 * the request in flight, closes the engine and exits 0, leaving a data folder the next process opens.
 */
import http from 'node:http';
import { startKgServe } from '../support/cli';
import { until } from '../support/condition';
import { openEmbeddedStore, tempDataDir } from '../support/engines';
import { SEED_DOCUMENTS, seedEntityIds, seedRelationshipIds } from '../support/seed';

/** `kg serve --port 0` on `dataDir`, logging at info (the test reads its shutdown line). */
const serve = (dataDir: string, env: Record<string, string> = {}) => startKgServe({ KG_DATA_DIR: dataDir, KG_LOG_LEVEL: 'info', ...env });

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
    await until(() => server.stderr().includes('shutting down: finishing requests in flight'), 'it began to shut down', 60_000);
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
      expect(await server.stop()).toEqual({ code: 0, signal: null });
    }
  }, 120_000);

  it('seeds an empty folder from every seed document, and a restart adds nothing', async () => {
    const dataDir = tempDataDir('kg-serve-seed-');
    const first = await serve(dataDir, { KG_SEED_ON_START: 'true' });
    expect(await stats(first.url)).toEqual(SEEDED);
    expect(await first.stop()).toEqual({ code: 0, signal: null });

    const again = await serve(dataDir, { KG_SEED_ON_START: 'true' });
    try {
      expect(await stats(again.url)).toEqual(SEEDED);
    } finally {
      expect(await again.stop()).toEqual({ code: 0, signal: null });
    }
  }, 120_000);
});
