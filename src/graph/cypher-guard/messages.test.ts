/**
 * What each refusal says and names, word by word: the clause or function, the reason in the product's words, the
 * closing line for its kind (a write needs the token; anything else is reads only; a mistake has no closing line)
 * and the engines by name. Found by mutation testing (npm run test:mutation -- guard): the tables of words and
 * messages could lose an entry with every other test still green.
 */
import type { EngineName } from '../port';
import { MAX_QUERY_LENGTH, refuseUnlessRead } from '.';
import { guardRefusal as refusal } from '../../../test/support/guard';

const WRITE_TAIL = '; writes need the admin token (line';
const READ_ONLY_TAIL = '; a request without the admin token may only read the graph (line';

/** Every clause word the guard refuses, the code and the reason it gives when a statement starts with it. */
const CLAUSES: [string, 'CYPHER_WRITE_FORBIDDEN' | 'FORBIDDEN', string][] = [
  ['CREATE', 'CYPHER_WRITE_FORBIDDEN', 'CREATE adds to the graph'],
  ['MERGE', 'CYPHER_WRITE_FORBIDDEN', 'MERGE adds to the graph'],
  ['INSERT', 'CYPHER_WRITE_FORBIDDEN', 'INSERT adds to the graph'],
  ['SET', 'CYPHER_WRITE_FORBIDDEN', 'SET changes the graph'],
  ['DELETE', 'CYPHER_WRITE_FORBIDDEN', 'DELETE removes from the graph'],
  ['REMOVE', 'CYPHER_WRITE_FORBIDDEN', 'REMOVE changes the graph'],
  ['FOREACH', 'CYPHER_WRITE_FORBIDDEN', 'FOREACH exists to change the graph'],
  ['DETACH', 'FORBIDDEN', 'DETACH DATABASE closes a database'],
  ['LOAD', 'FORBIDDEN', 'LOAD FROM reads files on the server'],
  ['COPY', 'FORBIDDEN', 'COPY reads or writes files on the server'],
  ['EXPORT', 'FORBIDDEN', 'EXPORT writes files on the server'],
  ['IMPORT', 'FORBIDDEN', 'IMPORT reads files on the server'],
  ['ATTACH', 'FORBIDDEN', 'ATTACH opens another database'],
  ['USE', 'FORBIDDEN', 'USE switches to another database'],
  ['INSTALL', 'FORBIDDEN', 'INSTALL adds an extension to the engine'],
  ['UNINSTALL', 'FORBIDDEN', 'UNINSTALL removes an extension from the engine'],
  ['UPDATE', 'FORBIDDEN', 'UPDATE changes the engine’s extensions'],
  ['CHECKPOINT', 'FORBIDDEN', 'CHECKPOINT is the server’s to run'],
  ['BEGIN', 'FORBIDDEN', 'BEGIN: transaction control is the server’s'],
  ['COMMIT', 'FORBIDDEN', 'COMMIT: transaction control is the server’s'],
  ['ROLLBACK', 'FORBIDDEN', 'ROLLBACK: transaction control is the server’s'],
  ['CALL', 'FORBIDDEN', 'CALL runs procedures'],
  ['SHOW', 'FORBIDDEN', 'SHOW is an administration command'],
  ['EXPLAIN', 'FORBIDDEN', 'EXPLAIN and PROFILE are not offered'],
  ['PROFILE', 'FORBIDDEN', 'EXPLAIN and PROFILE are not offered'],
  ['CYPHER', 'FORBIDDEN', 'query options (CYPHER …) are not offered'],
  ...['TERMINATE', 'GRANT', 'REVOKE', 'DENY', 'ALTER', 'START', 'STOP', 'DROP', 'ENABLE', 'DISABLE', 'RENAME', 'COMMENT', 'FINISH', 'LET', 'FILTER', 'NEXT'].map(
    (w) => [w, 'FORBIDDEN', `${w} is an administration command`] as [string, 'FORBIDDEN', string],
  ),
];

describe('every refused clause, at the start of a statement and after a read, in any case', () => {
  test.each(CLAUSES)('%s: %s, "%s"', (word, code, reason) => {
    const tail = code === 'CYPHER_WRITE_FORBIDDEN' ? WRITE_TAIL : READ_ONLY_TAIL;
    for (const [query, column] of [
      [`${word} x`, 1],
      [`${word.toLowerCase()} x`, 1],
      [`MATCH (n) ${word} x`, 11],
    ] as const) {
      const err = refusal(query);
      expect({ code: err.code, details: err.details }).toEqual({ code, details: { line: 1, column, clause: word } });
      expect(err.message).toBe(`${reason}${tail} 1, column ${column})`);
    }
  });
});

describe('words that are never a name', () => {
  const RESERVED = ['AND', 'OR', 'XOR', 'NOT', 'IN', 'IS', 'NULL', 'TRUE', 'FALSE', 'STARTS', 'ENDS', 'CONTAINS', 'AS', 'BY', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'DISTINCT', 'ASC', 'ASCENDING', 'DESC', 'DESCENDING', 'ALL', 'SHORTEST'];
  const READ_CLAUSES = ['MATCH', 'OPTIONAL', 'UNWIND', 'WITH', 'RETURN', 'UNION', 'WHERE', 'ORDER', 'SKIP', 'LIMIT', 'OFFSET'];

  test.each([...RESERVED, ...READ_CLAUSES, ...CLAUSES.map(([w]) => w)])('%s is not a variable unless backquoted', (word) => {
    const err = refusal(`MATCH (${word}) RETURN 1 AS one`);
    expect(err.code).toBe('CYPHER_SYNTAX_ERROR');
    expect(err.details).toEqual({ line: 1, column: 8 });
    expect(() => refuseUnlessRead(`MATCH (\`${word}\`) RETURN 1 AS one`, 'embedded')).not.toThrow();
  });

  test.each(READ_CLAUSES)('%s(…) is not a function call: a clause may follow an expression', (word) => {
    const err = refusal(`RETURN ${word}(1) AS x`);
    expect(err.code).toBe('CYPHER_SYNTAX_ERROR');
    expect(err.message).toMatch(new RegExp(`^cannot read the query from "${word}\\(1\\) AS x" on \\(line 1, column 8\\)`));
  });
});

describe('what the refusal of a clause says about the words after it', () => {
  test.each([
    ["LOAD CSV FROM 'x' AS l RETURN l", 'LOAD CSV reads files or URLs on the server'],
    ['LOAD /* a note */ EXTENSION httpfs', 'LOAD EXTENSION adds code to the engine'],
    ["LOAD FROM 'x' RETURN *", 'LOAD FROM reads files on the server'],
    ['CALL show_tables() RETURN *', 'CALL show_tables runs a procedure'],
    ['CALL /* db.labels() */ show_tables() RETURN *', 'CALL show_tables runs a procedure'],
    ['CALL threads = 1', 'CALL name = value changes engine settings'],
    ['CALL threads', 'CALL runs procedures'],
    ['DETACH // a note\n DATABASE o', 'DETACH DATABASE closes a database'],
  ])('%j: "%s"', (query, reason) => {
    const err = refusal(query);
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toBe(`${reason}${READ_ONLY_TAIL} 1, column 1)`);
  });

  test.each([
    ["CALL /* note */ db.createLabel('X')", 'CALL db.createLabel may change the graph or the server', 1],
    ['MATCH (n) DETACH /* drop it */ DELETE n', 'DETACH DELETE removes from the graph', 11],
    ['MATCH (n) DETACH // drop it\n DELETE n', 'DETACH DELETE removes from the graph', 11],
  ])('%j: a write, "%s"', (query, reason, column) => {
    const err = refusal(query, 'neo4j');
    expect(err.code).toBe('CYPHER_WRITE_FORBIDDEN');
    expect(err.message).toBe(`${reason}${WRITE_TAIL} 1, column ${column})`);
  });

  test.each(['DATABASE d', 'USER u', 'ROLE r', 'ALIAS a FOR DATABASE d', 'COMPOSITE DATABASE c', '/* c */ DATABASE d', '// c\nDATABASE d'])('CREATE %s is administration', (rest) => {
    const err = refusal(`CREATE ${rest}`, 'neo4j');
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toBe(`CREATE DATABASE, USER, ROLE and ALIAS are administration commands${READ_ONLY_TAIL} 1, column 1)`);
  });
});

describe('which problem a refusal names when there are several', () => {
  test('a security refusal before any mistake, wherever the mistake stands', () => {
    expect(refusal('RETURN nosuch(1) AS a, 1 AS b CREATE (n)').details).toEqual({ line: 1, column: 31, clause: 'CREATE' });
  });
  test('of two security refusals, the earlier in the text', () => {
    expect(refusal("MATCH (n) SET n.a = 1 WITH n LOAD FROM 'x' RETURN *").details).toMatchObject({ column: 11, clause: 'SET' });
    expect(refusal("MATCH (n) WITH n LOAD FROM 'x' SET n.a = 1 RETURN *").details).toMatchObject({ column: 18, clause: 'LOAD' });
  });
  test('of two mistakes, the earlier in the text', () => {
    expect(refusal('RETURN nosuch(1) AS a, other(2) AS b').details).toEqual({ line: 1, column: 8, function: 'nosuch' });
  });
});

describe('functions: what each message names', () => {
  test.each([
    ['MATCH (r) RETURN type(r) AS t', 'embedded', 'type() is a function of Neo4j, not the embedded engine (LadybugDB); write label(r)'],
    ['MATCH (r) RETURN label(r) AS t', 'neo4j', 'label() is a function of the embedded engine (LadybugDB), not Neo4j; write type(r)'],
    ["RETURN toInteger('1') AS t", 'embedded', 'toInteger() is a function of Neo4j, not the embedded engine (LadybugDB); write CAST(x AS INT64)'],
    ['RETURN datetime() AS t', 'embedded', "datetime() is a function of Neo4j, not the embedded engine (LadybugDB); write timestamp('…')"],
    ['MATCH ()-[r]->() RETURN startNode(r) AS t', 'embedded', 'startNode() is a function of Neo4j, not the embedded engine (LadybugDB); write name the end in the pattern: (a)-[r]->(b)'],
    ['MATCH ()-[r]->() RETURN endNode(r) AS t', 'embedded', 'endNode() is a function of Neo4j, not the embedded engine (LadybugDB); write name the end in the pattern: (a)-[r]->(b)'],
    ['MATCH p = ()-->() RETURN rels(p) AS t', 'neo4j', 'rels() is a function of the embedded engine (LadybugDB), not Neo4j; write relationships(p)'],
    ['RETURN list_transform([1], x -> x) AS t', 'neo4j', 'list_transform() is a function of the embedded engine (LadybugDB), not Neo4j; write [x IN list | …]'],
    ['RETURN list_filter([1], x -> x > 0) AS t', 'neo4j', 'list_filter() is a function of the embedded engine (LadybugDB), not Neo4j; write [x IN list WHERE …]'],
    ['RETURN list_reduce([1], (s, x) -> s + x) AS t', 'neo4j', 'list_reduce() is a function of the embedded engine (LadybugDB), not Neo4j; write reduce(s = 0, x IN list | …)'],
    ['RETURN nosuch(1) AS x', 'embedded', 'there is no function nosuch() on the embedded engine (LadybugDB)'],
    ['RETURN nosuch(1) AS x', 'neo4j', 'there is no function nosuch() on Neo4j'],
  ] as [string, EngineName, string][])('%j on %s', (query, engine, message) => {
    const err = refusal(query, engine);
    expect(err.code).toBe('CYPHER_SYNTAX_ERROR');
    // A mistake has no closing line about the token: the text ends with the position.
    expect(err.message).toMatch(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(line 1, column \\d+\\)$`));
    expect(err.details).toMatchObject({ function: expect.stringMatching(/^[A-Za-z_]+$/) });
  });

  test('a lambda anywhere but as the second of two arguments of a list function', () => {
    for (const query of ['RETURN abs(x -> x) AS a', 'RETURN list_transform(x -> x, [1]) AS a', 'RETURN list_transform([1], x -> x, 2) AS a', 'RETURN size(x -> x) AS a']) {
      const err = refusal(query);
      expect(err.code).toBe('FORBIDDEN');
      expect(err.message).toMatch(/^a lambda is accepted only as the second of two arguments of list_transform, list_filter or list_reduce; a request without/);
    }
    expect(() => refuseUnlessRead('RETURN list_reduce([1], (s, x) -> s + x) AS a', 'embedded')).not.toThrow();
  });
});

describe('values that may be a NULL of no known type, where the embedded engine crashes on one', () => {
  test.each([
    ['RETURN array_cross_product([1], NULL) AS x', {}, 'array_cross_product()', 33],
    ['RETURN list_contains([NULL], 1) AS x', {}, 'list_contains()', 22],
    ['RETURN list_contains({a: NULL}, 1) AS x', {}, 'list_contains()', 22],
    ['RETURN list_contains([1] + NULL, 1) AS x', {}, 'list_contains()', 22],
    ['RETURN list_contains($xs, 1) AS x', { xs: [1, null] }, 'list_contains()', 22],
    ['RETURN list_contains($xs, 1) AS x', { xs: [1, undefined] }, 'list_contains()', 22],
    ['UNWIND $p AS v RETURN list_contains(v, 1) AS x', { p: [[1]] }, 'list_contains()', 37],
    ['RETURN list_contains(list_transform([NULL], y -> y), 1) AS x', {}, 'list_transform()', 37],
    ['RETURN 1 IN NULL AS x', {}, 'IN', 13],
  ])('%j with %j: %s at column %d', (query, params, what, column) => {
    const err = refusal(query, 'embedded', params);
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message.startsWith(`${what} is given a value that may be NULL of no known type`)).toBe(true);
    expect(err.details).toMatchObject({ column, function: what.replace('()', '') });
  });

  test.each([
    ['RETURN list_contains($xs, 1) AS x', { xs: [1, 2] }],
    ['RETURN list_contains($xs, 1) AS x', {}],
    ['UNWIND [1, 2] AS v RETURN list_contains([v], 1) AS x', {}],
    ['WITH [1] AS v RETURN list_contains(v, 1) AS x', {}],
    ['WITH coalesce([1], [2]) AS v RETURN list_contains(v, 1) AS x', {}],
    ['MATCH (a)-[r]->(b) WITH r.sources AS v RETURN list_contains(v, 1) AS x', {}],
    ['RETURN list_contains(list_transform([1], y -> y), 1) AS x', {}],
    ['RETURN list_contains([1] + [2], 1) AS x', {}],
  ])('accepted: %j with %j', (query, params) => {
    expect(() => refuseUnlessRead(query, 'embedded', params)).not.toThrow();
  });
});

describe('limits and the mistakes the parser reports', () => {
  test('a query of exactly the longest length is read; one character more is refused by its length', () => {
    const exact = `RETURN '${'x'.repeat(MAX_QUERY_LENGTH - 14)}' AS s`;
    expect(exact.length).toBe(MAX_QUERY_LENGTH);
    expect(() => refuseUnlessRead(exact, 'embedded')).not.toThrow();
    const err = refusal(`${exact} `);
    expect(err.message).toBe(`the query is ${MAX_QUERY_LENGTH + 1} characters long; a request without the admin token may send at most ${MAX_QUERY_LENGTH}`);
  });

  test('a mistake quotes the rest of its own line only, from the start of the word', () => {
    const err = refusal('MATCH (n) RETURN n ORDR BY n\nLIMIT 1');
    expect(err.message).toMatch(/^cannot read the query from "ORDR BY n" on \(line 1, column 20\); a request without the admin token may run one read made of MATCH/);
    expect(refusal('MATCH (n) RETURN n ORDR BY n\r\nLIMIT 1').message).toMatch(/^cannot read the query from "ORDR BY n" on/);
  });

  test('a query that stops early says so', () => {
    expect(refusal('MATCH (n) RETURN n,').message).toMatch(/^the query ends too early \(line 1, column 20\)/);
    expect(refusal('MATCH (n) RETURN (   \n ').message).toMatch(/^the query ends too early \(line 2, column 2\)/);
  });

  test('nesting past the limit points at the bracket that opens one level too many', () => {
    const err = refusal(`RETURN ${'('.repeat(9000)}1${')'.repeat(9000)} AS x`);
    expect(err.message).toMatch(/^the query nests deeper than 64 levels \(line 1, column 72\)$/);
  });
});
