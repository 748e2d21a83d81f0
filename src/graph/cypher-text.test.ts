import { blankLiterals, cypherLiteral, cypherString } from './cypher-text';

test('a string literal escapes quotes, backslashes and control characters, and stays on one line', () => {
  expect(cypherString("it's")).toBe("'it\\'s'");
  expect(cypherString('C:\\data\\kg')).toBe("'C:\\\\data\\\\kg'");
  expect(cypherString('a\nb\u2028c\u0001')).toBe("'a\\nb\\u2028c\\u0001'");
});

test('literals of every JSON value: integers exact, maps with quoted keys where needed', () => {
  expect(cypherLiteral({ n: 25000000000, share: 0.5, ok: true, none: null, 'odd key': ['x'] })).toBe("{n: 25000000000, share: 0.5, ok: true, none: null, `odd key`: ['x']}");
  expect(cypherLiteral(1e21)).toBe('1e21');
  expect(() => cypherLiteral(Number.NaN)).toThrow(/NaN/);
});

test('blanking literals keeps every position and line, and hides what strings, names and comments hold', () => {
  const query = "MATCH (n {name: 'a\\'b'}) // CREATE\nRETURN \"x\" AS `odd name`, n /* MERGE\nthere */ LIMIT 1";
  const blank = blankLiterals(query);
  expect(blank.length).toBe(query.length);
  expect(blank.split('\n').map((l) => l.length)).toEqual(query.split('\n').map((l) => l.length));
  expect(blank).not.toMatch(/CREATE|MERGE|odd|x|'|"|`/);
  expect(blank.replace(/ +/g, ' ')).toBe('MATCH (n {name: }) \nRETURN AS , n \n LIMIT 1');
});
