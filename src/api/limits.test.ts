import { parse } from 'graphql';
import { jsonShape, operationFieldCount } from './limits';

describe('jsonShape', () => {
  const limits = { maxDepth: 100, maxValues: 1_000_000 };
  it('counts nesting of lists and objects, and every value', () => {
    expect(jsonShape(1, limits)).toEqual({ depth: 0, values: 1 });
    expect(jsonShape({ x: [1, 2] }, limits)).toEqual({ depth: 2, values: 4 });
    expect(jsonShape([[[]]], limits)).toEqual({ depth: 3, values: 3 });
    expect(jsonShape({ a: { b: null }, c: 'x' }, limits)).toEqual({ depth: 2, values: 4 });
  });

  it('stops walking once a limit is passed, so a huge value costs no more than the limit', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonShape(deep, { maxDepth: 6, maxValues: 10 }).depth).toBe(7);
    const wide = Array.from({ length: 1_000_000 }, () => 1);
    expect(jsonShape(wide, { maxDepth: 6, maxValues: 10 }).values).toBe(11);
  });
});

describe('operationFieldCount', () => {
  it('counts each alias, and the fields of a fragment each time it is used', () => {
    expect(operationFieldCount(parse('{ a: stats { entities } b: stats { entities } }'))).toBe(4);
    expect(operationFieldCount(parse('{ a: entity(id: "x") { ...F } b: entity(id: "y") { ...F } } fragment F on Entity { id name }'))).toBe(6);
    expect(operationFieldCount(parse('{ ... on Query { stats { entities } } }'))).toBe(2);
  });

  it('counts the operation that runs, by name', () => {
    const document = parse('query A { stats { entities } } query B { x: __typename }');
    expect(operationFieldCount(document, 'A')).toBe(2);
    expect(operationFieldCount(document, 'B')).toBe(1);
  });

  it('multiplies nested fragment uses, as execution would', () => {
    const document = parse('{ ...A } fragment A on Query { a: stats { ...B } b: stats { ...B } } fragment B on Stats { x: entities y: entities z: entities }');
    expect(operationFieldCount(document)).toBe(2 * (1 + 3));
  });
});
