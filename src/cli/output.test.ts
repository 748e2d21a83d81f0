/** Terminal tables: cut to the width with …, one line per row, nulls as —; JSON and CSV keep values whole. */
import { NULL_CELL, cut, renderRows, renderTable } from './output';

describe('terminal tables', () => {
  test('fit the width: the widest column is cut with …, every line at most the width', () => {
    const long = 'x'.repeat(500);
    const out = renderTable(['id', 'text'], [['a', long], ['b', 'short']], 60);
    for (const line of out.split('\n')) expect([...line].length).toBeLessThanOrEqual(60);
    expect(out).toContain('…');
    expect(out).not.toContain(long);
  });

  test('have no lines between rows, and a multi-line value stays on one line', () => {
    const out = renderTable(['k'], [['a'], ['b\nc'], ['d']], 80);
    expect(out.split('\n')).toHaveLength(3 + 1 + 3);
    expect(out).toContain('b c');
  });

  test('show null as —, while JSON keeps null and the whole value', () => {
    const long = 'y'.repeat(300);
    expect(renderRows(['a', 'b'], [[null, long]], 'table')).toContain(NULL_CELL);
    expect(JSON.parse(renderRows(['a', 'b'], [[null, long]], 'json'))).toEqual([{ a: null, b: long }]);
    expect(renderRows(['a', 'b'], [[null, long]], 'csv')).toBe(`a,b\n,${long}`);
  });

  test('cut counts characters, not UTF-16 units', () => {
    expect(cut('😀😀😀😀', 3)).toBe('😀😀…');
    expect(cut('abc', 3)).toBe('abc');
  });
});
