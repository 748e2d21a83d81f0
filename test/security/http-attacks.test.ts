/**
 * Attacks on the HTTP/GraphQL layer, as a page on another origin or an anonymous client would send them, against
 * a real server over real HTTP. Each class is refused with its own code before the engine is asked (the store's
 * round-trip counter does not move), leaves the graph as it was, and leaves the server answering.
 */
import { getIntrospectionQuery } from 'graphql';
import { startApi, type ApiUnderTest } from '../support/server';

const TOKEN = 'http-attacks-admin-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };

let api: ApiUnderTest;
let graphBefore: string;

beforeAll(async () => {
  api = await startApi({ KG_ADMIN_TOKEN: TOKEN });
  graphBefore = JSON.stringify(await api.store.exportGraph());
});
afterAll(() => api.close());

/** Sends a raw HTTP request to /graphql and returns the status and the parsed body (or the text). */
async function send(method: 'GET' | 'POST', query: string, headers: Record<string, string> = {}, body?: string) {
  const res = await fetch(`${api.server.url}/graphql${query}`, { method, headers, body });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, body: json, text };
}

const qs = (params: Record<string, string>) => `?${new URLSearchParams(params).toString()}`;

/** The error codes of an answer (one per error). */
const codes = (answer: { body: any }) => (answer.body?.errors ?? []).map((e: any) => e.extensions?.code);

/** Runs `attack`, asserting the engine was not asked anything while it ran. */
async function refusedBeforeTheEngine<T>(attack: () => Promise<T>): Promise<T> {
  const before = api.store.roundTrips;
  const answer = await attack();
  expect(api.store.roundTrips).toBe(before);
  return answer;
}

/** The graph is what it was, and a cheap read still answers. */
async function graphUnchangedAndServerAlive() {
  expect(JSON.stringify(await api.store.exportGraph())).toBe(graphBefore);
  const alive = await api.graphql('{ entity(id: "russia") { name } }');
  expect(alive.body).toEqual({ data: { entity: { name: 'Russia' } } });
}

/** A facts document that would add an entity, so a write that got through would show in the graph. */
const DOCUMENT = {
  source: { id: 'csrf-note', title: 'Note', text: 'Mallory founded Example Org.' },
  entities: [{ id: 'mallory', kind: 'Person', name: 'Mallory' }],
  relationships: [],
};
const INGEST = `mutation { ingestDocument(document: ${JSON.stringify(DOCUMENT).replace(/"(\w+)":/g, '$1:')}) { entitiesCreated } }`;
const WRITE_CYPHER = `{ cypher(query: "CREATE (:Entity {id: 'mallory', kind: 'Person', name: 'Mallory'})") { rowCount } }`;

describe('a cross-site GET (an <img>, a link, a <script>, a prefetch) runs nothing', () => {
  it.each([
    ['no headers at all', {}],
    ['an <img> accept header', { accept: 'image/avif,image/webp,*/*' }],
    ['a <script> accept header', { accept: '*/*' }],
    ['a JSON accept header (CORS-safelisted, so a no-cors fetch may send it)', { accept: 'application/json' }],
    ['a form content type on a GET', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['text/plain on a GET', { 'content-type': 'text/plain' }],
    ['an empty preflight header', { 'x-apollo-operation-name': '' }],
    ['an Origin and Referer of another site', { origin: 'http://evil.test', referer: 'http://evil.test/page' }],
  ])('%s', async (_spelling, headers) => {
    for (const query of ['{ stats { entities } }', WRITE_CYPHER, '{ search(text: "russia") { edges { node { score } } } }']) {
      const answer = await refusedBeforeTheEngine(() => send('GET', qs({ query }), headers as Record<string, string>));
      expect(answer.status).toBe(400);
      expect(codes(answer)).toEqual(['CROSS_SITE_REFUSED']);
      expect(answer.body.errors[0].message).toMatch(/apollo-require-preflight/);
    }
    await graphUnchangedAndServerAlive();
  });

  it('still answers a GET that carries the preflight header (what a same-origin client sends)', async () => {
    const answer = await send('GET', qs({ query: '{ entity(id: "iran") { name } }' }), { 'apollo-require-preflight': 'true' });
    expect(answer.body).toEqual({ data: { entity: { name: 'Iran' } } });
  });
});

describe('a cross-site POST with a simple content type (a form, text/plain, a beacon) runs nothing', () => {
  const json = (query: string) => JSON.stringify({ query });
  it.each([
    ['text/plain with a JSON body', 'text/plain', json(INGEST)],
    ['text/plain with a charset', 'text/plain;charset=UTF-8', json(WRITE_CYPHER)],
    ['an HTML form', 'application/x-www-form-urlencoded', new URLSearchParams({ query: INGEST }).toString()],
    ['a multipart form', 'multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${INGEST}\r\n--x--\r\n`],
    ['an upper-case simple type', 'TEXT/PLAIN', json(INGEST)],
  ])('%s', async (_spelling, contentType, body) => {
    // Even with the token (which a browser could not attach cross-site anyway) nothing runs.
    const answer = await refusedBeforeTheEngine(() => send('POST', '', { 'content-type': contentType, ...AUTH }, body));
    expect(answer.status).toBe(400);
    expect(codes(answer)).toEqual(['CROSS_SITE_REFUSED']);
    await graphUnchangedAndServerAlive();
  });
});

describe('GET only reads', () => {
  it.each([
    ['a mutation', { query: INGEST }],
    ['a mutation after a comment', { query: `# harmless\n${INGEST}` }],
    ['a mutation picked by operationName among queries', { query: `query Harmless { stats { entities } } ${INGEST.replace('mutation', 'mutation Harmful')}`, operationName: 'Harmful' }],
  ])('refuses %s over GET with 405, even with the token and the preflight header', async (_spelling, params) => {
    const answer = await refusedBeforeTheEngine(() => send('GET', qs(params), { 'apollo-require-preflight': 'true', ...AUTH }));
    expect(answer.status).toBe(405);
    expect(codes(answer)).toEqual(['METHOD_NOT_ALLOWED']);
    await graphUnchangedAndServerAlive();
  });

  it('treats a GET as anonymous: a writing Cypher query over GET is refused even with the token', async () => {
    const answer = await send('GET', qs({ query: WRITE_CYPHER }), { 'apollo-require-preflight': 'true', ...AUTH });
    expect(codes(answer)).toEqual(['CYPHER_WRITE_FORBIDDEN']);
    await graphUnchangedAndServerAlive();
  });
});

describe('deep or huge JSON arguments are refused before the engine infers their types', () => {
  const nestedList = (depth: number): unknown => (depth === 0 ? 1 : [nestedList(depth - 1)]);
  const nestedMap = (depth: number): unknown => (depth === 0 ? 1 : { a: nestedMap(depth - 1) });
  const literal = (v: unknown): string => JSON.stringify(v).replace(/"(\w+)":/g, '$1:');
  const max = () => api.config.maxJsonDepth;

  it.each([
    ['a list nested 25 levels in a variable', 'query($p: JSON) { cypher(query: "RETURN $x AS x", params: $p) { rows } }', () => ({ p: { x: nestedList(25) } }), 'params'],
    ['the same inline in the query text', () => `{ cypher(query: "RETURN $x AS x", params: {x: ${literal(nestedList(25))}}) { rows } }`, () => ({}), 'params'],
    ['maps nested 25 levels', 'query($p: JSON) { cypher(query: "RETURN $x AS x", params: $p) { rows } }', () => ({ p: { x: nestedMap(25) } }), 'params'],
    ['a variable inside an inline object', 'query($deep: JSON) { cypher(query: "RETURN $x AS x", params: {x: $deep}) { rows } }', () => ({ deep: nestedList(25) }), 'params'],
    ['a named query', 'query($p: JSON) { namedQuery(name: "most-connected", params: $p) { rows } }', () => ({ p: { k: nestedList(25) } }), 'params'],
    ['one level past the limit', 'query($p: JSON) { cypher(query: "RETURN $x AS x", params: $p) { rows } }', () => ({ p: { x: nestedList(max()) } }), 'params'],
    ['an ingested document (with the token)', 'mutation($d: JSON!) { ingestDocument(document: $d, dryRun: true) { entitiesCreated } }', () => ({ d: { ...DOCUMENT, extra: nestedList(25) } }), 'document'],
  ])('refuses %s with ARGUMENT_DEPTH_LIMIT', async (_spelling, query, variables, argument) => {
    const text = typeof query === 'function' ? query() : query;
    const answer = await refusedBeforeTheEngine(() => api.graphql(text, variables(), AUTH));
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors[0].extensions).toEqual({ code: 'ARGUMENT_DEPTH_LIMIT', argument, max: max() });
    expect(answer.body.errors[0].message).toMatch(/KG_MAX_JSON_DEPTH/);
    await graphUnchangedAndServerAlive();
  });

  it('accepts a parameter at the depth limit', async () => {
    // params itself is one level: a list nested (max - 1) levels inside it is exactly at the limit.
    const answer = await api.graphql('query($p: JSON) { cypher(query: "RETURN size($x) AS n", params: $p) { rows } }', { p: { x: nestedList(max() - 1) } });
    expect(answer.body).toEqual({ data: { cypher: { rows: [[1]] } } });
  });

  it.each([
    ['a flat list past the value limit', () => ({ p: { ids: Array.from({ length: api.config.maxJsonValues + 1 }, (_, i) => i) } })],
    ['many small lists', () => ({ p: { xs: Array.from({ length: api.config.maxJsonValues / 2 }, () => [1]) } })],
    ['many keys', () => ({ p: Object.fromEntries(Array.from({ length: api.config.maxJsonValues + 1 }, (_, i) => [`k${i}`, i])) })],
  ])('refuses %s with ARGUMENT_SIZE_LIMIT', async (_spelling, variables) => {
    const answer = await refusedBeforeTheEngine(() => api.graphql('query($p: JSON) { cypher(query: "RETURN 1 AS one", params: $p) { rows } }', variables()));
    expect(answer.body.errors[0].extensions).toEqual({ code: 'ARGUMENT_SIZE_LIMIT', argument: 'params', max: api.config.maxJsonValues });
    await graphUnchangedAndServerAlive();
  });

  it('refuses a body past KG_MAX_REQUEST_KB with PAYLOAD_TOO_LARGE before parsing it', async () => {
    const body = JSON.stringify({ query: '{ stats { entities } }', variables: { pad: 'x'.repeat(api.config.maxRequestBytes) } });
    const answer = await refusedBeforeTheEngine(() => send('POST', '', { 'content-type': 'application/json' }, body));
    expect(answer.status).toBe(413);
    expect(answer.body.errors[0].extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', max: api.config.maxRequestBytes });
    await graphUnchangedAndServerAlive();
  });
});

describe('search text is bounded', () => {
  it.each([
    ['160 KB of words', () => 'russia iran '.repeat(13_400)],
    ['one character past the limit', () => 'r'.repeat(api.config.maxSearchLength + 1)],
    ['past the limit in accented letters', () => 'é'.repeat(api.config.maxSearchLength + 1)],
  ])('refuses %s with TEXT_LENGTH_LIMIT, by variable and inline', async (_spelling, text) => {
    for (const answer of [
      await refusedBeforeTheEngine(() => api.graphql('query($t: String!) { search(text: $t) { edges { node { score } } } }', { t: text() })),
      await refusedBeforeTheEngine(() => api.graphql(`{ search(text: ${JSON.stringify(text())}) { edges { node { score } } } }`)),
    ]) {
      expect(answer.body.errors[0].extensions).toEqual({ code: 'TEXT_LENGTH_LIMIT', argument: 'text', max: api.config.maxSearchLength });
    }
    await graphUnchangedAndServerAlive();
  });

  it('answers a search at the limit', async () => {
    const text = `russia ${'x'.repeat(api.config.maxSearchLength - 7)}`;
    expect((await api.graphql('query($t: String!) { search(text: $t) { edges { node { score } } } }', { t: text })).body.errors).toBeUndefined();
  });
});

describe('many fields and aliases are refused before anything runs', () => {
  const aliased = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
  it.each([
    ['aliased entity lookups', () => aliased(Math.ceil((api.config.maxQueryFields + 1) / 2), 'entity(id: "russia") { id name }'), 'QUERY_FIELDS_LIMIT'],
    ['aliased __typename', () => aliased(api.config.maxQueryFields + 1, '__typename'), 'QUERY_FIELDS_LIMIT'],
    ['a fragment used many times', () => `query { ${Array.from({ length: 60 }, (_, i) => `a${i}: entity(id: "russia") { ...F }`).join(' ')} } fragment F on Entity { id name kind aliases description properties sources { offsets } neighbors { edges { node { id } } } }`, 'QUERY_FIELDS_LIMIT'],
    ['nested fragments that multiply', () => `query { ...A } fragment A on Query { a: stats { ...B } b: stats { ...B } c: stats { ...B } d: stats { ...B } } fragment B on Stats { ${Array.from({ length: 200 }, (_, i) => `s${i}: entities`).join(' ')} }`, 'QUERY_FIELDS_LIMIT'],
    ['a query text past the token limit', () => `{ ${Array.from({ length: api.config.maxQueryTokens }, (_, i) => `a${i}: __typename`).join(' ')} }`, 'QUERY_SIZE_LIMIT'],
  ])('refuses %s', async (_spelling, query, code) => {
    const answer = await refusedBeforeTheEngine(() => api.graphql(query()));
    expect(codes(answer)).toEqual([code]);
    expect(answer.body.errors[0].extensions.max).toBe(code === 'QUERY_SIZE_LIMIT' ? api.config.maxQueryTokens : api.config.maxQueryFields);
    await graphUnchangedAndServerAlive();
  });
});

/** GraphiQL's introspection query, and its `__schema { … }` selection and fragments for building aliased copies. */
const intro = getIntrospectionQuery({ inputValueDeprecation: true });
const fragments = intro.slice(intro.indexOf('fragment'));
const schemaSelection = intro.slice(intro.indexOf('__schema'), intro.indexOf('fragment')).trim().replace(/\}$/, '');

describe('introspection is costed by what it returns', () => {
  it("answers GraphiQL's full introspection query under the default limits", async () => {
    const answer = await api.graphql(intro);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.__schema.types.length).toBeGreaterThan(40);
  });

  it.each([
    ['a hundred aliased __schema', () => `{ ${Array.from({ length: 100 }, (_, i) => `s${i}: ${schemaSelection}`).join('\n')} } ${fragments}`],
    ['four aliased full introspections', () => `{ ${Array.from({ length: 4 }, (_, i) => `s${i}: ${schemaSelection}`).join('\n')} } ${fragments}`],
    ['aliased __type with every field and argument', () => `{ ${Array.from({ length: 100 }, (_, i) => `t${i}: __type(name: "Project") { fields { args { type { ofType { ofType { name } } } } type { ofType { ofType { name } } } } }`).join(' ')} }`],
    ['every type with its fields, arguments and possible types, five times', () => `{ ${['a', 'b', 'c', 'd', 'e'].map((a) => `${a}: __schema { types { name fields { name args { name type { name ofType { name } } } type { name ofType { name } } } possibleTypes { name fields { name type { name } } } interfaces { fields { name } } enumValues { name } } }`).join(' ')} }`],
  ])('refuses %s', async (_spelling, query) => {
    const answer = await refusedBeforeTheEngine(() => api.graphql(query()));
    expect(codes(answer)).toHaveLength(1);
    expect(['QUERY_COST_LIMIT', 'QUERY_FIELDS_LIMIT']).toContain(codes(answer)[0]);
    await graphUnchangedAndServerAlive();
  });
});

describe('stats is costed by its engine reads, and read once per request', () => {
  const aliasedStats = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `s${i}: stats { entities relationships }`).join(' ')} }`;

  it.each([
    ['51 aliased stats', 51],
    ['150 aliased stats', 150],
  ])('refuses %s with QUERY_COST_LIMIT', async (_spelling, n) => {
    const answer = await refusedBeforeTheEngine(() => api.graphql(aliasedStats(n)));
    expect(answer.body.errors[0].extensions).toMatchObject({ code: 'QUERY_COST_LIMIT', max: api.config.maxQueryCost });
    await graphUnchangedAndServerAlive();
  });

  it('answers 50 aliased stats with the engine reads of one', async () => {
    let before = api.store.roundTrips;
    await api.graphql(aliasedStats(1));
    const one = api.store.roundTrips - before;
    before = api.store.roundTrips;
    const answer = await api.graphql(aliasedStats(50));
    expect(answer.body.errors).toBeUndefined();
    expect(api.store.roundTrips - before).toBe(one);
  });

  it('answers a cheap entity lookup while a heavy allowed request runs', async () => {
    // A full introspection (about half the cost limit with this schema) and 20 stats: heavy, and still allowed.
    const heavy = api.graphql(`{ a: ${schemaSelection} ${Array.from({ length: 20 }, (_, i) => `s${i}: stats { entities }`).join(' ')} } ${fragments}`);
    const cheap = await api.graphql('{ entity(id: "iran") { name } }');
    expect(cheap.body).toEqual({ data: { entity: { name: 'Iran' } } });
    expect((await heavy).body.errors).toBeUndefined();
  });
});
