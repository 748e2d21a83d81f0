/**
 * The Cypher fields' own rules, pure: a request may lower the row cap, never raise it; parameters are an object.
 */
import { loadConfig } from '../../config';
import { KgError } from '../../errors';
import { parameterObject, rowCap } from './cypher';

const config = loadConfig({ KG_CYPHER_MAX_ROWS: '50' });

function refusal(run: () => unknown): KgError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(KgError);
    return e as KgError;
  }
  throw new Error('expected a refusal');
}

describe('rowCap', () => {
  test('without a limit, KG_CYPHER_MAX_ROWS', () => {
    expect(rowCap(undefined, config)).toBe(50);
    expect(rowCap(null, config)).toBe(50);
  });

  test.each([1, 49, 50])('a limit of %i up to KG_CYPHER_MAX_ROWS is the cap', (n) => {
    expect(rowCap(n, config)).toBe(n);
  });

  test('a limit past KG_CYPHER_MAX_ROWS is LIMIT_EXCEEDED, naming the setting and the maximum', () => {
    const e = refusal(() => rowCap(51, config));
    expect(e.code).toBe('LIMIT_EXCEEDED');
    expect(e.message).toBe('limit may be at most 50 (KG_CYPHER_MAX_ROWS)');
    expect(e.details).toEqual({ path: 'limit', max: 50 });
  });

  test.each([0, -3, 2.5, 'lots'])('a limit of %p is BAD_USER_INPUT', (n) => {
    const e = refusal(() => rowCap(n, config));
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.message).toBe('limit must be a positive integer');
    expect(e.details).toEqual({ path: 'limit' });
  });
});

describe('parameterObject', () => {
  test('no parameters are an empty object; an object is taken as it is', () => {
    expect(parameterObject(undefined)).toEqual({});
    expect(parameterObject(null)).toEqual({});
    const params = { kind: 'Country', ids: ['iran'] };
    expect(parameterObject(params)).toBe(params);
  });

  test.each([[['iran']], ['iran'], [42], [true]])('%j is BAD_USER_INPUT naming params', (params) => {
    const e = refusal(() => parameterObject(params));
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.message).toBe('params must be a JSON object of parameter name → value');
    expect(e.details).toEqual({ path: 'params' });
  });
});
