/**
 * GraphStore.runCypher on every engine under test: read-only refusals that change nothing, writes in one
 * transaction, the row cap, parameters, errors with positions, and one portable shape for graph values.
 */
import { LadybugGraphStore } from '../../src/graph/embedded/store';
import type { CypherOptions, EngineName, GraphStore, Json } from '../../src/graph/port';
import { until } from '../support/condition';
import { enginesUnderTest, openSeeded, openEmbeddedStore } from '../support/engines';

const READ: CypherOptions = { readOnly: true, timeoutMs: 20000, maxRows: 1000 };
const WRITE: CypherOptions = { ...READ, readOnly: false };

/** The query text of the engine's dialect, where the two differ. */
const dialect = (engine: EngineName, texts: Record<EngineName, string>) => texts[engine];

// Every pair of six entities compared: about 1.8 billion rows to filter, on any engine.
const explosive =
  'MATCH (a:Entity), (b:Entity), (c:Entity), (d:Entity), (e:Entity), (f:Entity) WHERE a.name < b.name + c.name + d.name + e.name + f.name RETURN count(*) AS n';

async function failure(work: Promise<unknown>): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  try {
    await work;
  } catch (e) {
    return e as { code: string; message: string; details: Record<string, unknown> };
  }
  throw new Error('expected the query to fail');
}

describe.each(enginesUnderTest())('runCypher on the $name engine', (engine) => {
  let store: GraphStore;
  const count = async () => (await store.runCypher('MATCH (e:Entity) RETURN count(e) AS n', READ)).rows[0]![0];
  const nameOf = async (id: string) => (await store.runCypher('MATCH (e:Entity {id: $id}) RETURN e.name AS name', { ...READ, params: { id } })).rows[0]?.[0];

  beforeAll(async () => {
    store = await openSeeded(engine);
  });
  afterAll(() => store.close());

  describe('read-only', () => {
    test.each([
      ['CREATE', "CREATE (:Entity {id: 'intruder', kind: 'Person', name: 'Intruder'})"],
      ['MERGE', "MERGE (e:Entity {id: 'intruder'}) ON CREATE SET e.kind = 'Person', e.name = 'Intruder'"],
      ['SET', "MATCH (e:Entity {id: 'jalali'}) SET e.name = 'Changed'"],
      ['DELETE', "MATCH (e:Entity {id: 'jalali'}) DETACH DELETE e"],
      ['a write after a read', "MATCH (e:Entity {id: 'jalali'}) WITH e CREATE (:Entity {id: 'intruder', kind: 'Person', name: 'Intruder'}) RETURN e.id"],
    ])('refuses %s with CYPHER_WRITE_FORBIDDEN and leaves the graph as it was', async (_what, query) => {
      const before = await count();
      const err = await failure(store.runCypher(query, READ));
      expect(err.code).toBe('CYPHER_WRITE_FORBIDDEN');
      expect(await count()).toBe(before);
      expect(await nameOf('jalali')).toBe('Jalali');
      expect(await nameOf('intruder')).toBeUndefined();
    });

    test.each([
      ["LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", 'LOAD CSV', 1, 1],
      ["LOAD FROM '/etc/passwd' (file_format='csv') RETURN *", 'LOAD FROM', 1, 1],
      ["COPY (MATCH (e:Entity) RETURN e.id) TO '/tmp/leak.csv'", 'COPY', 1, 1],
      ["EXPORT DATABASE '/tmp/leak'", 'EXPORT', 1, 1],
      ["ATTACH '/tmp/other.lbdb' AS other (dbtype lbug)", 'ATTACH', 1, 1],
      ['CALL threads = 64', 'CALL name = value', 1, 1],
      ["// a comment\nCALL dbms.listConfig() YIELD name RETURN name", 'dbms', 2, 1],
    ])('refuses %j (reaching past the graph) with FORBIDDEN and a position', async (query, what, line, column) => {
      const err = await failure(store.runCypher(query, READ));
      expect(err.code).toBe('FORBIDDEN');
      expect(err.message).toContain(what);
      expect(err.details).toMatchObject({ line, column });
    });

    test('words inside strings, comments and property names are not mistaken for clauses', async () => {
      const result = await store.runCypher("// COPY this: LOAD CSV\nMATCH (e:Entity {id: 'jalali'}) RETURN 'LOAD FROM x; COPY y' AS copy, e.name AS name", READ);
      expect(result.rows).toEqual([['LOAD FROM x; COPY y', 'Jalali']]);
    });
  });

  describe('with writes allowed', () => {
    test('a write runs and is seen by the next read', async () => {
      const before = Number(await count());
      const result = await store.runCypher("CREATE (e:Entity {id: 'added-by-cypher', kind: 'Person', name: 'Added'}) RETURN e.id AS id", WRITE);
      expect(result.rows).toEqual([['added-by-cypher']]);
      expect(await count()).toBe(before + 1);
      await store.runCypher("MATCH (e:Entity {id: 'added-by-cypher'}) DETACH DELETE e", WRITE);
      expect(await count()).toBe(before);
    });

    test('a write that fails half way changes nothing: the statement is one transaction', async () => {
      const before = await count();
      const err = await failure(
        store.runCypher("CREATE (:Entity {id: 'half-way', kind: 'Person', name: 'Half'}) CREATE (:Entity {id: 'jalali', kind: 'Person', name: 'Duplicate'})", WRITE),
      );
      expect(err.code).toMatch(/CONSTRAINT_VIOLATION|CYPHER_ERROR|ENGINE_ERROR/);
      expect(await count()).toBe(before);
      expect(await nameOf('half-way')).toBeUndefined();
    });
  });

  describe('row cap', () => {
    test('marks the result truncated when rows go past the cap, and only then', async () => {
      const all = Number(await count());
      const capped = await store.runCypher('MATCH (e:Entity) RETURN e.id AS id ORDER BY id', { ...READ, maxRows: 5 });
      expect(capped.rows).toHaveLength(5);
      expect(capped.truncated).toBe(true);
      const exact = await store.runCypher('MATCH (e:Entity) RETURN e.id AS id ORDER BY id', { ...READ, maxRows: all });
      expect(exact.rows).toHaveLength(all);
      expect(exact.truncated).toBe(false);
      const limited = await store.runCypher('MATCH (e:Entity) RETURN e.id AS id ORDER BY id LIMIT 5', { ...READ, maxRows: 5 });
      expect(limited.truncated).toBe(false);
      expect(capped.rows).toEqual(limited.rows);
    });
  });

  describe('parameters', () => {
    test('strings, lists and integers bind as the engine expects', async () => {
      const result = await store.runCypher('MATCH (e:Entity) WHERE e.id IN $ids AND e.kind = $kind RETURN e.id AS id ORDER BY id LIMIT $n', {
        ...READ,
        params: { ids: ['iran', 'russia', 'china', 'jalali'], kind: 'Country', n: 2 },
      });
      expect(result.columns).toEqual(['id']);
      expect(result.rows).toEqual([['china'], ['iran']]);
    });

    test('a parameter the query uses but the request lacks is named in the error', async () => {
      const err = await failure(store.runCypher('MATCH (e:Entity {id: $who}) RETURN e.name AS name', READ));
      expect(err.code).toBe('BAD_USER_INPUT');
      expect(err.message).toContain('$who');
    });
  });

  describe('errors', () => {
    test('a syntax error gives the line and column of the mistake', async () => {
      const query = 'MATCH (e:Entity)\nWHERE e.kind = "Person"\nRETRUN e.id';
      const err = await failure(store.runCypher(query, READ));
      expect(err.code).toBe('CYPHER_SYNTAX_ERROR');
      expect(err.details).toMatchObject({ line: 3, column: 1 });
    });

    test('a mistake in the middle of a line points at it', async () => {
      const query = 'MATCH (e:Entity)\nRETURN e.id ORDR BY e.id';
      const err = await failure(store.runCypher(query, READ));
      expect(err.code).toBe('CYPHER_SYNTAX_ERROR');
      expect(err.details.line).toBe(2);
      // Engines point at the offending word or the space before it.
      expect([12, 13]).toContain(err.details.column);
    });

    test('an unknown variable is located in the query', async () => {
      const err = await failure(store.runCypher('MATCH (e:Entity)\nRETURN x.id', READ));
      expect(err.code).toBe('CYPHER_SYNTAX_ERROR');
      expect(err.details).toMatchObject({ line: 2, column: 8 });
    });

    test('one statement per request', async () => {
      const err = await failure(store.runCypher('RETURN 1 AS one; RETURN 2 AS two', READ));
      expect(err.code).toBe('CYPHER_SYNTAX_ERROR');
    });

    test('an unknown function is a syntax error with its position', async () => {
      const err = await failure(store.runCypher('MATCH (e:Entity)\nRETURN nosuchfunction(e.id) AS x', READ));
      expect(err.code).toBe('CYPHER_SYNTAX_ERROR');
      expect(err.details).toMatchObject({ line: 2, column: 8 });
    });
  });

  describe('portable values', () => {
    test('a node is {id, kind, name, properties} without engine-internal or empty properties', async () => {
      const { rows } = await store.runCypher("MATCH (e:Entity {id: 'nuclear-energy-memorandum'}) RETURN e", READ);
      expect(rows[0]![0]).toEqual({
        id: 'nuclear-energy-memorandum',
        kind: 'Agreement',
        name: 'Nuclear energy memorandum',
        properties: {
          aliases: ['$25 billion memorandum'],
          description: expect.stringContaining('$25 billion'),
          agreementType: 'memorandum',
          status: 'signed',
          amount: 25000000000,
          currency: 'USD',
        },
      });
    });

    test('a relationship on its own names its ends by entity id', async () => {
      const { rows } = await store.runCypher("MATCH (:Entity {id: 'jalali'})-[r]->(:Entity {id: 'iran'}) RETURN r", READ);
      expect(rows).toEqual([[{ type: 'ENVOY_OF', from: 'jalali', to: 'iran', properties: { evidence: ["Iran's Envoy to Moscow"], sources: ['iran-russia-envoy-interview'] } }]]);
    });

    test('a mention names the source and the entity', async () => {
      const { rows } = await store.runCypher("MATCH (:Source)-[m:MENTIONS]->(:Entity {id: 'jalali'}) RETURN m", READ);
      expect(rows[0]![0]).toMatchObject({ type: 'MENTIONS', from: 'iran-russia-envoy-interview', to: 'jalali', properties: { offsets: expect.any(Array) } });
    });

    test('a path is its nodes and the relationships between them, ends as entity ids', async () => {
      const query = "MATCH p = (:Entity {id: 'rasht'})<-[:CONNECTS]-(:Entity)-[:PART_OF]->(:Entity {id: 'north-south-transport-corridor'}) RETURN p";
      const { rows } = await store.runCypher(query, READ);
      const path = rows[0]![0] as { nodes: { id: string; kind: string }[]; relationships: Json[] };
      expect(path.nodes.map((n) => [n.id, n.kind])).toEqual([
        ['rasht', 'Place'],
        ['rasht-astara-railway', 'Project'],
        ['north-south-transport-corridor', 'Project'],
      ]);
      expect(path.relationships).toEqual([
        expect.objectContaining({ type: 'CONNECTS', from: 'rasht-astara-railway', to: 'rasht' }),
        expect.objectContaining({ type: 'PART_OF', from: 'rasht-astara-railway', to: 'north-south-transport-corridor' }),
      ]);
    });

    test('a source node is named by its title', async () => {
      const { rows } = await store.runCypher('MATCH (s:Source) RETURN s', READ);
      expect(rows[0]![0]).toMatchObject({ id: 'iran-russia-envoy-interview', kind: 'Source', name: expect.stringContaining('Envoy'), properties: { title: expect.any(String), text: expect.any(String) } });
    });

    test('integers are numbers when safe and strings beyond 2^53; dates are ISO strings; maps stay maps', async () => {
      const query = dialect(store.engine, {
        neo4j: "RETURN 42 AS small, 9007199254740993 AS big, date('2024-01-02') AS day, {a: 1, b: ['x', 'y']} AS map",
        // LadybugDB's Node binding reads INT64 as a JS number (2^53 rounding), so exact big integers need INT128.
        embedded: "RETURN 42 AS small, CAST('9007199254740993' AS INT128) AS big, date('2024-01-02') AS day, {a: 1, b: ['x', 'y']} AS map",
      });
      const { rows } = await store.runCypher(query, READ);
      expect(rows).toEqual([[42, '9007199254740993', '2024-01-02', { a: 1, b: ['x', 'y'] }]]);
    });

    test('timestamps and durations are ISO 8601 strings', async () => {
      const query = dialect(store.engine, {
        neo4j: "RETURN datetime('2024-01-02T03:04:05Z') AS at, duration({days: 1, hours: 3}) AS span",
        embedded: "RETURN timestamp('2024-01-02T03:04:05Z') AS at, interval('1 day 3 hours') AS span",
      });
      const [[at, span]] = (await store.runCypher(query, READ)).rows as [string, string][];
      expect(new Date(at!).toISOString()).toBe('2024-01-02T03:04:05.000Z');
      expect(span).toMatch(/^P(\d+M)?(\d+D)?T\d+S$/);
    });

    (engine.name === 'embedded' ? test : test.skip)('bytes are base64', async () => {
      const { rows } = await store.runCypher("RETURN BLOB('\\\\xAA\\\\xBB') AS bytes", READ);
      expect(rows).toEqual([['qrs=']]);
    });
  });

  describe('time limit', () => {

    test('stops a deliberately explosive query, and the engine answers the next one', async () => {
      const err = await failure(store.runCypher(explosive, { ...READ, timeoutMs: 500 }));
      expect(err.code).toBe('CYPHER_TIMEOUT');
      expect(await nameOf('jalali')).toBe('Jalali');
    });
  });
});

// The queueing rule against the configured number of users' queries at once (KG_CYPHER_CONCURRENCY), whatever
// the machine's cores: as many run side by side as configured, the next waits its turn within its own limit.
describe.each([1, 2, 4, 16])('with %i users\' queries at once on the embedded engine', (concurrency) => {
  let store: LadybugGraphStore;
  // Long enough that the queries below are sent while the slow ones still hold every slot.
  const SLOW_MS = 4000;

  beforeAll(async () => {
    store = await openEmbeddedStore({ bufferPoolMb: 256, cypherConcurrency: concurrency, seeded: true });
    // Every query process started and holding a view, so no slow query below spends its time starting one.
    await store.warmUp();
  }, 180_000);
  afterAll(() => store.close());

  test('that many run at once; another waits its turn within its own limit; named-query text does not wait', async () => {
    const order: string[] = [];
    const slow = Array.from({ length: concurrency }, () => failure(store.runCypher(explosive, { ...READ, timeoutMs: SLOW_MS })).then((e) => order.push(`slow ${e.code}: ${e.message}`)));
    await until(() => store.userQueryLoad().running === concurrency, `${concurrency} running queries`);
    expect(order).toEqual([]);

    const impatient = await failure(store.runCypher('RETURN 1 AS one', { ...READ, timeoutMs: 200 }));
    expect(impatient.code).toBe('CYPHER_TIMEOUT');
    expect(impatient.message).toMatch(/waited/);
    const trusted = await store.runCypher('RETURN 2 AS two', { ...READ, trusted: true });
    expect(trusted.rows).toEqual([[2]]);
    order.push('trusted');
    const patient = store.runCypher('RETURN 3 AS three', { ...READ, timeoutMs: 60_000 }).then((r) => order.push(`patient ${r.rows[0]![0]}`));
    await Promise.all([...slow, patient]);

    // Each slow query ran (and was stopped at its limit): none of them waited for a turn.
    const stopped = order.filter((o) => o.startsWith('slow'));
    expect(stopped).toEqual(Array(concurrency).fill('slow CYPHER_TIMEOUT: the query ran past its time limit and was stopped'));
    expect(order[0]).toBe('trusted');
    // The patient query got the first slot a slow one gave back.
    expect(order.indexOf('patient 3')).toBeGreaterThan(order.findIndex((o) => o.startsWith('slow')));
  }, 120_000);
});
