/**
 * Issue 11's attacks on users' Cypher, over real HTTP against a real server with KG_ADMIN_TOKEN set and no token
 * in the requests: every class, several spellings each. After each class the graph (stats and a hash of its
 * content), the files in a folder the attacks aim at, and the engine's settings are as before, and the server
 * still answers; at the end an authorised write still works (a refused attack must not wedge the engine).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startApi, type ApiUnderTest } from '../support/server';
import { tempDataDir } from '../support/engines';

const CYPHER = 'query ($query: String!, $params: JSON) { cypher(query: $query, params: $params) { columns rows } }';
const SECRET = 'the-contents-of-a-server-file';

describe('attacks on users’ Cypher without the admin token', () => {
  let api: ApiUnderTest;
  const dir = tempDataDir('kg-attack-');
  const secretFile = path.join(dir, 'secret.csv');
  const cypher = (query: string, params: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    api.graphql(CYPHER, { query, params }, headers);

  /** What must not change: the graph, the folder, the engine's settings. */
  async function state() {
    const dump = await api.store.exportGraph();
    const files = fs.readdirSync(dir, { recursive: true }).map(String).sort();
    const settings =
      api.store.engine === 'embedded'
        ? (await api.store.runCypher("CALL current_setting('threads') RETURN *", { readOnly: true, trusted: true, timeoutMs: 5000, maxRows: 10 })).rows
        : [];
    return {
      stats: await api.store.stats(),
      content: crypto.createHash('sha256').update(JSON.stringify(dump)).digest('hex'),
      files,
      secret: fs.readFileSync(secretFile, 'utf8'),
      settings,
    };
  }
  let before: Awaited<ReturnType<typeof state>>;

  beforeAll(async () => {
    fs.writeFileSync(secretFile, `${SECRET}\n`);
    api = await startApi({ KG_ADMIN_TOKEN: 'secret' });
    before = await state();
  });
  afterAll(() => api.close());

  const q = (p: string) => `'${path.join(dir, p)}'`;
  const CLASSES: [string, string, string[]][] = [
    [
      'writes',
      'CYPHER_WRITE_FORBIDDEN',
      [
        "CREATE (:Entity {id: 'intruder', kind: 'Person', name: 'Intruder'})",
        "cReAtE/**/(:Entity {id: 'intruder', kind: 'Person', name: 'Intruder'})",
        "MATCH (e:Entity {id: 'jalali'}) SET e.name = 'Owned'",
        "MATCH (e:Entity {id: 'jalali'})\tDETACH /* x */ DELETE e",
        "WITH 1 AS x MERGE (:Entity {id: 'intruder', kind: 'Person', name: 'Intruder'})",
        "MATCH (e:Entity) RETURN e.id AS id; MATCH (e:Entity) DETACH DELETE e",
        "RETURN 'a\\\\' AS s CREATE (:Entity {id: 'intruder', kind: 'Person', name: 'x'}) //'",
      ],
    ],
    [
      'reading files',
      'FORBIDDEN',
      [
        `LOAD FROM ${q('secret.csv')} RETURN *`,
        `load/**/from ${q('secret.csv')} RETURN *`,
        `LOAD WITH HEADERS (a STRING) FROM ${q('secret.csv')} RETURN *`,
        `MATCH (e:Entity) WITH e LOAD FROM ${q('secret.csv')} RETURN *`,
        `LOAD CSV FROM 'file://${path.join(dir, 'secret.csv')}' AS line RETURN line`,
        `COPY Entity FROM ${q('secret.csv')}`,
        `RETURN read_csv(${q('secret.csv')}) AS x`,
        `CALL read_csv(${q('secret.csv')}) RETURN *`,
      ],
    ],
    [
      'writing files',
      'FORBIDDEN',
      [
        `COPY (MATCH (e:Entity) RETURN e.id) TO ${q('leak.csv')}`,
        `copy (MATCH (e:Entity) RETURN e.id) to ${q('leak.csv')}`,
        `EXPORT DATABASE ${q('export')}`,
        `EXPORT/**/DATABASE ${q('export')}`,
        `IMPORT DATABASE ${q('export')}`,
      ],
    ],
    [
      'other databases',
      'FORBIDDEN',
      [`ATTACH ${q('other.lbdb')} AS other (dbtype lbug)`, 'DETACH DATABASE other', 'USE other MATCH (n) RETURN n'],
    ],
    ['settings', 'FORBIDDEN', ['CALL threads = 1', 'CALL/**/threads=1', 'call TIMEOUT = 1', "RETURN current_setting('threads') AS t"]],
    ['transactions and checkpoints', 'FORBIDDEN', ['BEGIN TRANSACTION', 'BEGIN TRANSACTION READ ONLY', 'COMMIT', 'ROLLBACK', 'CHECKPOINT', 'checkpoint;']],
    ['extensions and procedures', 'FORBIDDEN', ['INSTALL httpfs', 'LOAD EXTENSION httpfs', 'CALL show_tables() RETURN *', 'CALL dbms.components()', 'RETURN apoc.version() AS v']],
    ['prefixes', 'FORBIDDEN', ['PROFILE MATCH (n) RETURN n', `EXPLAIN COPY (MATCH (e:Entity) RETURN e.id) TO ${q('leak.csv')}`]],
    [
      'odd characters',
      'CYPHER_SYNTAX_ERROR',
      [
        `MATCH (n)\u00a0LOAD FROM ${q('secret.csv')} RETURN *`,
        `MATCH (n)\u2028LOAD FROM ${q('secret.csv')} RETURN *`,
        `MATCH (n)\vCOPY (MATCH (e:Entity) RETURN e.id) TO ${q('leak.csv')}`,
        `MATCH (n)\u200bCREATE (:Entity {id: 'intruder'})`,
        `RETURN 1 AS x\u0000; CHECKPOINT`,
        `MATCH (n) RETURN n // note\u0085CHECKPOINT`,
      ],
    ],
    [
      'syntax the guard does not read',
      'CYPHER_SYNTAX_ERROR',
      [
        `OPTIONAL LOAD FROM ${q('secret.csv')} RETURN *`,
        `MATCH (a)-[:PARTY_TO|(LOAD)]->(b) RETURN a`,
        'ＣＲＥＡＴＥ (n)',
        'MATCH (n) RETURN n СREATE (m)',
        "RETURN 1 AS a; RETURN 2 AS b",
      ],
    ],
    [
      'arguments that crash the embedded engine',
      'FORBIDDEN',
      [
        'RETURN list_contains(NULL, 1) AS x',
        'WITH NULL AS x RETURN rels(x) AS y',
        'RETURN nodes(CASE WHEN true THEN NULL END) AS y',
        'RETURN abs(x -> x) AS y',
        'RETURN map_keys($m) AS y',
      ],
    ],
  ];

  test.each(CLASSES)('%s: refused with %s, and nothing changes', async (_class, code, queries) => {
    for (const query of queries) {
      const { status, body } = await cypher(query, { m: null });
      expect({ query, status, code: body.errors?.[0]?.extensions?.code }).toEqual({ query, status: 200, code });
      expect(body.errors[0].extensions).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
      expect(JSON.stringify(body)).not.toContain(SECRET);
      expect(JSON.stringify(body)).not.toMatch(/Exception|stacktrace|\.ts:\d+/);
    }
    expect(await state()).toEqual(before);
    const alive = await cypher("MATCH (e:Entity {id: 'jalali'}) RETURN e.name AS name");
    expect(alive.body.data.cypher.rows).toEqual([['Jalali']]);
  });

  test('an authorised write still works after every attack, and is undone', async () => {
    const admin = { authorization: 'Bearer secret' };
    const made = await cypher("CREATE (e:Entity {id: 'after-attacks', kind: 'Person', name: 'After'}) RETURN e.id AS id", {}, admin);
    expect(made.body.errors).toBeUndefined();
    await cypher("MATCH (e:Entity {id: 'after-attacks'}) DETACH DELETE e", {}, admin);
    expect((await state()).stats).toEqual(before.stats);
  });
});
