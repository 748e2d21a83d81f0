import { createHash } from 'node:crypto';
import {
  RELATIONSHIP_TIME,
  byProperty,
  canonicalJson,
  claimId,
  compareByRule,
  corroboration,
  currentClaim,
  markCurrent,
  mergeClaims,
  mergeImportedClaims,
  sortedSources,
  sourceIdsOf,
  timeOrNull,
  type SourceDates,
} from './claim-rule';
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

const claim = (over: Partial<Claim> & { value: Claim['value'] }): Claim => {
  const base = { subject: 'x', property: 'amount', sources: [], time: null, preferred: null, ...over };
  return { ...base, id: over.id ?? claimId(base.subject, base.property, base.value, base.time) };
};
const mark = { by: 'an analyst', at: '2026-01-01T00:00:00Z', why: 'checked' };

describe('claim ids and one spelling of a value', () => {
  it('spells JSON with object keys sorted at every depth, arrays in their order, strings escaped', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 'x"y', c: null }] })).toBe('{"a":[2,{"c":null,"d":"x\\"y"}],"b":1}');
    expect(canonicalJson([3, 1])).toBe('[3,1]');
    expect(canonicalJson('1')).not.toBe(canonicalJson(1));
  });

  it('a time with every field null is no time; a partial one keeps its fields and fills the rest with null', () => {
    expect(timeOrNull({ date: null, start: null, end: null, precision: null, stated: null })).toBeNull();
    expect(timeOrNull(undefined)).toBeNull();
    for (const field of ['date', 'start', 'end', 'precision', 'stated'] as const) {
      const value = field === 'precision' ? 'year' : '2023';
      expect(timeOrNull({ [field]: value } as never)).toEqual({ date: null, start: null, end: null, precision: null, stated: null, [field]: value });
    }
  });

  it('an id is "c-" and 32 hex digits of the SHA-256 of subject, property, value and time, each spelled once', () => {
    const id = claimId('x', 'amount', 1, null);
    const digest = createHash('sha256').update(canonicalJson(['x', 'amount', canonicalJson(1), canonicalJson(null)])).digest('hex');
    expect(id).toBe(`c-${digest.slice(0, 32)}`);
    expect(claimId('x', 'amount', 1, null)).not.toBe(claimId('y', 'amount', 1, null));
    expect(claimId('x', 'amount', 1, null)).not.toBe(claimId('x', 'currency', 1, null));
    expect(claimId('x', 'amount', 1, null)).not.toBe(claimId('x', 'amount', '1', null));
  });

  it('the time of a relationship is claimed under a name no ontology property can have', () => {
    expect(RELATIONSHIP_TIME).toBe('@time');
  });
});

describe('sources of a claim', () => {
  it('are listed once per (source, quote), by source then quote, a missing quote as null', () => {
    expect(
      sortedSources([
        { sourceId: 'b', quote: 'q2' },
        { sourceId: 'a', quote: null },
        { sourceId: 'b', quote: 'q1' },
        { sourceId: 'b', quote: 'q2' },
        { sourceId: 'a', quote: undefined as never },
      ]),
    ).toEqual([
      { sourceId: 'a', quote: null },
      { sourceId: 'b', quote: 'q1' },
      { sourceId: 'b', quote: 'q2' },
    ]);
    // A missing quote is stored as '' and read back as null: the same statement.
    expect(sortedSources([{ sourceId: 'a', quote: null }, { sourceId: 'a', quote: '' }])).toHaveLength(1);
    expect(corroboration({ sources: sortedSources([{ sourceId: 'b', quote: 'q1' }, { sourceId: 'b', quote: 'q2' }, { sourceId: 'a', quote: null }]) })).toBe(2);
    expect(sourceIdsOf([claim({ value: 1, sources: [{ sourceId: 'a', quote: null }, { sourceId: 'b', quote: null }] }), claim({ value: 2, sources: [{ sourceId: 'a', quote: 'q' }] })])).toEqual(['a', 'b']);
  });

  it('a claim stated again by another source keeps its preferred mark', () => {
    const held = { ...claim({ value: 1, sources: [{ sourceId: 'a', quote: null }] }), preferred: mark };
    expect(mergeClaims([held], [{ subject: 'x', property: 'amount', value: 1, quote: null, time: null }], 'b')).toEqual([
      { ...held, sources: [{ sourceId: 'a', quote: null }, { sourceId: 'b', quote: null }] },
    ]);
  });
});

describe('claims of an imported graph', () => {
  const held = claim({ value: 1, sources: [{ sourceId: 'a', quote: 'one' }] });

  it('unite their sources with those held, keep a mark held over an incoming one, and take an incoming mark when none is held', () => {
    const incoming = { ...claim({ value: 1, sources: [{ sourceId: 'b', quote: null }] }), preferred: { ...mark, by: 'another analyst' } };
    expect(mergeImportedClaims([{ ...held, preferred: mark }], [incoming])).toEqual([{ ...held, sources: [{ sourceId: 'a', quote: 'one' }, { sourceId: 'b', quote: null }], preferred: mark }]);
    expect(mergeImportedClaims([held], [incoming])).toEqual([{ ...held, sources: [{ sourceId: 'a', quote: 'one' }, { sourceId: 'b', quote: null }], preferred: incoming.preferred }]);
  });

  it('change nothing when the graph holds the same claim (its current flag aside), and add a new value as a claim beside', () => {
    expect(mergeImportedClaims([{ ...held, current: true }], [held])).toEqual([]);
    const other = claim({ value: 2, sources: [{ sourceId: 'b', quote: null }] });
    expect(mergeImportedClaims([held], [held, other])).toEqual([other]);
    // Ids are derived again on import, whatever the file said.
    expect(mergeImportedClaims([], [{ ...other, id: 'c-forged' }])).toEqual([other]);
  });
});

describe('the rule, in detail', () => {
  const a = claim({ value: 1, sources: [{ sourceId: 'a', quote: null }] });
  const b = claim({ value: 2, sources: [{ sourceId: 'b', quote: null }] });

  it('a claim counts its latest source: one of two sources published later carries it', () => {
    const ab = claim({ value: 1, sources: [{ sourceId: 'a', quote: null }, { sourceId: 'c', quote: null }] });
    const when = dates({ a: { published: '2001' }, b: { published: '2010' }, c: { published: '2020' } });
    expect(currentClaim([b, ab], when)!.value).toBe(1);
    expect(compareByRule(ab, b, when)).toBe(-1);
    expect(compareByRule(b, ab, when)).toBe(1);
  });

  it('whichever of its sources comes first, a claim counts the latest one', () => {
    const ac = claim({ value: 1, sources: [{ sourceId: 'a', quote: null }, { sourceId: 'c', quote: null }] });
    expect(currentClaim([b, ac], dates({ a: { published: '2020' }, b: { published: '2010' }, c: { published: '2001' } }))!.value).toBe(1);
    expect(currentClaim([b, ac], dates({ a: { published: '2001' }, b: { published: '2010' }, c: { published: '2002' } }))!.value).toBe(2);
  });

  it('equal dates fall to the claim id, so every graph holding the same claims agrees', () => {
    const when = dates({ a: { published: '2020', ingestedAt: '2026' }, b: { published: '2020', ingestedAt: '2026' } });
    const [first, second] = [a, b].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(compareByRule(first!, second!, when)).toBe(-1);
    expect(compareByRule(second!, first!, when)).toBe(1);
    expect(compareByRule(a, a, when)).toBe(0);
    expect(currentClaim([second!, first!], when)).toBe(first);
    expect(currentClaim([], when)).toBeNull();
  });

  it('groups by subject and property: the same property of two subjects has a current claim each', () => {
    const other = claim({ subject: 'y', value: 3, sources: [{ sourceId: 'b', quote: null }] });
    expect([...byProperty([a, other, b]).entries()].map(([key, list]) => [key, list.map((c) => c.value)])).toEqual([
      ['x\u0000amount', [1, 2]],
      ['y\u0000amount', [3]],
    ]);
    expect(markCurrent([a, other, b], dates({ b: { published: '2020' } })).filter((c) => c.current).map((c) => c.value)).toEqual([2, 3]);
  });
});
