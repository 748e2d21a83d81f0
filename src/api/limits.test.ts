/**
 * The limits' rules, pure: page sizes and hops against the configuration, the estimated cost and the depth of
 * an operation over the real schema. (test/api/limits-*.test.ts show the same limits over HTTP.)
 */
import path from 'node:path';
import { GraphQLError, getIntrospectionQuery, parse } from 'graphql';
import { loadConfig, type Config } from '../config';
import { ROOT_FIELD_COSTS, defaultPageSize, hops, operationCost, operationDepth, pageSize, queryLimitsPlugin } from './limits';
import { buildSchema } from './schema';
import { KgError } from '../errors';
import { jsonShape, operationFieldCount } from './limits';

const config: Config = loadConfig({ KG_MAX_PAGE_SIZE: '30', KG_MAX_HOPS: '5' });
const small: Config = loadConfig({ KG_MAX_PAGE_SIZE: '4', KG_MAX_HOPS: '2' });
const schema = buildSchema(path.join(config.projectRoot, 'graphql'));

/** The GraphQL error `run` throws, as code, extensions and message. */
function refusal(run: () => unknown): { message: string; extensions: Record<string, unknown> } {
  try {
    run();
  } catch (e) {
    if (e instanceof KgError) return { message: e.message, extensions: { code: e.code, ...e.details } };
    expect(e).toBeInstanceOf(GraphQLError);
    return { message: (e as GraphQLError).message, extensions: (e as GraphQLError).extensions };
  }
  throw new Error('expected a refusal');
}

describe('page sizes', () => {
  test.each([
    ['search', 10],
    ['allShortestPaths', 10],
    ['connections', 50],
    ['entities', 20],
    ['', 20],
  ])('%j pages by %i by default, never above KG_MAX_PAGE_SIZE', (field, size) => {
    expect(defaultPageSize(field, loadConfig({ KG_MAX_PAGE_SIZE: '1000' }))).toBe(size);
    expect(defaultPageSize(field, config)).toBe(Math.min(size, 30));
    expect(defaultPageSize(field, small)).toBe(4);
  });

  test('without `first`, a field gets its default page size', () => {
    expect(pageSize(undefined, config, 'search')).toBe(10);
    expect(pageSize(null, config, 'connections')).toBe(30);
    expect(pageSize(undefined, config)).toBe(20);
  });

  test.each([0, 1, 29, 30])('first %i is accepted up to KG_MAX_PAGE_SIZE', (n) => {
    expect(pageSize(n, config, 'entities')).toBe(n);
  });

  test('first past KG_MAX_PAGE_SIZE is PAGE_SIZE_LIMIT, naming the setting and the maximum', () => {
    const { message, extensions } = refusal(() => pageSize(31, config, 'entities'));
    expect(extensions).toEqual({ code: 'PAGE_SIZE_LIMIT', argument: 'first', max: 30 });
    expect(message).toBe('first may be at most 30 (KG_MAX_PAGE_SIZE); ask for fewer and page with `after`');
  });

  test.each([-1, 1.5, Number.NaN, 'ten'])('first %p is BAD_USER_INPUT', (n) => {
    const { message, extensions } = refusal(() => pageSize(n, config, 'entities'));
    expect(extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'first' });
    expect(message).toBe('first must be a non-negative integer');
  });
});

describe('hops', () => {
  test('without maxHops, the fallback, never above KG_MAX_HOPS', () => {
    expect(hops(undefined, config)).toBe(4);
    expect(hops(null, config, 2)).toBe(2);
    expect(hops(undefined, config, 6)).toBe(5);
    expect(hops(undefined, small)).toBe(2);
  });

  test.each([1, 4, 5])('maxHops %i is accepted up to KG_MAX_HOPS', (n) => {
    expect(hops(n, config)).toBe(n);
  });

  test('maxHops past KG_MAX_HOPS is HOPS_LIMIT, naming the setting and the maximum', () => {
    const { message, extensions } = refusal(() => hops(6, config));
    expect(extensions).toEqual({ code: 'HOPS_LIMIT', argument: 'maxHops', max: 5 });
    expect(message).toBe('maxHops may be at most 5 (KG_MAX_HOPS)');
  });

  test.each([0, -1, 2.5, 'far'])('maxHops %p is BAD_USER_INPUT', (n) => {
    const { message, extensions } = refusal(() => hops(n, config));
    expect(extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'maxHops' });
    expect(message).toBe('maxHops must be a positive integer');
  });
});

describe('estimated cost', () => {
  const cost = (query: string, variables: Record<string, unknown> = {}, operationName?: string) => operationCost(schema, parse(query), operationName, variables, config);

  test('scalars are free; a single object costs 1 plus what it selects', () => {
    expect(cost('{ stats { entities relationships } }')).toBe(ROOT_FIELD_COSTS.stats);
    expect(cost('{ entity(id: "russia") { id name } }')).toBe(1);
    // entity 1 + its relationships connection (1 + first 0 × …).
    expect(cost('{ entity(id: "russia") { relationships(first: 0) { totalCount } } }')).toBe(2);
  });

  test('a list with `first` costs 1 plus `first` times each item', () => {
    // neighbors: 1 + 7 × (1 + 0)
    expect(cost('{ entity(id: "russia") { neighbors(first: 7) { id } } }')).toBe(1 + 8);
    // entities: 1 + 5 × (1 + edges(1 + node 1)) — a connection's edges are not multiplied again
    expect(cost('{ entities(first: 5) { edges { node { id } } } }')).toBe(1 + 5 * (1 + 2));
  });

  test('a list without `first` uses its default page size, and a variable when one is given', () => {
    expect(cost('{ search(text: "Russia") { score } }')).toBe(1 + 10);
    expect(cost('{ connections(id: "russia") { distance } }')).toBe(1 + 30);
    expect(cost('query($n: Int) { search(text: "Russia", first: $n) { score } }', { n: 3 })).toBe(1 + 3);
    expect(cost('{ search(text: "Russia", first: -5) { score } }')).toBe(1);
  });

  test('a list that takes no `first` counts three items', () => {
    // stats (its engine reads) + entitiesByKind 3 × 1
    expect(cost('{ stats { entitiesByKind { key count } } }')).toBe(ROOT_FIELD_COSTS.stats! + 3);
    expect(cost('{ entity(id: "russia") { sources { offsets } } }')).toBe(1 + 3);
    // sources: 3 × (1 + source 1)
    expect(cost('{ entity(id: "russia") { sources { source { id } } } }')).toBe(1 + 3 * 2);
  });

  test('introspection costs what it returns: one IDE introspection fits the default limit, a handful of copies do not', () => {
    const one = cost(getIntrospectionQuery());
    expect(one).toBeGreaterThan(100);
    expect(one).toBeLessThanOrEqual(loadConfig({}).maxQueryCost);
    expect(cost('{ __typename stats { __typename } }')).toBe(ROOT_FIELD_COSTS.stats);
  });

  test('the operation named is the one estimated', () => {
    const two = 'query A { stats { entities } } query B { search(text: "x", first: 2) { score } }';
    expect(cost(two, {}, 'A')).toBe(ROOT_FIELD_COSTS.stats);
    expect(cost(two, {}, 'B')).toBe(3);
  });

  test('invalid variables cannot be estimated (execution reports them)', () => {
    expect(cost('query($n: Int) { search(text: "x", first: $n) { score } }', { n: 'many' })).toBeNaN();
  });
});

describe('depth', () => {
  const depth = (query: string, operationName?: string) => operationDepth(schema, parse(query), operationName);

  test('counts nested selections below the root, introspection not counted', () => {
    expect(depth('{ stats { entities } }')).toBe(1);
    expect(depth('{ entity(id: "x") { neighbors { neighbors { id } } } }')).toBe(3);
    expect(depth('{ __schema { types { fields { name } } } stats { entities } }')).toBe(1);
  });

  test('measures the operation named, or the deepest when none is', () => {
    const two = 'query A { stats { entities } } query B { entity(id: "x") { neighbors { id } } }';
    expect(depth(two, 'A')).toBe(1);
    expect(depth(two, 'B')).toBe(2);
    expect(depth(two)).toBe(2);
  });
});

describe('the limits plugin', () => {
  const limited: Config = loadConfig({ KG_MAX_QUERY_DEPTH: '3', KG_MAX_QUERY_COST: '50' });

  /** What the plugin does with `query` once the operation is resolved: nothing, or the error it throws. */
  async function check(query: string, variables: Record<string, unknown> = {}, operationName?: string) {
    const hooks = (await queryLimitsPlugin(limited).requestDidStart!({} as never)) as { didResolveOperation: (c: unknown) => Promise<void> };
    try {
      await hooks.didResolveOperation({ request: { variables }, document: parse(query), schema, operationName });
      return null;
    } catch (e) {
      expect(e).toBeInstanceOf(GraphQLError);
      const g = e as GraphQLError;
      const details = g.originalError instanceof KgError ? g.originalError.details : {};
      return { message: g.message, extensions: { ...details, ...g.extensions } };
    }
  }

  test('lets through an operation at the depth and cost limits', async () => {
    expect(await check('{ entity(id: "x") { neighbors(first: 2) { neighbors(first: 2) { id } } } }')).toBeNull();
    // 1 + 49 × 1
    expect(await check('{ search(text: "x", first: 49) { score } }')).toBeNull();
  });

  test('refuses one level deeper than KG_MAX_QUERY_DEPTH with QUERY_DEPTH_LIMIT and HTTP 400', async () => {
    expect(await check('{ entity(id: "x") { neighbors(first: 1) { neighbors(first: 1) { neighbors(first: 1) { id } } } } }')).toEqual({
      message: 'query depth 4 exceeds the maximum of 3 (KG_MAX_QUERY_DEPTH); select fewer nested levels or split the query',
      extensions: { code: 'QUERY_DEPTH_LIMIT', depth: 4, max: 3, http: { status: 400 } },
    });
  });

  test('refuses a cost past KG_MAX_QUERY_COST with QUERY_COST_LIMIT and HTTP 400, from variables too', async () => {
    const refused = {
      message: 'estimated query cost 51 exceeds the maximum of 50 (KG_MAX_QUERY_COST); ask for fewer items with smaller `first` arguments, fewer aliases, or nest fewer lists',
      extensions: { code: 'QUERY_COST_LIMIT', cost: 51, max: 50, http: { status: 400 } },
    };
    expect(await check('{ search(text: "x", first: 50) { score } }')).toEqual(refused);
    expect(await check('query($n: Int) { search(text: "x", first: $n) { score } }', { n: 50 })).toEqual(refused);
    expect(await check('query($n: Int) { search(text: "x", first: $n) { score } }', { n: 49 })).toBeNull();
  });

  test('measures the operation named', async () => {
    const two = 'query Cheap { entity(id: "x") { id } } query Dear { search(text: "x", first: 50) { score } }';
    expect(await check(two, {}, 'Cheap')).toBeNull();
    expect((await check(two, {}, 'Dear'))?.extensions.code).toBe('QUERY_COST_LIMIT');
  });

  test('a query too large to estimate is refused as beyond counting', async () => {
    // Counted fields refuse it first (KG_MAX_QUERY_FIELDS), before the estimator is even asked.
    const huge = `{ ${Array.from({ length: 12_000 }, (_, i) => `a${i}: stats { entities }`).join(' ')} }`;
    const refusal = await check(huge);
    expect(refusal?.extensions).toEqual({ code: 'QUERY_FIELDS_LIMIT', fields: 24_000, max: limited.maxQueryFields, http: { status: 400 } });
    expect(refusal?.message).toMatch(/^the operation selects 24000 fields, more than/);
  });
});

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
