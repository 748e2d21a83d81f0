import { heldBy } from './as-of';

const span = (fields: { date?: string; start?: string; end?: string }) => ({ date: fields.date ?? null, start: fields.start ?? null, end: fields.end ?? null, precision: null, stated: null });

describe('what held by a date', () => {
  it('a span holds from the first day its start can mean until the last day its end can mean', () => {
    const held = span({ start: '2023-05', end: '2024' });
    expect(['2023-04-30', '2023-05-01', '2024-12-31', '2025-01-01'].map((d) => heldBy(held, [], d))).toEqual([false, true, true, false]);
  });

  it('a dated event stays once it happened; an end alone cuts off what was stated before it', () => {
    expect([heldBy(span({ date: '2023-05-17' }), [], '2023-05-16'), heldBy(span({ date: '2023-05-17' }), [], '2030-01-01')]).toEqual([false, true]);
    expect([heldBy(span({ end: '2023' }), ['2022-06-01'], '2023-06-01'), heldBy(span({ end: '2023' }), ['2022-06-01'], '2024-01-01')]).toEqual([true, false]);
  });

  it('an undated tie counts from its first dated source, and never when no source is dated', () => {
    expect([heldBy(null, [null, '2024-03'], '2024-02-29'), heldBy(null, [null, '2024-03'], '2024-03-01'), heldBy(null, [null], '2999-01-01')]).toEqual([false, true, false]);
  });
});
