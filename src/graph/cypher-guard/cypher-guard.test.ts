/**
 * The guard on its own: every read users send is accepted on its engine (the README's examples, the named
 * queries of both dialects, the dialect table's rows), and every class of refusal holds under hostile spellings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { KgError } from '../../errors';
import type { EngineName } from '../port';
import { MAX_QUERY_LENGTH, refuseUnlessRead } from '.';
import { guardRefusal as refusal } from '../../../test/support/guard';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const ENGINES: EngineName[] = ['embedded', 'neo4j'];

/** The named queries as each engine runs them (the .embedded.cypher file where there is one). */
function namedQueries(): [string, EngineName, string][] {
  const dir = path.join(ROOT, 'cypher', 'queries');
  const base = fs.readdirSync(dir).filter((f) => f.endsWith('.cypher') && !f.endsWith('.embedded.cypher'));
  return base.flatMap((f) => {
    const embedded = path.join(dir, f.replace(/\.cypher$/, '.embedded.cypher'));
    return [
      [f, 'neo4j', fs.readFileSync(path.join(dir, f), 'utf8')],
      [path.basename(fs.existsSync(embedded) ? embedded : f), 'embedded', fs.readFileSync(fs.existsSync(embedded) ? embedded : path.join(dir, f), 'utf8')],
    ] as [string, EngineName, string][];
  });
}

/** The dialect table's rows, read from the test that checks them against the engine (one source). */
function dialectRows(): [EngineName, string][] {
  const text = fs.readFileSync(path.join(ROOT, 'test', 'cypher', 'dialect.test.ts'), 'utf8');
  const rows: [EngineName, string][] = [];
  for (const m of text.matchAll(/\b(neo4j|embedded):\s*("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/g)) {
    rows.push([m[1] as EngineName, new Function(`return ${m[2]}`)() as string]);
  }
  return rows;
}

/** The Cypher in the README's "Your own Cypher" examples. */
function readmeQueries(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Your own Cypher'), readme.indexOf('### Named queries'));
  const fromGraphql = [...section.matchAll(/cypher\(query: "((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
  const fromShell = [...section.matchAll(/(?:kg cypher|echo) '([^']*)'/g)].map((m) => m[1]!);
  return [...fromGraphql, ...fromShell];
}

describe('accepted: the reads users send', () => {
  test('the corpus is not empty (a broken extraction would pass every row)', () => {
    expect(namedQueries().length).toBeGreaterThanOrEqual(12);
    expect(dialectRows().length).toBeGreaterThanOrEqual(28);
    expect(readmeQueries().length).toBeGreaterThanOrEqual(3);
  });

  test.each(namedQueries())('named query %s on %s', (_file, engine, text) => {
    expect(() => refuseUnlessRead(text, engine)).not.toThrow();
  });

  test.each(dialectRows())('the dialect table’s %s form: %s', (engine, query) => {
    expect(() => refuseUnlessRead(query, engine)).not.toThrow();
  });

  test.each(readmeQueries().flatMap((q) => ENGINES.map((e) => [e, q] as const)))('README example on %s: %s', (engine, query) => {
    expect(() => refuseUnlessRead(query, engine)).not.toThrow();
  });

  test.each([
    "MATCH (n:Entity) WHERE n.name =~ '(?i)ras.*' AND NOT n.id IN ['a', \"b\"] AND n.amount IS NOT NULL RETURN DISTINCT n.id AS id SKIP 1 LIMIT 2",
    "match (n:`Entity`)-[:PARTY_TO|:FUNDS]->(m) where n.kind starts with 'P' or m.name ends with 'y' xor n.name contains 'a' return n.id as id",
    'MATCH (a)-[r*]->(b), (c)<-[*1..3]-(d) RETURN count(*) AS n',
    'UNWIND [1, 2.5, -3e2, .5] AS x WITH x WHERE x > 0 RETURN x % 2 AS r, x ^ 2 AS s ORDER BY r ASC, s DESCENDING',
    "RETURN CASE WHEN 1 > 2 THEN 'a' ELSE 'b' END AS c, CASE 1 WHEN 1 THEN true END AS d, {a: 1, `b c`: [null, $x, $0]} AS m",
    "RETURN 'it\\'s \\\"fine\\\" \\n \\u00e9 \\\\' AS s, \"double 'quoted'\" AS t",
    'MATCH (n) RETURN n.id AS id UNION MATCH (m) RETURN m.id AS id UNION ALL RETURN 1 AS id',
    "MATCH (n) /* a comment */ RETURN n // to the end\n LIMIT 1;",
    "MATCH (n) WHERE EXISTS { MATCH (n)-[:PARTY_TO]->() } RETURN COUNT { MATCH (n)--() } AS degree",
    "RETURN 'unterminated\\' CREATE (n) //' AS one_string",
    "RETURN 'Jalālī زبان‌ها\u200c' AS persian",
  ])('both engines: %s', (query) => {
    for (const engine of ENGINES) expect(() => refuseUnlessRead(query, engine)).not.toThrow();
  });

  test.each([
    ['neo4j', "MATCH (n) RETURN n {.id, .name, degree: COUNT { (n)--() }} AS m, [(n)-->(m) | m.id] AS out, reduce(s = '', x IN ['a'] | s + x) AS r"],
    ['neo4j', "MATCH p = allShortestPaths((a)-[*..4]-(b)) WHERE all(x IN nodes(p) WHERE x:Entity) RETURN [r IN relationships(p) | type(r)] AS t, duration.between(date(), date()) AS d"],
    ['neo4j', 'MATCH (a) CALL { WITH a MATCH (a)--(b) RETURN count(b) AS n } RETURN a.id AS id, n, COLLECT { MATCH (a)--(c) RETURN c.id } AS ids'],
    ['embedded', "MATCH p = (a)-[e:PARTY_TO* ALL SHORTEST 1..6 (r, n | WHERE n.kind <> 'Source')]->(b) RETURN list_filter(rels(p), x -> label(x) = 'A') AS f, CAST(length(p) AS STRING) AS l"],
    ['embedded', 'RETURN list_reduce([1, 2], (a, b) -> a + b) AS s, list_transform([1], x -> x * 2) AS t, CAST([1] AS INT64[]) AS u, CAST(1 AS DECIMAL(10, 2)) AS v'],
  ] as [EngineName, string][])('on %s: %s', (engine, query) => {
    expect(() => refuseUnlessRead(query, engine)).not.toThrow();
  });
});

/** Hostile spellings of a clause: case, comments and odd blanks between words, prefixes, a second statement. */
describe.each(ENGINES)('refused on %s', (engine) => {
  const cases: [string, string, string, string][] = [
    // [class, query, code, what the message names]
    ['write', "CREATE (:Entity {id: 'x'})", 'CYPHER_WRITE_FORBIDDEN', 'CREATE'],
    ['write', "cReAtE (:Entity {id: 'x'})", 'CYPHER_WRITE_FORBIDDEN', 'CREATE'],
    ['write', "MATCH (n) WITH n MERGE (m:Entity {id: 'x'})", 'CYPHER_WRITE_FORBIDDEN', 'MERGE'],
    ['write', "MATCH (n) SET n.name = 'x'", 'CYPHER_WRITE_FORBIDDEN', 'SET'],
    ['write', 'MATCH (n)/**/DETACH/**/DELETE n', 'CYPHER_WRITE_FORBIDDEN', 'DETACH DELETE'],
    ['write', 'MATCH (n) DELETE n', 'CYPHER_WRITE_FORBIDDEN', 'DELETE'],
    ['write', 'MATCH (n) REMOVE n.name', 'CYPHER_WRITE_FORBIDDEN', 'REMOVE'],
    ['write', 'FOREACH (x IN [1] | CREATE (:Entity))', 'CYPHER_WRITE_FORBIDDEN', 'FOREACH'],
    ['write', 'WITH 1 AS x CREATE (:Entity)', 'CYPHER_WRITE_FORBIDDEN', 'CREATE'],
    ['write', 'MATCH (n) RETURN n; CREATE (:Entity)', 'CYPHER_WRITE_FORBIDDEN', 'CREATE'],
    ['write', 'MATCH (n) WHERE EXISTS { CREATE (m) } RETURN n', 'CYPHER_WRITE_FORBIDDEN', 'CREATE'],
    ['write', "RETURN 'a\\'' AS s CREATE (n)", 'CYPHER_WRITE_FORBIDDEN', 'CREATE'],
    ['write', 'CALL db.createLabel("X")', 'CYPHER_WRITE_FORBIDDEN', 'CALL'],
    ['file', "LOAD FROM '/etc/passwd' RETURN *", 'FORBIDDEN', 'LOAD'],
    ['file', "LOAD/**/FROM '/etc/passwd' RETURN *", 'FORBIDDEN', 'LOAD'],
    ['file', "load\tcsv from 'file:///etc/passwd' AS l RETURN l", 'FORBIDDEN', 'LOAD'],
    ['file', "LOAD WITH HEADERS (a STRING) FROM '/etc/passwd' RETURN a", 'FORBIDDEN', 'LOAD'],
    ['file', "WITH 1 AS x LOAD FROM '/etc/passwd' RETURN *", 'FORBIDDEN', 'LOAD'],
    ['file', "COPY (MATCH (n) RETURN n.id) TO '/tmp/x.csv'", 'FORBIDDEN', 'COPY'],
    ['file', "COPY Entity FROM '/tmp/x.csv'", 'FORBIDDEN', 'COPY'],
    ['file', "EXPORT DATABASE '/tmp/x'", 'FORBIDDEN', 'EXPORT'],
    ['file', "IMPORT DATABASE '/tmp/x'", 'FORBIDDEN', 'IMPORT'],
    ['file', "RETURN read_csv('/etc/passwd') AS x", 'FORBIDDEN', 'read_csv'],
    ['database', "ATTACH '/tmp/o.lbdb' AS o (dbtype lbug)", 'FORBIDDEN', 'ATTACH'],
    ['database', 'DETACH DATABASE o', 'FORBIDDEN', 'DETACH'],
    ['database', 'USE system MATCH (n) RETURN n', 'FORBIDDEN', 'USE'],
    ['extension', 'INSTALL httpfs', 'FORBIDDEN', 'INSTALL'],
    ['extension', 'LOAD EXTENSION httpfs', 'FORBIDDEN', 'LOAD'],
    ['transaction', 'CHECKPOINT', 'FORBIDDEN', 'CHECKPOINT'],
    ['transaction', 'BEGIN TRANSACTION', 'FORBIDDEN', 'BEGIN'],
    ['transaction', 'commit', 'FORBIDDEN', 'COMMIT'],
    ['transaction', 'ROLLBACK', 'FORBIDDEN', 'ROLLBACK'],
    ['setting', 'CALL threads = 1', 'FORBIDDEN', 'settings'],
    ['setting', 'CALL/**/threads=1', 'FORBIDDEN', 'settings'],
    ['setting', "RETURN current_setting('threads') AS t", 'FORBIDDEN', 'current_setting'],
    ['procedure', 'CALL show_tables() RETURN *', 'FORBIDDEN', 'CALL'],
    ['procedure', 'CALL dbms.components()', 'FORBIDDEN', 'CALL'],
    ['procedure', 'MATCH (n) CALL db.labels() YIELD label RETURN label', 'FORBIDDEN', 'CALL'],
    ['function', 'RETURN apoc.version() AS v', 'FORBIDDEN', 'apoc.version'],
    ['function', 'RETURN dbms.components() AS v', 'FORBIDDEN', 'dbms.components'],
    ['function', "RETURN nextval('s') AS v", 'FORBIDDEN', 'nextval'],
    ['administration', 'SHOW DATABASES', 'FORBIDDEN', 'SHOW'],
    ['administration', 'CREATE DATABASE other', 'FORBIDDEN', 'administration'],
    ['administration', 'DROP TABLE Entity', 'FORBIDDEN', 'DROP'],
    ['administration', 'ALTER TABLE Entity ADD x INT64', 'FORBIDDEN', 'ALTER'],
    ['prefix', 'PROFILE MATCH (n) RETURN n', 'FORBIDDEN', 'PROFILE'],
    ['prefix', 'EXPLAIN CREATE (n)', 'FORBIDDEN', 'EXPLAIN'],
    ['prefix', 'CYPHER runtime=slotted MATCH (n) RETURN n', 'FORBIDDEN', 'CYPHER'],
    ['prefix', "OPTIONAL LOAD FROM '/etc/passwd' RETURN *", 'CYPHER_SYNTAX_ERROR', 'LOAD'],
    ['second statement', 'RETURN 1 AS a; RETURN 2 AS b', 'CYPHER_SYNTAX_ERROR', 'one statement'],
    ['characters', "LOAD\u00a0FROM '/etc/passwd' RETURN *", 'FORBIDDEN', 'LOAD'],
    ['characters', "MATCH\u00a0(n) RETURN n", 'CYPHER_SYNTAX_ERROR', 'U+00A0'],
    ['characters', 'MATCH (n)\u2028RETURN n', 'CYPHER_SYNTAX_ERROR', 'U+2028'],
    ['characters', 'MATCH (n)\vRETURN n', 'CYPHER_SYNTAX_ERROR', 'U+000B'],
    ['characters', 'MATCH (n)\fRETURN n', 'CYPHER_SYNTAX_ERROR', 'U+000C'],
    ['characters', "RETURN 'a\u0000b' AS s", 'CYPHER_SYNTAX_ERROR', 'U+0000'],
    ['characters', 'MATCH (n) RETURN\u200b n', 'CYPHER_SYNTAX_ERROR', 'U+200B'],
    ['characters', '\ufeffMATCH (n) RETURN n', 'CYPHER_SYNTAX_ERROR', 'U+FEFF'],
    ['characters', 'MATCH (n)\u3000RETURN n', 'CYPHER_SYNTAX_ERROR', 'U+3000'],
    ['characters', 'MATCH (n) // comment\u0085CREATE (m)', 'CYPHER_SYNTAX_ERROR', 'U+0085'],
    ['look-alike', 'ＣＲＥＡＴＥ (n)', 'CYPHER_SYNTAX_ERROR', 'line 1'],
    ['look-alike', 'MATCH (n) RETURN n СREATE (m)', 'CYPHER_SYNTAX_ERROR', 'line 1'],
    ['string escape', "RETURN 'a\\qb' AS s", 'CYPHER_SYNTAX_ERROR', 'line 1'],
    ['string escape', "RETURN 'a\\\\' AS s CREATE (n) //'", 'CYPHER_WRITE_FORBIDDEN', 'CREATE'],
    ['string escape', "RETURN 'a\\\\\\' CREATE (n)", 'CYPHER_SYNTAX_ERROR', 'ends too early'],
    ['backquote', 'MATCH (`n`) RETURN `n` CREATE (`m`)', 'CYPHER_WRITE_FORBIDDEN', 'CREATE'],
    ['backquote', 'RETURN `read_csv`(1) AS x', 'FORBIDDEN', 'read_csv'],
    ['type list', "MATCH (a)-[:A|(LOAD)]->(b) RETURN a", 'CYPHER_SYNTAX_ERROR', 'line 1'],
    ['nesting', `RETURN ${'['.repeat(200)}1${']'.repeat(200)} AS x`, 'CYPHER_SYNTAX_ERROR', 'nests deeper'],
    ['nesting', `RETURN ${'('.repeat(9000)}1${')'.repeat(9000)} AS x`, 'CYPHER_SYNTAX_ERROR', 'nests deeper'],
  ];

  test.each(cases.map(([c, q, code, what]) => [c, q.length > 80 ? `${q.slice(0, 60)}… (${q.length} characters)` : q, code, what, q]))('%s: %j', (_class, _shown, code, what, query) => {
    const err = refusal(query, engine);
    expect({ code: err.code, message: err.message }).toMatchObject({ code, message: expect.stringContaining(what) });
    expect(err.message).toMatch(/line \d+, column \d+/);
    expect(err.details).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
  });
});

describe('where a refusal points', () => {
  test('the line and column of the refused clause, 1-based, in the message and the details', () => {
    const err = refusal("MATCH (n:Entity)\nWITH n\n  LOAD FROM '/etc/passwd' RETURN *");
    expect(err.details).toMatchObject({ line: 3, column: 3, clause: 'LOAD' });
    expect(err.message).toContain('(line 3, column 3)');
  });

  test('a character is named by its code point where it stands', () => {
    expect(refusal('MATCH (n)\n RETURN\u00a0n').details).toMatchObject({ line: 2, column: 8, character: 'U+00A0' });
  });

  test('a query longer than the guard reads is refused by its length, before parsing', () => {
    const long = `RETURN '${'x'.repeat(MAX_QUERY_LENGTH)}' AS s`;
    expect(refusal(long)).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { max: MAX_QUERY_LENGTH } });
    expect(() => refuseUnlessRead(`RETURN '${'x'.repeat(MAX_QUERY_LENGTH - 20)}' AS s`, 'embedded')).not.toThrow();
  });

  test('a mistake points at the start of the word the guard cannot read', () => {
    expect(refusal('MATCH (e:Entity)\nRETURN e.id ORDR BY e.id').details).toMatchObject({ line: 2, column: 13 });
  });
});

describe('dialects and functions', () => {
  test('a construct of the other engine is a syntax error that says what to write', () => {
    expect(refusal("MATCH (r) RETURN type(r) AS t").message).toContain('label(r)');
    expect(refusal('MATCH p = shortestPath((a)-[*]-(b)) RETURN p').code).toBe('CYPHER_SYNTAX_ERROR');
    expect(refusal('RETURN list_transform([1], x -> x) AS l', 'neo4j').code).toBe('CYPHER_SYNTAX_ERROR');
    expect(refusal("RETURN CAST('1' AS INT64) AS n", 'neo4j').code).toBe('CYPHER_SYNTAX_ERROR');
  });

  test('function names are compared in any case; an unknown one is a mistake, a known refused one FORBIDDEN', () => {
    expect(() => refuseUnlessRead('RETURN LiSt_SoRt([2, 1]) AS l, COUNT(*) AS n', 'embedded')).not.toThrow();
    expect(refusal('RETURN nosuchfunction(1) AS x').code).toBe('CYPHER_SYNTAX_ERROR');
    expect(refusal("RETURN READ_PARQUET('/x') AS x").code).toBe('FORBIDDEN');
  });

  test('a lambda only where a list function takes one (elsewhere it crashes the embedded engine)', () => {
    expect(refusal('RETURN abs(x -> x) AS a').code).toBe('FORBIDDEN');
    expect(refusal('RETURN list_transform(x -> x, [1]) AS a').code).toBe('FORBIDDEN');
    expect(() => refuseUnlessRead('RETURN list_filter([1], x -> x > 0) AS a', 'embedded')).not.toThrow();
  });
});

describe('argument shapes known to crash the embedded engine (allowlist.ts names how they were found)', () => {
  test.each([
    ['RETURN list_contains(NULL, 1) AS x', {}],
    ['RETURN list_contains($xs, 1) AS x', { xs: null }],
    ['RETURN 1 IN $xs AS x', { xs: null }],
    ["RETURN list_has({k: -3 IN NULL}, 1) AS x", {}],
    ['WITH NULL AS p RETURN nodes(p) AS x', {}],
    ['MATCH p = (a)-->(b) WITH NULL AS p RETURN rels(p) AS x', {}],
    ["RETURN labels(CASE WHEN true THEN NULL END) AS x", {}],
    ['RETURN map([1], $v) AS x', { v: null }],
    ['UNWIND $rows AS r RETURN keys(r) AS x', { rows: [{ a: 1 }] }],
    ['RETURN list_sum(coalesce(NULL, NULL)) AS x', {}],
  ] as [string, Record<string, unknown>][])('refused: %s with %j', (query, params) => {
    let err: unknown;
    try {
      refuseUnlessRead(query, 'embedded', params);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('NULL of no known type') });
    // Neo4j does not crash on these: only the engine that does is guarded against them.
    expect(() => refuseUnlessRead(query.replace(/list_contains|list_sum|map/, 'size'), 'neo4j', params)).not.toThrow(/NULL of no known type/);
  });

  test.each([
    ['MATCH p = (a)-[r]->(b) RETURN nodes(p) AS n, rels(p) AS r, labels(a) AS l, properties(r, \'x\') AS q', {}],
    ['MATCH (e:Entity) WITH collect(e.id) AS ids RETURN list_contains(ids, \'x\') AS y', {}],
    ['RETURN list_contains($xs, 1) AS x', { xs: [1, 2] }],
    ['MATCH p = (a)-->(b) RETURN list_transform(nodes(p), n -> label(n)) AS l', {}],
    ['MATCH (a)-[r]->(b) RETURN list_contains(r.sources, \'s\') AS y, map_keys(map([\'k\'], [1])) AS k', {}],
  ] as [string, Record<string, unknown>][])('accepted: %s', (query, params) => {
    expect(() => refuseUnlessRead(query, 'embedded', params)).not.toThrow();
  });
});

describe('hostile shapes parse in linear time (an exponential grammar would run past the test time limit)', () => {
  const d = 2000;
  test.each([
    ['nested parentheses', 'RETURN ' + '('.repeat(d) + '1' + ')'.repeat(d) + ' AS x'],
    ['nested node patterns', 'MATCH ' + '('.repeat(d) + 'a' + ')'.repeat(d) + ' RETURN 1 AS x'],
    ['nested pattern-comprehension openings', 'RETURN ' + '[('.repeat(d) + '1' + ')]'.repeat(d) + ' AS x'],
    ['nested mixed brackets', 'RETURN ' + '([{a:('.repeat(d / 4) + '1' + ')}])'.repeat(d / 4) + ' AS x'],
    ['unclosed parentheses', 'RETURN ' + '('.repeat(d)],
    ['a long list', 'RETURN [' + Array.from({ length: d }, (_, i) => String(i)).join(',') + '] AS x'],
    ['a long relationship chain', 'MATCH (a)' + '-[r]->(b)'.repeat(d / 2) + ' RETURN 1 AS x'],
  ])('%s: refused or accepted, never stuck', (_name, query) => {
    let outcome = 'accepted';
    try {
      refuseUnlessRead(query, 'embedded', {});
    } catch (e) {
      expect(e).toBeInstanceOf(KgError);
      outcome = (e as KgError).code;
    }
    expect(['accepted', 'CYPHER_SYNTAX_ERROR', 'FORBIDDEN', 'LIMIT_EXCEEDED']).toContain(outcome);
  }, 20_000);
});
