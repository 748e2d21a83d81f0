import { claimId, currentClaim, markCurrent, mergeClaims, type SourceDates } from './claim-rule';
import type { Claim, StatedClaim } from './port';

const stated = (value: number, quote: string | null = null): StatedClaim => ({ subject: 'x', property: 'amount', value, quote, time: null });
const dates = (entries: Record<string, Partial<SourceDates>>) =>
  new Map(Object.entries(entries).map(([id, d]) => [id, { published: d.published ?? null, ingestedAt: d.ingestedAt ?? null }]));

describe('claims and the current-value rule', () => {
  it('a source stating a value again corroborates it; a different value becomes a claim beside it', () => {
    const a = mergeClaims([], [stated(1, 'one')], 'a');
    const b = mergeClaims(a, [stated(1, 'uno'), stated(2)], 'b');
    expect(b.map((c) => [c.value, c.sources])).toEqual([
      [1, [{ sourceId: 'a', quote: 'one' }, { sourceId: 'b', quote: 'uno' }]],
      [2, [{ sourceId: 'b', quote: null }]],
    ]);
    expect(mergeClaims(a, [stated(1, 'one')], 'a')).toEqual([]);
  });

  it('a value stated for another time is another claim', () => {
    const time = { date: '2023', start: null, end: null, precision: 'year' as const, stated: null };
    expect(claimId('x', 'amount', 1, null)).not.toBe(claimId('x', 'amount', 1, time));
    expect(claimId('x', 'amount', { a: 1, b: 2 }, null)).toBe(claimId('x', 'amount', { b: 2, a: 1 }, null));
  });

  it('latest published wins, undated counts as oldest, ties go to the later ingest, a preferred mark beats both', () => {
    const [one, two] = [mergeClaims([], [stated(1)], 'a')[0]!, mergeClaims([], [stated(2)], 'b')[0]!];
    expect(currentClaim([one, two], dates({ a: { published: '2024-01-01' }, b: { published: '2023-12-31' } }))!.value).toBe(1);
    expect(currentClaim([one, two], dates({ a: {}, b: { published: '2001' } }))!.value).toBe(2);
    expect(currentClaim([one, two], dates({ a: { published: '2024', ingestedAt: '2026-01-02T00:00:00Z' }, b: { published: '2024', ingestedAt: '2026-01-01T00:00:00Z' } }))!.value).toBe(1);
    const preferred: Claim = { ...two, preferred: { by: 'an analyst', at: '2026-01-01T00:00:00Z', why: null } };
    expect(currentClaim([one, preferred], dates({ a: { published: '2024-01-01' }, b: { published: '2000' } }))!.value).toBe(2);
    expect(markCurrent([two, one], dates({ a: { published: '2024' } })).map((c) => [c.value, c.current])).toEqual([[1, true], [2, false]]);
  });
});
