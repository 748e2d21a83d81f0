import type { Entity, Relationship } from './port';
import { decisionId, keptApartPair, mergeRefusals, planMerge, type KindedRelationship } from './decisions';

const entity = (id: string, kind: Entity['kind'], extra: Partial<Entity> = {}): Entity => ({ id, kind, name: id, aliases: [], description: null, properties: {}, ...extra });
const rel = (from: string, type: Relationship['type'], to: string, quote: string, sourceId = 's1'): Relationship => ({
  id: `${from}|${type}|${to}`, type, from, to, properties: {}, evidence: [{ quote, sourceId }],
});
const kinded = (relationship: Relationship, fromKind: Entity['kind'], toKind: Entity['kind']): KindedRelationship => ({ relationship, fromKind, toKind });

describe('planMerge', () => {
  const keep = entity('jalali', 'Person', { name: 'Jalali', description: 'envoy', properties: { role: 'Envoy' } });
  const merged = entity('kazem-jalali', 'Person', { name: 'Kazem Jalali', aliases: ['Jalali', 'K. Jalali'], description: 'other words', properties: { role: 'Ambassador' } });

  it('re-points every relationship, collapses the ones the survivor has (all quotes kept), and keeps the survivor\'s own values', () => {
    const existing = rel('jalali', 'ENVOY_OF', 'iran', 'old quote', 's0');
    const plan = planMerge(
      keep,
      merged,
      [kinded(rel('kazem-jalali', 'ENVOY_OF', 'iran', 'new quote'), 'Person', 'Country'), kinded(rel('ali', 'MET_WITH', 'kazem-jalali', 'met'), 'Person', 'Person')],
      new Map([[existing.id, existing]]),
      [{ sourceId: 's1', entityId: 'kazem-jalali', offsets: [9, 0] }, { sourceId: 's1', entityId: 'jalali', offsets: [20] }, { sourceId: 's0', entityId: 'jalali', offsets: [3] }],
    );
    expect(plan.survivor).toEqual({ ...keep, aliases: ['Kazem Jalali', 'K. Jalali'] });
    expect(plan.relationships.map((r) => r.merged)).toEqual([
      { ...existing, evidence: [{ quote: 'old quote', sourceId: 's0' }, { quote: 'new quote', sourceId: 's1' }] },
      rel('ali', 'MET_WITH', 'jalali', 'met'),
    ]);
    // Only the sources that mentioned the merged entity change; their offsets are joined and sorted.
    expect(plan.mentions).toEqual([{ sourceId: 's1', entityId: 'jalali', offsets: [0, 9, 20] }]);
    expect(plan.summary).toEqual({ relationshipsMoved: 2, relationshipsCollapsed: 1, mentionsMoved: 1, aliasesAdded: ['Kazem Jalali', 'K. Jalali'] });
  });

  it('fills what the survivor lacks from the merged entity', () => {
    const plan = planMerge(entity('a', 'Person', { name: 'A' }), entity('b', 'Person', { name: 'B', description: 'd', properties: { role: 'r' } }), [], new Map(), []);
    expect(plan.survivor).toMatchObject({ description: 'd', properties: { role: 'r' }, aliases: ['B'] });
  });

  it('refuses with every reason, as a KgError', () => {
    expect(() => planMerge(keep, keep, [], new Map(), [])).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: expect.objectContaining({ problems: [{ path: 'merge', message: 'an entity cannot be merged into itself' }] }) }));
  });
});

describe('mergeRefusals', () => {
  it('reconciles different kinds when the survivor\'s kind takes every relationship and property', () => {
    const org = entity('gazprom-co', 'Organization');
    expect(mergeRefusals(entity('gazprom', 'Country'), org, [kinded(rel('gazprom-co', 'COOPERATES_WITH', 'iran', 'q'), 'Organization', 'Country')])).toEqual([]);
  });

  it('names each relationship and property the survivor\'s kind cannot have', () => {
    const person = entity('putin', 'Person', { properties: { role: 'President' } });
    expect(mergeRefusals(entity('russia', 'Country'), person, [kinded(rel('putin', 'MET_WITH', 'ali', 'q'), 'Person', 'Person')])).toEqual([
      'the ontology does not let `MET_WITH` join a Country to a Person (`putin MET_WITH ali`; putin is a Person, russia a Country)',
      'a Country has no property `role` (putin, a Person, has one)',
    ]);
  });

  it('refuses two that a source ties to each other', () => {
    expect(mergeRefusals(entity('a', 'Person'), entity('b', 'Person'), [kinded(rel('a', 'MET_WITH', 'b', 'q'), 'Person', 'Person')])).toEqual([
      'a source states `a MET_WITH b` between the two (it speaks of them as two; merging would tie a to itself)',
    ]);
  });
});

test('decision ids are stable and a kept-apart pair is in id order', () => {
  expect(keptApartPair('b', 'a')).toEqual(['a', 'b']);
  expect(decisionId('keep-apart', keptApartPair('b', 'a'))).toBe('keep-apart|a|b');
});
