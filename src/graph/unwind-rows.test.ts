import { batches, byNumberShape, setClause, withoutEmptyColumns } from './unwind-rows';

test('columns null in every row are left out; a column set in one row stays in all', () => {
  const rows = [
    { id: 'a', share: null, since: '2020', note: undefined },
    { id: 'b', share: null, since: null, note: undefined },
  ];
  expect(withoutEmptyColumns(rows, ['id'])).toEqual([
    { id: 'a', since: '2020' },
    { id: 'b', since: null },
  ]);
});

test('kept columns stay even when null throughout, and rows with nothing to drop come back as they are', () => {
  const rows = [{ id: 'a', description: null }];
  expect(withoutEmptyColumns(rows, ['id', 'description'])).toBe(rows);
  expect(withoutEmptyColumns([], ['id'])).toEqual([]);
});

test('the SET clause names every column of the rows but the skipped ones', () => {
  expect(setClause('e', [{ id: 'a', name: 'A', kind: 'Person' }], ['id'])).toBe('e.name = row.name, e.kind = row.kind');
});

test('batches cut a list into bounded pieces, in order, none empty', () => {
  expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  expect(batches([], 2)).toEqual([]);
});

test('rows mixing whole numbers and fractions in a column are split so each UNWIND list has one number type', () => {
  const rows = [{ share: 1, n: 2 }, { share: 0.6, n: 3 }, { share: null, n: 4 }, { share: 0.4, n: 5 }];
  expect(byNumberShape(rows)).toEqual([[rows[0], rows[2]], [rows[1], rows[3]]]);
  const whole = [{ amount: 25_000_000_000 }, { amount: 3 }];
  expect(byNumberShape(whole)).toEqual([whole]);
  expect(byNumberShape([])).toEqual([]);
});
