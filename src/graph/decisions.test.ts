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
  expect(keptApartPair('a', 'b')).toEqual(['a', 'b']);
  expect(keptApartPair('a', 'a')).toEqual(['a', 'a']);
  expect(decisionId('keep-apart', keptApartPair('b', 'a'))).toBe('keep-apart|a|b');
});

describe('planMerge, in detail', () => {
  it('joins several reasons with semicolons in the message', () => {
    const person = entity('putin', 'Person', { properties: { role: 'President' } });
    expect(() => planMerge(entity('russia', 'Country'), person, [kinded(rel('putin', 'MET_WITH', 'ali', 'q'), 'Person', 'Person')], new Map(), [])).toThrow(
      /^cannot merge putin into russia: the ontology does not let `MET_WITH` join a Country to a Person \(.*\); a Country has no property `role`/,
    );
  });

  it('says why in the message and in each problem, naming both ids', () => {
    const refused = () => planMerge(entity('a', 'Person'), entity('b', 'Person'), [kinded(rel('b', 'MET_WITH', 'a', 'q'), 'Person', 'Person')], new Map(), []);
    expect(refused).toThrow('cannot merge b into a: a source states `b MET_WITH a` between the two (it speaks of them as two; merging would tie a to itself)');
    expect(refused).toThrow(expect.objectContaining({ details: { argument: 'merge', problems: [{ path: 'merge', message: expect.stringContaining('`b MET_WITH a`') }] } }));
  });

  it('writes the survivor\'s properties in name order, whichever side gave them', () => {
    const plan = planMerge(entity('a', 'Agreement', { properties: { amount: 1 } }), entity('b', 'Agreement', { properties: { status: 's', currency: 'USD' } }), [], new Map(), []);
    expect(Object.keys(plan.survivor.properties)).toEqual(['amount', 'currency', 'status']);
  });

  it('collapses two moved relationships that become one, keeping the survivor\'s own as what was there before', () => {
    const own = rel('a', 'MET_WITH', 'x', 'a met x', 's0');
    // b met x and x met b: after the merge, a MET_WITH x (and x MET_WITH a), the first joining a's own.
    const plan = planMerge(entity('a', 'Person'), entity('b', 'Person'), [kinded(rel('b', 'MET_WITH', 'x', 'b met x'), 'Person', 'Person'), kinded(rel('b', 'MET_WITH', 'x', 'again', 's2'), 'Person', 'Person')], new Map([[own.id, own]]), []);
    expect(plan.relationships).toEqual([
      { merged: { ...own, evidence: [{ quote: 'a met x', sourceId: 's0' }, { quote: 'b met x', sourceId: 's1' }, { quote: 'again', sourceId: 's2' }] }, existing: own },
    ]);
    expect(plan.summary.relationshipsCollapsed).toBe(2);
  });

  it('counts as added only the names the survivor did not already have as aliases', () => {
    const plan = planMerge(entity('a', 'Person', { name: 'A', aliases: ['Old'] }), entity('b', 'Person', { name: 'B', aliases: ['Old', 'New'] }), [], new Map(), []);
    expect(plan.survivor.aliases).toEqual(['Old', 'B', 'New']);
    expect(plan.summary.aliasesAdded).toEqual(['B', 'New']);
  });
});

describe('mergeRefusals, in detail', () => {
  it('checks relationships with the survivor\'s kind at the merged end only, whichever end that is', () => {
    // An Organization merged into a Country: its incoming MEMBER_OF from a person may not end at a country...
    const org = entity('org', 'Organization');
    expect(mergeRefusals(entity('land', 'Country'), org, [kinded(rel('p', 'MEMBER_OF', 'org', 'q'), 'Person', 'Organization')])).toEqual([
      'the ontology does not let `MEMBER_OF` join a Person to a Country (`p MEMBER_OF org`; org is an Organization, land a Country)',
    ]);
    // ...and its outgoing COOPERATES_WITH to a country may start at one.
    expect(mergeRefusals(entity('land', 'Country'), org, [kinded(rel('org', 'COOPERATES_WITH', 'iran', 'q'), 'Organization', 'Country')])).toEqual([]);
  });

  it('does not check kinds or properties when the two are of one kind, and lets a property the survivor\'s kind has', () => {
    expect(mergeRefusals(entity('a', 'Person'), entity('b', 'Person', { properties: { role: 'r' } }), [kinded(rel('b', 'MET_WITH', 'c', 'q'), 'Person', 'Person')])).toEqual([]);
    expect(mergeRefusals(entity('a', 'Organization'), entity('b', 'Group', { properties: { recurrence: 'annual' } }), [])).toEqual([]);
    expect(mergeRefusals(entity('a', 'Organization'), entity('b', 'Group', { properties: { size: 3 } }), [])).toEqual(['an Organization has no property `size` (b, a Group, has one)']);
  });

  it('refuses a tie in either direction between the two, and only between the two', () => {
    expect(mergeRefusals(entity('a', 'Person'), entity('b', 'Person'), [kinded(rel('b', 'MET_WITH', 'a', 'q'), 'Person', 'Person')])).toHaveLength(1);
    expect(mergeRefusals(entity('a', 'Person'), entity('b', 'Person'), [kinded(rel('b', 'MET_WITH', 'c', 'q'), 'Person', 'Person'), kinded(rel('c', 'MET_WITH', 'b', 'q'), 'Person', 'Person')])).toEqual([]);
  });
});
