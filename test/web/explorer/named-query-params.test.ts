/**
 * Reading a named query's form fields as their declared types, and the session history's store.
 */
import type { NamedQueryParameter } from '../../../src/web/explorer/api';
import { readParameter, readParameters } from '../../../src/web/explorer/named-query-form';
import { HISTORY_KEY, HISTORY_LIMIT, readHistory, recordQuery, type HistoryEntry } from '../../../src/web/explorer/query-history';

const param = (type: string, extra: Partial<NamedQueryParameter> = {}): NamedQueryParameter => ({
  name: 'p',
  type,
  description: '',
  required: false,
  default: null,
  min: null,
  max: null,
  example: null,
  ...extra,
});

describe('a named query field read as its declared type', () => {
  test('integers: whole numbers within bounds; empty is the default unless required', () => {
    const k = param('integer', { min: 1, max: 6 });
    expect(readParameter(k, ' 3 ')).toEqual({ value: 3 });
    expect(readParameter(k, '6')).toEqual({ value: 6 });
    expect(readParameter(k, '7')).toEqual({ error: 'p must be at most 6' });
    expect(readParameter(k, '0')).toEqual({ error: 'p must be at least 1' });
    expect(readParameter(k, '2.5')).toEqual({ error: 'p must be a whole number' });
    expect(readParameter(k, 'two')).toEqual({ error: 'p must be a whole number' });
    expect(readParameter(k, '0x10')).toEqual({ error: 'p must be a whole number' });
    expect(readParameter(k, '1e400')).toEqual({ error: 'p must be a whole number' });
    expect(readParameter(k, '99999999999999999999')).toEqual({ error: 'p must be a whole number' });
    expect(readParameter(k, '')).toEqual({ omit: true });
    expect(readParameter({ ...k, required: true }, '  ')).toEqual({ error: 'p is required' });
  });

  test('numbers, booleans and lists', () => {
    expect(readParameter(param('number'), '-2.5e1')).toEqual({ value: -25 });
    expect(readParameter(param('number'), 'NaN')).toEqual({ error: 'p must be a number' });
    expect(readParameter(param('number'), 'Infinity')).toEqual({ error: 'p must be a number' });
    expect(readParameter(param('boolean'), true)).toEqual({ value: true });
    expect(readParameter(param('boolean'), false)).toEqual({ value: false });
    expect(readParameter(param('string[]'), ' a, b ,,c ')).toEqual({ value: ['a', 'b', 'c'] });
    expect(readParameter(param('string[]', { required: true }), ' , ')).toEqual({ error: 'p needs at least one value' });
  });

  test('strings keep what was typed; empty is the default, or refused when required', () => {
    expect(readParameter(param('string'), ' russia ')).toEqual({ value: ' russia ' });
    expect(readParameter(param('string'), '')).toEqual({ omit: true });
    expect(readParameter(param('string', { required: true }), '')).toEqual({ error: 'p is required' });
    expect(readParameter(param('string', { required: true }), "x' OR 1=1 //")).toEqual({ value: "x' OR 1=1 //" });
  });

  test('a whole form: the values to send, and each problem under its parameter', () => {
    const declared = [param('string', { name: 'project', required: true }), param('integer', { name: 'k', min: 1, max: 6, default: 2 })];
    expect(readParameters(declared, { project: 'rasht-astara-railway', k: '3' })).toEqual({ params: { project: 'rasht-astara-railway', k: 3 }, errors: {} });
    expect(readParameters(declared, { project: 'x', k: '' })).toEqual({ params: { project: 'x' }, errors: {} });
    expect(readParameters(declared, { k: '9' })).toEqual({ params: {}, errors: { project: 'project is required', k: 'k must be at most 6' } });
  });
});

describe('the session history store', () => {
  const memory = () => {
    const items = new Map<string, string>();
    return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) };
  };
  const cypher = (text: string): HistoryEntry => ({ kind: 'cypher', text, at: '2026-11-29T00:00:00Z', outcome: '1 row', ok: true });

  test('newest first; the same query again moves up instead of repeating; at most HISTORY_LIMIT', () => {
    const storage = memory();
    recordQuery(storage, cypher('A'));
    recordQuery(storage, { kind: 'named', name: 'most-connected', params: { limit: 3 }, at: '', outcome: '', ok: true });
    recordQuery(storage, cypher('A'));
    expect(readHistory(storage).map((e) => (e.kind === 'cypher' ? e.text : e.name))).toEqual(['A', 'most-connected']);
    recordQuery(storage, { kind: 'named', name: 'most-connected', params: { limit: 4 }, at: '', outcome: '', ok: true });
    expect(readHistory(storage)).toHaveLength(3);
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) recordQuery(storage, cypher(`Q${i}`));
    expect(readHistory(storage)).toHaveLength(HISTORY_LIMIT);
    expect(readHistory(storage)[0]).toMatchObject({ text: `Q${HISTORY_LIMIT + 4}` });
  });

  test('a damaged or foreign value reads as empty', () => {
    for (const value of ['{', '{"a":1}', '[1,"x",null,{"kind":"cypher"}]']) {
      const storage = memory();
      storage.setItem(HISTORY_KEY, value);
      expect(readHistory(storage)).toEqual([]);
    }
  });
});
