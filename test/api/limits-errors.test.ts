/**
 * Limits that protect the engine and the error codes a client sees: each limit answered with its own code
 * naming the setting, refused before the engine is asked; NOT_FOUND and BAD_USER_INPUT distinct; no engine
 * message or stack trace unless KG_DEV is on.
 */
import { getIntrospectionQuery } from 'graphql';
import { startApi, type ApiUnderTest } from '../support/server';
import { dataOf, errorOf } from './graphql-results';

const LIMITS = { KG_MAX_PAGE_SIZE: '10', KG_MAX_HOPS: '3', KG_MAX_QUERY_DEPTH: '8', KG_MAX_QUERY_COST: '400' };

let api: ApiUnderTest;

beforeAll(async () => {
  api = await startApi(LIMITS);
});
afterAll(() => api.close());

/** Runs `query` and returns its single error, checking the engine was not asked anything. */
async function refusedBeforeTheEngine(query: string, variables?: Record<string, unknown>) {
  const before = api.store.roundTrips;
  const answer = await api.graphql(query, variables);
  expect(api.store.roundTrips).toBe(before);
  return { ...errorOf(answer), status: answer.status, data: answer.body.data };
}

const seen = new Map<string, string>();
/** Records which code answered which case, to check the codes are distinct. */
function remember(code: string, what: string) {
  seen.set(what, code);
  return code;
}

describe('limits', () => {
  it('caps `first` at KG_MAX_PAGE_SIZE with PAGE_SIZE_LIMIT', async () => {
    const { extensions, message } = await refusedBeforeTheEngine('{ entities(first: 11) { totalCount } }');
    expect(remember(extensions.code, 'first')).toBe('PAGE_SIZE_LIMIT');
    expect(extensions).toMatchObject({ argument: 'first', max: 10 });
    expect(message).toMatch(/KG_MAX_PAGE_SIZE/);
    dataOf(await api.graphql('{ entities(first: 10) { totalCount } }'));
  });

  it('caps `maxHops` at KG_MAX_HOPS with HOPS_LIMIT', async () => {
    const { extensions, message } = await refusedBeforeTheEngine('{ connections(id: "russia", maxHops: 4) { distance } }');
    expect(remember(extensions.code, 'maxHops')).toBe('HOPS_LIMIT');
    expect(extensions).toMatchObject({ argument: 'maxHops', max: 3 });
    expect(message).toMatch(/KG_MAX_HOPS/);
    const path = await refusedBeforeTheEngine('{ shortestPath(from: "russia", to: "iran", maxHops: 9) { length } }');
    expect(path.extensions.code).toBe('HOPS_LIMIT');
  });

  it('refuses a query deeper than KG_MAX_QUERY_DEPTH with QUERY_DEPTH_LIMIT', async () => {
    // Nine levels below entity: two pages of neighbours (neighbors, edges, node each) and a third's page info.
    const deep = `{ entity(id: "russia") { ${'neighbors { edges { node { '.repeat(2)}neighbors { pageInfo { hasNextPage } }${' } } }'.repeat(2)} } }`;
    const { extensions, message, status, data } = await refusedBeforeTheEngine(deep);
    expect(remember(extensions.code, 'depth')).toBe('QUERY_DEPTH_LIMIT');
    expect(extensions).toMatchObject({ depth: 9, max: 8 });
    expect(message).toMatch(/KG_MAX_QUERY_DEPTH/);
    expect(status).toBe(200); // application/json: errors travel in a 200 (GraphQL over HTTP)
    expect(data).toBeUndefined();
  });

  it('refuses a query whose estimated cost passes KG_MAX_QUERY_COST with QUERY_COST_LIMIT', async () => {
    const costly = '{ entities(first: 10) { edges { node { relationships(first: 10) { edges { other { neighbors(first: 10) { edges { cursor } } } } } } } } }';
    const { extensions, message } = await refusedBeforeTheEngine(costly);
    expect(remember(extensions.code, 'cost')).toBe('QUERY_COST_LIMIT');
    expect(extensions.max).toBe(400);
    expect(extensions.cost).toBeGreaterThan(400);
    expect(message).toMatch(/KG_MAX_QUERY_COST/);
    // The same shape with smaller pages fits.
    dataOf(await api.graphql('{ entities(first: 3) { edges { node { relationships(first: 3) { edges { other { neighbors(first: 3) { edges { cursor } } } } } } } } }'));
  });

  it('takes the page sizes from variables when estimating the cost', async () => {
    const query = 'query($n: Int) { entities(first: $n) { edges { node { relationships(first: $n) { edges { other { neighbors(first: $n) { edges { cursor } } } } } } } } }';
    expect((await refusedBeforeTheEngine(query, { n: 10 })).extensions.code).toBe('QUERY_COST_LIMIT');
    dataOf(await api.graphql(query, { n: 3 }));
  });

  it('answers 400 for a refused query when the client asks for application/graphql-response+json', async () => {
    const res = await fetch(`${api.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: `{ entity(id: "x") { ${'neighbors { edges { node { '.repeat(9)}id${' } } }'.repeat(9)} } }` }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('QUERY_DEPTH_LIMIT');
  });

  it('costs introspection by what it returns: a type lookup fits, the full schema does not fit a cost of 400', async () => {
    const data = dataOf(await api.graphql('{ __type(name: "Project") { name fields { name } } }'));
    expect(data.__type.fields.map((f: any) => f.name)).toEqual(expect.arrayContaining(['participants', 'fundedBy']));
    const { extensions } = await refusedBeforeTheEngine(getIntrospectionQuery({ inputValueDeprecation: true }));
    expect(extensions).toMatchObject({ code: 'QUERY_COST_LIMIT', max: 400 });
    // About one object per cost unit: the full answer holds some 1 700 objects for this schema (its connections included).
    expect(extensions.cost).toBeGreaterThan(1000);
    expect(extensions.cost).toBeLessThan(3000);
  });

  it('caps the fields of an operation at KG_MAX_QUERY_FIELDS, counting aliases and every use of a fragment', async () => {
    const capped = await startApi({ KG_MAX_QUERY_FIELDS: '20' });
    try {
      const { status, body } = await capped.graphql(`{ ${Array.from({ length: 21 }, (_, i) => `e${i}: __typename`).join(' ')} }`);
      expect(status).toBe(200);
      expect(body.errors[0].extensions).toEqual({ code: 'QUERY_FIELDS_LIMIT', fields: 21, max: 20 });
      expect(body.errors[0].message).toMatch(/KG_MAX_QUERY_FIELDS/);
      // A fragment of 5 fields used 5 times selects 25 fields.
      const fragments = `query { ${Array.from({ length: 5 }, (_, i) => `e${i}: entity(id: "russia") { ...F }`).join(' ')} } fragment F on Entity { id name kind aliases description }`;
      expect((await capped.graphql(fragments)).body.errors[0].extensions).toMatchObject({ code: 'QUERY_FIELDS_LIMIT', fields: 30 });
      dataOf(await capped.graphql(`{ ${Array.from({ length: 20 }, (_, i) => `e${i}: __typename`).join(' ')} }`));
    } finally {
      await capped.close();
    }
  });
});

describe('error codes', () => {
  it('answers NOT_FOUND naming the argument that names nothing', async () => {
    for (const [query, argument] of [
      ['{ shortestPath(from: "atlantis", to: "russia") { length } }', 'from'],
      ['{ allShortestPaths(from: "russia", to: "atlantis") { length } }', 'to'],
      ['{ connections(id: "atlantis") { distance } }', 'id'],
      ['{ agreements(party: "atlantis") { edges { node { id } } } }', 'party'],
    ] as const) {
      const { extensions, message } = errorOf(await api.graphql(query));
      expect(remember(extensions.code, `not found ${argument}`)).toBe('NOT_FOUND');
      expect(extensions.argument).toBe(argument);
      expect(message).toContain('atlantis');
    }
  });

  it('answers BAD_USER_INPUT for values the schema cannot reject by itself', async () => {
    const cases: [string, Record<string, unknown>?][] = [
      ['{ entities(first: -1) { totalCount } }'],
      ['{ entities(after: "not a cursor!") { totalCount } }'],
      ['{ entity(id: "russia") { relationships(after: "%%%") { totalCount } } }'],
      ['{ search(text: "  ") { edges { node { score } } } }'],
      ['{ connections(id: "russia", maxHops: 0) { distance } }'],
      ['query($n: Int) { entities(first: $n) { totalCount } }', { n: 'ten' }],
    ];
    for (const [query, variables] of cases) {
      const { extensions } = errorOf(await api.graphql(query, variables));
      expect(remember(extensions.code, query)).toBe('BAD_USER_INPUT');
    }
  });

  it('answers GRAPHQL_VALIDATION_FAILED for an unknown field or enum value, and GRAPHQL_PARSE_FAILED for bad syntax', async () => {
    expect(errorOf(await api.graphql('{ entity(id: "russia") { salary } }')).extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(errorOf(await api.graphql('{ entities(kind: [Planet]) { totalCount } }')).extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(errorOf(await api.graphql('{ entity(id: "russia") { name }')).extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('keeps the limit codes apart from each other and from NOT_FOUND and BAD_USER_INPUT', () => {
    const codes = new Set(seen.values());
    expect(codes).toEqual(new Set(['PAGE_SIZE_LIMIT', 'HOPS_LIMIT', 'QUERY_DEPTH_LIMIT', 'QUERY_COST_LIMIT', 'NOT_FOUND', 'BAD_USER_INPUT']));
  });
});

describe('engine failures', () => {
  /** A server whose engine has gone away under it (the store is closed while the server runs). */
  async function brokenServer(env: Record<string, string>) {
    const broken = await startApi(env);
    await broken.store.close();
    return broken;
  }

  it('hide the engine message and stack trace from clients, and /healthz says unavailable', async () => {
    const broken = await brokenServer({});
    try {
      const answer = await broken.graphql('{ entity(id: "russia") { name } }');
      const { message, extensions } = errorOf(answer);
      expect(extensions.code).toBe('ENGINE_ERROR');
      expect(message).toBe('the graph engine failed to answer');
      expect(extensions.stacktrace).toBeUndefined();
      expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.(ts|js):\d+|Connection|closed/i);
      const health = await fetch(`${broken.server.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: 'unavailable', engine: 'embedded' });
    } finally {
      await broken.server.stop();
    }
  });

  it('show the engine message and stack trace in development mode (KG_DEV)', async () => {
    const broken = await brokenServer({ KG_DEV: 'true' });
    try {
      const { extensions } = errorOf(await broken.graphql('{ entity(id: "russia") { name } }'));
      expect(extensions.code).toBe('ENGINE_ERROR');
      expect(typeof extensions.engineMessage).toBe('string');
      expect(extensions.engineMessage).not.toBe('the graph engine failed to answer');
      expect(Array.isArray(extensions.stacktrace)).toBe(true);
    } finally {
      await broken.server.stop();
    }
  });
});
