import { parse } from 'graphql';
import { cachedCost, cachedDepth, cachedFieldCount, costDependsOnVariables } from './document-cache';

describe('per-document limits analysis', () => {
  it('knows when a variable can change the cost: a first argument or a directive, not an id', () => {
    expect(costDependsOnVariables(parse('query ($id: ID!) { entity(id: $id) { id name } }'))).toBe(false);
    expect(costDependsOnVariables(parse('query ($n: Int) { entities(first: $n) { edges { node { id } } } }'))).toBe(true);
    expect(costDependsOnVariables(parse('query ($x: Boolean!) { entity(id: "a") { id relationships @include(if: $x) { totalCount } } }'))).toBe(true);
    expect(costDependsOnVariables(parse('query ($n: Int = 3) { entity(id: "a") { relationships(first: 5) { totalCount } } }'))).toBe(false);
  });

  it('computes a variable-free cost and the depth once per document and operation, a variable-swayed cost every time', () => {
    const fixed = parse('query A { a: entity(id: "x") { id } } query B { entity(id: "y") { id name } }');
    let runs = 0;
    const count = (value: number) => () => (runs++, value);
    expect([cachedCost(fixed, 'A', count(3)), cachedCost(fixed, 'A', count(99)), cachedCost(fixed, 'B', count(7))]).toEqual([3, 3, 7]);
    expect([cachedDepth(fixed, 'A', count(2)), cachedDepth(fixed, 'A', count(5))]).toEqual([2, 2]);
    expect(runs).toBe(3);
    const swayed = parse('query ($n: Int) { entities(first: $n) { totalCount } }');
    expect([cachedCost(swayed, undefined, count(10)), cachedCost(swayed, undefined, count(20))]).toEqual([10, 20]);
  });

  it('counts the fields once per document and operation', () => {
    const fixed = parse('query A { a: entity(id: "x") { id } } query B { entity(id: "y") { id name } }');
    let runs = 0;
    const count = (value: number) => () => (runs++, value);
    expect([cachedFieldCount(fixed, 'A', count(4)), cachedFieldCount(fixed, 'A', count(8)), cachedFieldCount(fixed, 'B', count(6))]).toEqual([4, 4, 6]);
    expect(runs).toBe(2);
  });
});
