/**
 * Cypher over real HTTP: the admin bearer token decides whether a query may write; the row cap and `limit`;
 * parameters; errors with positions and codes but no stack traces; the named-query fields.
 */
import { startApi, type ApiUnderTest } from '../support/server';
import { WITH_EXAMPLES, seedEntityIds as idsOf, seedEntityName } from '../support/seed';

const seedEntityIds = (kind?: string) => idsOf(kind, WITH_EXAMPLES);

const TOKEN = 'cypher-test-admin-token';
const ADMIN = { authorization: `Bearer ${TOKEN}` };
const CYPHER = 'query ($query: String!, $params: JSON, $limit: Int) { cypher(query: $query, params: $params, limit: $limit) { columns rows rowCount truncated elapsedMs engine } }';

describe('the cypher field over HTTP', () => {
  let api: ApiUnderTest;
  const cypher = (query: string, extra: { params?: unknown; limit?: number } = {}, headers: Record<string, string> = {}) =>
    api.graphql(CYPHER, { query, ...extra }, headers);
  const entityCount = async () => (await cypher('MATCH (e:Entity) RETURN count(e) AS n')).body.data.cypher.rows[0][0];

  beforeAll(async () => {
    api = await startApi({ KG_ADMIN_TOKEN: TOKEN, KG_CYPHER_MAX_ROWS: '10' }, { examples: true });
  });
  afterAll(() => api.close());

  test('answers a read with columns, rows, the engine and the time it took', async () => {
    const started = performance.now();
    const { status, body } = await cypher("MATCH (e:Entity {kind: 'Country'}) RETURN e.id AS id, e.name AS name ORDER BY id");
    const roundTrip = performance.now() - started;
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const countries = seedEntityIds('Country');
    expect(body.data.cypher).toMatchObject({
      columns: ['id', 'name'],
      rows: countries.map((id) => [id, seedEntityName(id)]),
      rowCount: countries.length,
      truncated: false,
      engine: api.store.engine,
    });
    // The time the engine took is part of the time the request took.
    expect(body.data.cypher.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(body.data.cypher.elapsedMs).toBeLessThanOrEqual(roundTrip);
  });

  test('refuses a write without the admin token, with its own code, and the graph keeps its count', async () => {
    const before = await entityCount();
    for (const headers of [{}, { authorization: 'Bearer wrong-token' }, { authorization: TOKEN }] as Record<string, string>[]) {
      const { body } = await cypher("CREATE (:Entity {id: 'intruder', kind: 'Person', name: 'Intruder'})", {}, headers);
      expect(body.data).toBeNull();
      expect(body.errors[0].extensions.code).toBe('CYPHER_WRITE_FORBIDDEN');
      expect(body.errors[0].message).toMatch(/admin token/);
    }
    expect(await entityCount()).toBe(before);
  });

  test('runs a write with the admin token, and the next read sees it', async () => {
    const before = await entityCount();
    const { body } = await cypher("CREATE (e:Entity {id: 'added-over-http', kind: 'Person', name: 'Added'}) RETURN e.id AS id", {}, ADMIN);
    expect(body.errors).toBeUndefined();
    expect(body.data.cypher.rows).toEqual([['added-over-http']]);
    expect(await entityCount()).toBe(before + 1);
    await cypher("MATCH (e:Entity {id: 'added-over-http'}) DETACH DELETE e", {}, ADMIN);
    expect(await entityCount()).toBe(before);
  });

  test('a failing write with the token leaves nothing half done', async () => {
    const before = await entityCount();
    const { body } = await cypher(
      "CREATE (:Entity {id: 'half-done', kind: 'Person', name: 'Half'}) CREATE (:Entity {id: 'russia', kind: 'Country', name: 'Again'})",
      {},
      ADMIN,
    );
    expect(body.errors[0].extensions.code).toMatch(/CONSTRAINT_VIOLATION|CYPHER_ERROR/);
    expect(await entityCount()).toBe(before);
  });

  test('refuses file access without the token before the engine sees the query', async () => {
    const { body } = await cypher("LOAD FROM '/etc/passwd' (file_format='csv') RETURN *");
    expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', line: 1, column: 1 });
  });

  test('caps rows at KG_CYPHER_MAX_ROWS and says so; limit lowers the cap but may not raise it', async () => {
    const all = await cypher('MATCH (e:Entity) RETURN e.id AS id ORDER BY id');
    expect(all.body.data.cypher).toMatchObject({ rowCount: 10, truncated: true });
    const three = await cypher('MATCH (e:Entity) RETURN e.id AS id ORDER BY id', { limit: 3 });
    expect(three.body.data.cypher).toMatchObject({ rowCount: 3, truncated: true });
    expect(three.body.data.cypher.rows).toEqual(all.body.data.cypher.rows.slice(0, 3));
    const countries = seedEntityIds('Country').length;
    const few = await cypher("MATCH (e:Entity {kind: 'Country'}) RETURN e.id AS id", { limit: countries });
    expect(few.body.data.cypher).toMatchObject({ rowCount: countries, truncated: false });
    const tooMany = await cypher('MATCH (e:Entity) RETURN e.id AS id', { limit: 11 });
    expect(tooMany.body.errors[0].extensions.code).toBe('LIMIT_EXCEEDED');
    expect(tooMany.body.errors[0].message).toContain('KG_CYPHER_MAX_ROWS');
  });

  test('binds parameters, and names a missing one', async () => {
    const { body } = await cypher('MATCH (e:Entity) WHERE e.id IN $ids RETURN e.name AS name ORDER BY name', { params: { ids: ['jalali', 'vladimir-putin'] } });
    expect(body.data.cypher.rows).toEqual([['Jalali'], ['Vladimir Putin']]);
    const missing = await cypher('MATCH (e:Entity {id: $id}) RETURN e.name AS name');
    expect(missing.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(missing.body.errors[0].message).toContain('$id');
    const notAnObject = await cypher('RETURN 1 AS one', { params: [1, 2] });
    expect(notAnObject.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: 'params' });
  });

  test('reports a syntax error with its line and column, and no stack trace', async () => {
    const { status, body } = await cypher("MATCH (e:Entity)\nWHERE e.kind = 'Person'\nRETRUN e.id");
    expect(status).toBe(200);
    expect(body.errors[0].extensions).toMatchObject({ code: 'CYPHER_SYNTAX_ERROR', line: 3, column: 1 });
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|\.ts:\d+|at .*\(/);
  });

  test('returns graph values in the portable shape', async () => {
    const { body } = await cypher("MATCH (a:Entity {id: 'russia'})-[r:PARTY_TO]->(b:Entity) RETURN a, r");
    const [node, rel] = body.data.cypher.rows[0];
    expect(node).toMatchObject({ id: 'russia', kind: 'Country', name: 'Russia' });
    expect(rel).toMatchObject({ type: 'PARTY_TO', from: 'russia', to: 'nuclear-energy-memorandum', properties: { evidence: [expect.stringContaining('$25 billion')] } });
  });
});

describe('named queries over HTTP', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await startApi({ KG_ADMIN_TOKEN: TOKEN }, { examples: true });
  });
  afterAll(() => api.close());

  test('namedQueries lists each query with its parameters and the text this engine runs', async () => {
    const { body } = await api.graphql('{ namedQueries { name description text parameters { name type required default min max example } } }');
    const byName = Object.fromEntries(body.data.namedQueries.map((q: any) => [q.name, q]));
    expect(Object.keys(byName)).toEqual(expect.arrayContaining(['agreements', 'connected-to-project', 'mentioned-by-source', 'most-connected', 'person-links', 'shortest-path']));
    expect(byName['connected-to-project'].parameters).toEqual([
      { name: 'project', type: 'string', required: true, default: null, min: null, max: null, example: 'rasht-astara-railway' },
      { name: 'k', type: 'integer', required: false, default: 2, min: 1, max: 6, example: null },
    ]);
    expect(byName['shortest-path'].text).toContain(api.store.engine === 'neo4j' ? 'shortestPath(' : '* SHORTEST 1..6');
  });

  test('namedQuery runs a query by name with parameters', async () => {
    const { body } = await api.graphql('query ($p: JSON) { namedQuery(name: "agreements", params: $p) { columns rows } }', { p: { party: 'iran' } });
    expect(body.errors).toBeUndefined();
    const rows = body.data.namedQuery.rows.map((r: unknown[]) => Object.fromEntries(body.data.namedQuery.columns.map((c: string, i: number) => [c, r[i]])));
    // Largest first: the memorandum's $25 billion, then the railway agreement, which carries no amount of its own.
    expect(rows.map((r: any) => r.id)).toEqual(['nuclear-energy-memorandum', 'rasht-astara-railway-agreement']);
    expect(rows[0]).toMatchObject({ id: 'nuclear-energy-memorandum', amount: 25000000000, currency: 'USD' });
    expect(rows[1]).toMatchObject({ amount: null, currency: null, sectors: [] });
    for (const row of rows) expect([...row.partyIds].sort()).toEqual(['iran', 'russia']);
  });

  test('namedQuery names a wrong parameter or an unknown query', async () => {
    const bad = await api.graphql('{ namedQuery(name: "connected-to-project", params: {project: "rasht-astara-railway", k: 40}) { rows } }');
    expect(bad.body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', path: 'params.k' } });
    expect(bad.body.errors[0].message).toContain('at most 6');
    const unknown = await api.graphql('{ namedQuery(name: "who-knows") { rows } }');
    expect(unknown.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(unknown.body.errors[0].message).toContain('shortest-path');
  });
});
