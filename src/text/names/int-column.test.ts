import { IntColumn } from './int-column';

describe('an integer column', () => {
  it('grows past its capacity keeping every value, and says where each went', () => {
    const column = new IntColumn(2);
    const at = Array.from({ length: 100 }, (_, i) => column.push(i * 3 - 50));
    expect(at).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(column.length).toBe(100);
    expect(Array.from(column.data.subarray(0, 100))).toEqual(Array.from({ length: 100 }, (_, i) => i * 3 - 50));
  });

  it('reserves room without changing its length, and clears without losing memory', () => {
    const column = new IntColumn(1);
    column.push(7);
    column.reserve(1000);
    expect(column.data.length).toBeGreaterThanOrEqual(1000);
    expect([column.length, column.data[0]]).toEqual([1, 7]);
    column.clear();
    expect(column.length).toBe(0);
    expect(column.data.length).toBeGreaterThanOrEqual(1000);
    column.push(9);
    expect(column.data[0]).toBe(9);
  });
});
