/**
 * `kg cypher` and `kg --url`: named queries, parameters, files and stdin, table/JSON/CSV output, writes only
 * with --write, and the same commands sent to a running server over HTTP.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { buildProgram } from '../../src/cli/main';
import { runKgProcess } from '../support/cli';
import { PROJECT_ROOT, tempDataDir } from '../support/engines';
import { startApi, type ApiUnderTest } from '../support/server';
import { seedEntityIds, seedEntityName, seedRelationshipIds } from '../support/seed';

const TOKEN = 'cli-test-admin-token';

/** Runs `kg …` in this process and returns what it printed. */
async function kg(...args: string[]): Promise<{ out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    await buildProgram().parseAsync(['node', 'kg', ...args]);
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
  return { out: out.join('\n'), err: err.join('\n') };
}

async function kgFailure(...args: string[]): Promise<{ code: string; message: string }> {
  try {
    await kg(...args);
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error(`expected kg ${args.join(' ')} to fail`);
}

const env = { ...process.env };

describe('kg cypher on the local data folder', () => {
  beforeAll(async () => {
    process.env.KG_DATA_DIR = tempDataDir('kg-cli-');
    process.env.KG_BUFFER_POOL_MB = '128';
    delete process.env.NEO4J_URI;
    await kg('seed');
  });
  afterAll(() => {
    process.env = { ...env };
  });

  test('runs a named query with typed parameters and prints JSON', async () => {
    const { out } = await kg('cypher', '--name', 'most-connected', '--param', 'limit=3', '--format', 'json');
    const rows = JSON.parse(out);
    expect(rows).toHaveLength(3);
    // The most connected entity of the seed, counted from its documents' relationships.
    const degree = new Map<string, number>();
    for (const [from, , to] of seedRelationshipIds().map((id) => id.split('|'))) for (const id of [from!, to!]) degree.set(id, (degree.get(id) ?? 0) + 1);
    const top = Math.max(...degree.values());
    expect(rows[0].relationships).toBe(top);
    expect([...degree].filter(([, n]) => n === top).map(([id]) => id)).toContain(rows[0].id);
    expect(rows[0].relationships).toBeGreaterThan(rows[2].relationships - 1);
  });

  test('reads the query from a file, binds --param values and prints CSV', async () => {
    const file = path.join(tempDataDir('kg-cli-q-'), 'countries.cypher');
    fs.writeFileSync(file, 'MATCH (e:Entity)\nWHERE e.kind = $kind AND e.id <> $skip\nRETURN e.id AS id, e.name AS name\nORDER BY id');
    const { out } = await kg('cypher', '--file', file, '-p', 'kind=Country', '-p', 'skip=china', '--format', 'csv');
    const expected = seedEntityIds('Country').filter((id) => id !== 'china').map((id) => `${id},${seedEntityName(id)}`);
    expect(out.split('\n')).toEqual(['id,name', ...expected]);
  });

  test('prints a table with a row count', async () => {
    const { out, err } = await kg('cypher', "MATCH (e:Entity {id: 'jalali'}) RETURN e.name AS name, e.kind AS kind");
    expect(out).toMatch(/│ name\s+│ kind\s+│/);
    expect(out).toMatch(/│ Jalali\s+│ Person\s+│/);
    expect(err).toMatch(/1 row in [\d.]+ ms \(embedded\)/);
  });

  test('writes only with --write', async () => {
    const refused = await kgFailure('cypher', "CREATE (:Entity {id: 'cli-refused', kind: 'Person', name: 'Refused'})");
    expect(refused.code).toBe('CYPHER_WRITE_FORBIDDEN');
    await kg('cypher', '--write', "CREATE (:Entity {id: 'cli-added', kind: 'Person', name: 'Added'})");
    const { out } = await kg('cypher', "MATCH (e:Entity) WHERE e.id STARTS WITH 'cli-' RETURN e.id AS id", '--format', 'json');
    expect(JSON.parse(out)).toEqual([{ id: 'cli-added' }]);
  });

  test('lists the named queries with their parameters', async () => {
    const { out } = await kg('cypher', '--list');
    for (const name of ['agreements', 'connected-to-project', 'mentioned-by-source', 'most-connected', 'person-links', 'shortest-path']) expect(out).toContain(name);
    expect(out).toContain('k: integer = 2');
  });

  test('names a bad parameter or a mistyped query', async () => {
    expect(await kgFailure('cypher', '--name', 'connected-to-project', '--param', 'project=rasht-astara-railway', '--param', 'k=two')).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('parameter k of connected-to-project'),
    });
    expect(await kgFailure('cypher', '--name', 'agreements', '--param', 'nonsense')).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('name=value') });
    expect(await kgFailure('cypher', 'MATCH (e:Entity)\nRETURN e.id ORDR BY e.id')).toMatchObject({ code: 'CYPHER_SYNTAX_ERROR', message: expect.stringContaining('(line 2, column 13)') });
  });
});

describe('kg --url sends commands to a running server', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await startApi({ KG_ADMIN_TOKEN: TOKEN }, { examples: true });
    process.env.KG_ADMIN_TOKEN = TOKEN;
  });
  afterAll(async () => {
    process.env = { ...env };
    await api.close();
  });

  test('stats answers from the server, as the server’s store counts', async () => {
    const { out } = await kg('--url', api.server.url, 'stats', '--format', 'json');
    const stats = await api.store.stats();
    expect(JSON.parse(out)).toEqual({
      engine: api.store.engine,
      entities: stats.entities,
      relationships: stats.relationships,
      sources: stats.sources,
      entitiesByKind: stats.entitiesByKind,
      relationshipsByType: stats.relationshipsByType,
    });
  });

  test('cypher and named queries run on the server', async () => {
    const { out } = await kg('--url', `${api.server.url}/graphql`, 'cypher', "MATCH (e:Entity {kind: 'Agreement'}) RETURN e.id AS id, e.amount AS amount ORDER BY id", '--format', 'json');
    expect(JSON.parse(out)).toEqual([
      { id: 'nuclear-energy-memorandum', amount: 25000000000 },
      { id: 'rasht-astara-railway-agreement', amount: null },
    ]);
    const named = await kg('--url', api.server.url, 'cypher', '--name', 'shortest-path', '-p', 'from=jalali', '-p', 'to=russia', '--format', 'json');
    expect(JSON.parse(named.out)[0]).toMatchObject({ hops: 2, names: ['Jalali', 'Iran', 'Russia'] });
  });

  test('a write goes through only with --write, which sends KG_ADMIN_TOKEN', async () => {
    const count = async () => (await api.store.stats()).entities;
    const before = await count();
    const query = "CREATE (:Entity {id: 'remote-added', kind: 'Person', name: 'Remote'})";
    expect((await kgFailure('--url', api.server.url, 'cypher', query)).code).toBe('CYPHER_WRITE_FORBIDDEN');
    expect(await count()).toBe(before);
    await kg('--url', api.server.url, 'cypher', '--write', query);
    expect(await count()).toBe(before + 1);
  });

  test('server errors keep their code and position', async () => {
    const err = await kgFailure('--url', api.server.url, 'cypher', 'MATCH (e:Entity)\nRETRUN e');
    expect(err).toMatchObject({ code: 'CYPHER_SYNTAX_ERROR', details: { line: 2 } });
  });

  test('an unreachable server is named', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const err = await kgFailure('--url', `http://127.0.0.1:${port}`, 'stats');
    expect(err.code).toBe('ENGINE_UNAVAILABLE');
    expect(err.message).toContain(`http://127.0.0.1:${port}/graphql (ECONNREFUSED)`);
  });

  test('the command reads the query from stdin and exits 1 with a one-line error', async () => {
    // The mistake is on line 2 of what came in on stdin: the error says so, in one line, and the exit code is 1.
    const bad = await runKgProcess(['--url', api.server.url, 'cypher', '-'], {}, { input: "MATCH (e:Entity {id: 'moscow'})\nRETRUN e.name" });
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^kg: CYPHER_SYNTAX_ERROR: .*line:? 2/);
  });
});

