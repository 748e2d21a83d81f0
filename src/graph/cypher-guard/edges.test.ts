/**
 * The edges of the guard's rules that only a mutation run showed unpinned (npm run test:mutation -- guard;
 * docs/mutation-survivors.md lists every surviving mutant and the test here that kills it, or why none can):
 * the nesting limit to the level, the order of problems found by different walks, words read after a refused
 * clause and inside CALL, which arguments count as typed, where a mistake or a too-deep query is pointed at, lone
 * surrogates, and a function whose backquoted name is empty.
 */
import type { EngineName } from '../port';
import { MAX_NESTING, refuseUnlessRead } from '.';
import { guardRefusal as refusal } from '../../../test/support/guard';

const accepted = (query: string, engine: EngineName = 'embedded', params: Record<string, unknown> = {}) =>
  expect(() => refuseUnlessRead(query, engine, params)).not.toThrow();

const READ_ONLY_TAIL = '; a request without the admin token may only read the graph';
const WRITE_TAIL = '; writes need the admin token';
const NULL_REFUSAL = 'is given a value that may be NULL of no known type';

describe('the nesting limit, to the level', () => {
  // RETURN [[…[(a)-[r]->(b)]…]]: the query, its single part and RETURN are three levels, each list one, the pattern
  // one, and its nodes and relationship one more; the relationship's detail ([r]) is a plain object a level below.
  const lists = (k: number) => `RETURN ${'['.repeat(k)}(a)-[r]->(b)${']'.repeat(k)} AS x`;
  const deepest = MAX_NESTING - 4;

  test(`a pattern's nodes and relationship at level ${MAX_NESTING} are read, the detail below included; one level more is refused at its first node`, () => {
    accepted(lists(deepest));
    const err = refusal(lists(deepest + 1));
    expect(err.code).toBe('CYPHER_SYNTAX_ERROR');
    // Column of "(a)": after "RETURN " and the lists' brackets.
    expect(err.message).toBe(`the query nests deeper than ${MAX_NESTING} levels (line 1, column ${8 + deepest + 1})`);
  });
});

describe('which problem is named when two walks find one each', () => {
  test('a NULL of no known type before a write in the text is named first, though the clause walk finds the write first', () => {
    const err = refusal('RETURN list_contains(NULL, 1) AS x CREATE (n)');
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message.startsWith(`list_contains() ${NULL_REFUSAL}`)).toBe(true);
    expect(err.details).toMatchObject({ column: 22 });
  });
});

describe('the word after a refused clause is the next word, not any later one', () => {
  test('CREATE of a node labelled User is a write, not the CREATE USER command', () => {
    const err = refusal('CREATE (:User {name: "x"})', 'neo4j');
    expect(err.code).toBe('CYPHER_WRITE_FORBIDDEN');
    expect(err.message).toBe(`CREATE adds to the graph${WRITE_TAIL} (line 1, column 1)`);
  });

  test('DETACH followed by anything but DELETE is DETACH DATABASE, even with a DELETE further on', () => {
    expect(refusal('MATCH (n) DETACH 1 DELETE n').message).toBe(`DETACH DATABASE closes a database${READ_ONLY_TAIL} (line 1, column 11)`);
  });
});

describe('what CALL names', () => {
  test('a name only where the words after CALL start: CALL {…} names no procedure', () => {
    const err = refusal("CALL {db.createLabel('X')}", 'neo4j');
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toBe(`CALL runs procedures${READ_ONLY_TAIL} (line 1, column 1)`);
  });

  test('a procedure called without parentheses is judged by its name', () => {
    const err = refusal('CALL db.clearQueryCaches', 'neo4j');
    expect(err.code).toBe('CYPHER_WRITE_FORBIDDEN');
    expect(err.message).toBe(`CALL db.clearQueryCaches may change the graph or the server${WRITE_TAIL} (line 1, column 1)`);
  });

  test('a line comment is blanked to its end, so a name inside it is no name', () => {
    expect(refusal('CALL // db.createLabel(\n show_tables() RETURN *').message).toBe(`CALL show_tables runs a procedure${READ_ONLY_TAIL} (line 1, column 1)`);
  });

  test('a comment counts as a space: it parts the words around it', () => {
    expect(refusal('CALL show/* note */_tables()').message).toBe(`CALL runs procedures${READ_ONLY_TAIL} (line 1, column 1)`);
  });
});

describe('functions', () => {
  test('a function of the other engine without a hint is named with both engines and nothing more', () => {
    const err = refusal('RETURN tail([1]) AS t');
    expect(err.message).toBe('tail() is a function of Neo4j, not the embedded engine (LadybugDB) (line 1, column 8)');
  });

  test('a construct of the other engine names itself and both engines', () => {
    expect(refusal('MATCH p = shortestPath((a)-[*]-(b)) RETURN p').message).toBe(
      "shortestPath(…) is written for Neo4j, not the embedded engine (LadybugDB) (see the README's dialect table) (line 1, column 11)",
    );
  });

  test('only a lambda counts as one: another construct of the engine as an argument is no lambda', () => {
    accepted("RETURN size(CAST('1' AS STRING)) AS n");
  });

  test.each(['RETURN ``(NULL) AS x', 'RETURN ``(1) AS x'])('an empty backquoted name is no function, whatever its argument: %s', (query) => {
    for (const engine of ['embedded', 'neo4j'] as const) {
      const err = refusal(query, engine);
      expect(err.code).toBe('CYPHER_SYNTAX_ERROR');
      expect(err.message.startsWith('there is no function () on ')).toBe(true);
    }
  });
});

describe('which arguments count as typed (the embedded engine crashes on a NULL of no known type)', () => {
  test.each([
    ['a list of booleans', 'RETURN list_contains([true, false], true) AS x'],
    ['a list holding a subquery', 'RETURN list_contains([EXISTS { MATCH (n) }], true) AS x'],
    ['a list holding a quantifier', 'RETURN list_contains([any(x IN [1] WHERE x > 0)], true) AS x'],
    ['a list holding an IN test', 'RETURN list_contains([1 IN [1]], true) AS x'],
    ['a map of typed values', 'RETURN map_keys({a: 1}) AS k'],
    ['a quantifier’s variable bound to a typed list', 'RETURN any(x IN [[1]] WHERE list_contains(x, 1)) AS y'],
    // Names are not scoped in the guard's reckoning: every binding counts, in whatever order the walk meets them.
    ['a lambda’s variable typed only through a binding met later', 'RETURN list_transform(y, x -> list_sum(x)) AS a, list_transform([[1]], y -> y) AS b'],
  ])('accepted: %s', (_what, query) => {
    accepted(query);
  });

  test.each([
    ['a map with one NULL among typed values', 'RETURN map_keys({a: 1, b: NULL}) AS k', {}, 'map_keys()', 17],
    ['an element taken from a list by index', 'RETURN list_contains([[1], NULL][1], 1) AS x', {}, 'list_contains()', 22],
    ['a pass-through function with one untyped argument', 'RETURN list_sum(coalesce([1], NULL)) AS x', {}, 'list_sum()', 17],
    ['a parameter sent as undefined', 'RETURN list_contains($xs, 1) AS x', { xs: undefined }, 'list_contains()', 22],
  ])('refused: %s', (_what, query, params, what, column) => {
    const err = refusal(query, 'embedded', params);
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message.startsWith(`${what} ${NULL_REFUSAL}`)).toBe(true);
    expect(err.details).toMatchObject({ column });
  });

  test('a comprehension’s variable takes its list: a Neo4j construct on the embedded engine is named as such', () => {
    const err = refusal('RETURN size([x IN [[1]] | list_sum(x)]) AS n');
    expect(err.code).toBe('CYPHER_SYNTAX_ERROR');
    expect(err.message.startsWith('a list comprehension [x IN list | …] is written for Neo4j')).toBe(true);
  });
});

describe('where a mistake is pointed at', () => {
  test('a word the guard cannot read at the very start is at column 1', () => {
    const err = refusal('MATHC (n) RETURN n');
    expect(err.message.startsWith('cannot read the query from "MATHC (n) RETURN n" on (line 1, column 1);')).toBe(true);
    expect(err.details).toEqual({ line: 1, column: 1 });
  });

  test('blanks before the query do not make a mistake near its end "end too early"', () => {
    expect(refusal(`${' '.repeat(20)}MATCH (n) RETURN n ORDR BY n`).message.startsWith('cannot read the query from "ORDR BY n" on (line 1, column 40);')).toBe(true);
  });

  test('the quoted rest of the line is cut at 24 characters', () => {
    expect(refusal('MATCH (n) RETURN n ORDR BY n.name, n.id, n.kind').message.startsWith('cannot read the query from "ORDR BY n.name, n.id, n." on (line 1, column 20);')).toBe(true);
  });

  test('a query too deep for the parser is pointed at the bracket one level too deep, closed brackets counted', () => {
    // Seventy "(1)+" open and close one level each before the deep part starts.
    const err = refusal(`RETURN ${'(1)+'.repeat(70)}${'('.repeat(9000)}1${')'.repeat(9000)} AS x`);
    expect(err.message).toBe(`the query nests deeper than ${MAX_NESTING} levels (line 1, column ${8 + 70 * 4 + MAX_NESTING})`);
  });
});

describe('unpaired surrogates are refused anywhere, strings included', () => {
  test.each([
    ['a lone high surrogate inside a string', "RETURN 'a\ud800b' AS s", 'U+D800', 10],
    ['a lone low surrogate inside a string', "RETURN 'a\udc00b' AS s", 'U+DC00', 10],
  ])('%s', (_what, query, character, column) => {
    const err = refusal(query);
    expect(err.code).toBe('CYPHER_SYNTAX_ERROR');
    expect(err.details).toEqual({ line: 1, column, character });
  });

  test('a surrogate pair (one character outside the BMP) is read', () => {
    accepted("RETURN 'a\ud83d\ude00b' AS s");
  });
});
