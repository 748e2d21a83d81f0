import { rowPairs } from './result-rows';

test('reads the from,to lines COPY TO writes, with or without a final newline', () => {
  for (const text of ['0,1\n12,345\n4294967295,7\n', '0,1\n12,345\n4294967295,7']) {
    const { from, to } = rowPairs(Buffer.from(text));
    expect([...from]).toEqual([0, 12, 4294967295]);
    expect([...to]).toEqual([1, 345, 7]);
  }
});

test('an empty export is no pairs, and a line without a comma is skipped', () => {
  expect(rowPairs(Buffer.from('')).from.length).toBe(0);
  const { from, to } = rowPairs(Buffer.from('5\n6,7\n\n'));
  expect([...from]).toEqual([6]);
  expect([...to]).toEqual([7]);
});
