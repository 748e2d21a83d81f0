/**
 * GraphQL over HTTP as the spec asks (audited with graphql-http's own server audit), the IDE and examples
 * at /graphql, CORS by configuration, /healthz, and graceful shutdown that finishes requests in flight.
 */
import fs from 'node:fs';
import path from 'node:path';
import { auditServer } from 'graphql-http';
import { parse } from 'graphql';
import { ideDirectory } from '../../src/api/server';
import { PROJECT_ROOT } from '../support/engines';
import { SEED_DOCUMENTS, seedEntityIds } from '../support/seed';
import { startApi, type ApiUnderTest } from '../support/server';

let api: ApiUnderTest;

beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

describe('GraphQL over HTTP', () => {
  /**
   * GETs the audit sends as a browser's <img> or link would (no JSON body, no preflight header): the server's
   * cross-site request protection refuses them on purpose. They are MAY checks; every MUST and SHOULD passes.
   */
  const REFUSED_AS_CROSS_SITE = [
    '5A70 MAY accept application/x-www-form-urlencoded formatted GET requests',
    'D6D5 MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json',
    '6A70 MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json',
  ];

  it('passes every audit of the GraphQL-over-HTTP spec (MUST and SHOULD), and only cross-site-looking GETs are refused', async () => {
    const results = await auditServer({ url: `${api.server.url}/graphql` });
    const failed = results.filter((r) => r.status !== 'ok');
    expect(failed.map((r) => `${r.id} ${r.name}`).sort()).toEqual([...REFUSED_AS_CROSS_SITE].sort());
    expect(failed.every((r) => r.status === 'notice')).toBe(true);
    expect(results.length).toBeGreaterThan(50);
  });

  it('answers GET with a query in the URL as JSON', async () => {
    const url = `${api.server.url}/graphql?query=${encodeURIComponent('query Count($kind: EntityKind!) { entities(kind: [$kind]) { totalCount } }')}&variables=${encodeURIComponent('{"kind":"Agreement"}')}`;
    const res = await fetch(url, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ data: { entities: { totalCount: seedEntityIds('Agreement').length } } });
  });

  it('answers with application/graphql-response+json when the client prefers it', async () => {
    const res = await fetch(`${api.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json;q=0.9' },
      body: JSON.stringify({ query: '{ stats { sources } }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
  });

  it('refuses a body that is not JSON with a JSON error and no stack trace', async () => {
    const res = await fetch(`${api.server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ errors: [{ message: 'the request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
    expect(text).not.toMatch(/node_modules|at /);
  });

  it('refuses a request without a query with 400', async () => {
    const res = await fetch(`${api.server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});

describe('the IDE and its examples', () => {
  it('serves the examples of graphql/examples, titled by their operation names, in file order', async () => {
    const res = await fetch(`${api.server.url}/graphql/examples.json`);
    expect(res.status).toBe(200);
    const examples = (await res.json()) as { name: string; file: string; query: string }[];
    const files = fs.readdirSync(path.join(PROJECT_ROOT, 'graphql', 'examples')).filter((f) => f.endsWith('.graphql')).sort();
    expect(examples.map((e) => e.file)).toEqual(files);
    for (const e of examples) {
      const operation = parse(e.query).definitions[0] as any;
      expect(operation.name.value).toBe(e.name);
    }
    expect(examples.map((e) => e.name)).toEqual(
      expect.arrayContaining(['WhoIsConnectedToWhichProject', 'PathFromPutinToRashtAstaraRailway', 'AgreementsAndWhatTheyAreWorth', 'WhereDoesAClaimComeFrom']),
    );
  });

  it('runs every example against the seed graph without errors, within the default limits', async () => {
    const examples = (await (await fetch(`${api.server.url}/graphql/examples.json`)).json()) as { name: string; query: string }[];
    for (const e of examples) {
      const { status, body } = await api.graphql(e.query);
      expect({ name: e.name, status, errors: body.errors }).toEqual({ name: e.name, status: 200, errors: undefined });
      // Every root answer holds something: no null, no empty list, no connection without edges.
      const empty = (v: any) => v === null || (Array.isArray(v) && v.length === 0) || (Array.isArray(v?.edges) && v.edges.length === 0);
      expect(Object.entries(body.data).filter(([, v]) => empty(v))).toEqual([]);
    }
  });

  it('gives browsers the IDE page at /graphql and GraphQL clients the API at the same address', async () => {
    const html = await fetch(`${api.server.url}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    const built = fs.existsSync(path.join(ideDirectory(api.config), 'index.html'));
    if (built) {
      expect(html.status).toBe(200);
      expect(html.headers.get('content-type')).toMatch(/^text\/html/);
      expect(html.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      const page = await html.text();
      expect(page).toContain('/assets/graphiql/graphiql.js');
      expect(page).not.toMatch(/https?:\/\//);
      const script = await fetch(`${api.server.url}/assets/graphiql/graphiql.js`);
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toMatch(/javascript/);
    } else {
      expect(html.status).toBe(503);
      expect(await html.text()).toMatch(/npm run build/);
    }
    const api404 = await fetch(`${api.server.url}/assets/graphiql/nothing.js`);
    expect(api404.status).toBe(404);
    const json = await fetch(`${api.server.url}/graphql?query=%7Bstats%7Bsources%7D%7D`, { headers: { accept: '*/*', 'apollo-require-preflight': 'true' } });
    expect(await json.json()).toEqual({ data: { stats: { sources: SEED_DOCUMENTS.length } } });
  });
});

describe('health and CORS', () => {
  it('reports at /healthz that the engine answers', async () => {
    const res = await fetch(`${api.server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', engine: api.store.engine });
  });

  it('sends no CORS headers by default', async () => {
    const res = await fetch(`${api.server.url}/graphql`, { method: 'OPTIONS', headers: { origin: 'http://elsewhere.test', 'access-control-request-method': 'POST' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows exactly the origins in KG_CORS_ORIGINS', async () => {
    const cors = await startApi({ KG_CORS_ORIGINS: 'http://analyst.test, http://explorer.test' });
    try {
      const preflight = (origin: string) =>
        fetch(`${cors.server.url}/graphql`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
        });
      const allowed = await preflight('http://explorer.test');
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('http://explorer.test');
      expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
      const refused = await preflight('http://elsewhere.test');
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      const post = await fetch(`${cors.server.url}/graphql`, {
        method: 'POST',
        headers: { origin: 'http://analyst.test', 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ stats { sources } }' }),
      });
      expect(post.headers.get('access-control-allow-origin')).toBe('http://analyst.test');
    } finally {
      await cors.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('finishes a request in flight, then refuses new connections', async () => {
    const closing = await startApi();
    let stopped: Promise<void> | undefined;
    // Stop the server the moment the request has arrived, while it is still being answered.
    closing.server.httpServer.once('request', () => {
      stopped = closing.server.stop();
    });
    const answer = await closing.graphql('{ connections(id: "russia", maxHops: 3, first: 100) { distance entity { name } } }');
    expect(stopped).toBeDefined();
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.connections.length).toBeGreaterThan(10);
    await stopped;
    await expect(fetch(`${closing.server.url}/healthz`)).rejects.toThrow();
    await closing.store.close();
  });
});
