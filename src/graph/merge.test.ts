/**
 * Merge rules, pure: what an incoming entity or relationship does to what the graph holds, and the outcome
 * counted for the summary.
 */
import { mergeEntity, mergeRelationship, summariseOutcomes } from './merge';
import { relationshipId } from './relationship-key';
import type { Entity, Relationship } from './port';

const entity = (e: Partial<Entity> = {}): Entity => ({ id: 'jalali', kind: 'Person', name: 'Jalali', aliases: [], description: null, properties: {}, ...e });
const tie = (r: Partial<Relationship> = {}): Relationship => ({
  id: 'jalali|ENVOY_OF|iran',
  type: 'ENVOY_OF',
  from: 'jalali',
  to: 'iran',
  properties: {},
  evidence: [{ quote: 'Iran’s envoy Jalali', sourceId: 'interview' }],
  ...r,
});

describe('mergeEntity', () => {
  it('creates a new entity normalised: aliases once each, no description as null, properties sorted and without nulls', () => {
    const incoming = { ...entity({ aliases: ['Kazem Jalali', 'Kazem Jalali'], properties: { role: 'envoy', age: null, appointed: '2021' } }), description: undefined } as unknown as Entity;
    expect(mergeEntity(null, incoming)).toEqual({
      outcome: 'created',
      merged: { id: 'jalali', kind: 'Person', name: 'Jalali', aliases: ['Kazem Jalali'], description: null, properties: { appointed: '2021', role: 'envoy' } },
    });
    expect(Object.keys(mergeEntity(null, incoming).merged.properties)).toEqual(['appointed', 'role']);
  });

  it('keeps the existing id, kind, name and first description; a new spelling becomes an alias', () => {
    const existing = entity({ description: 'Iran’s ambassador to Russia.', aliases: ['Ambassador Jalali'] });
    const incoming = entity({ id: 'kazem-jalali', kind: 'Organization', name: 'Kazem Jalali', description: 'Another description.', aliases: ['Envoy Jalali'] });
    const { merged, outcome } = mergeEntity(existing, incoming);
    expect(outcome).toBe('updated');
    expect(merged).toEqual({
      id: 'jalali',
      kind: 'Person',
      name: 'Jalali',
      aliases: ['Ambassador Jalali', 'Envoy Jalali', 'Kazem Jalali'],
      description: 'Iran’s ambassador to Russia.',
      properties: {},
    });
  });

  it('takes the incoming description when the graph has none', () => {
    expect(mergeEntity(entity(), entity({ description: 'Envoy.' }))).toEqual({ outcome: 'updated', merged: entity({ description: 'Envoy.' }) });
  });

  it('never lists the name itself as an alias, nor an alias twice', () => {
    const { merged } = mergeEntity(entity({ aliases: ['Kazem Jalali'] }), entity({ aliases: ['Jalali', 'Kazem Jalali'] }));
    expect(merged.aliases).toEqual(['Kazem Jalali']);
  });

  it('merges properties with the incoming value winning, a null never erasing, keys sorted', () => {
    const existing = entity({ properties: { role: 'ambassador', since: '2021' } });
    const incoming = entity({ properties: { role: 'envoy', since: null, area: 'energy' } as never });
    const { merged, outcome } = mergeEntity(existing, incoming);
    expect(outcome).toBe('updated');
    expect(merged.properties).toEqual({ area: 'energy', role: 'envoy', since: '2021' });
    expect(Object.keys(merged.properties)).toEqual(['area', 'role', 'since']);
  });

  it('is unchanged when the incoming record adds nothing, whatever the order of keys or repeated aliases', () => {
    const existing = entity({ aliases: ['Kazem Jalali'], description: 'Envoy.', properties: { since: '2021', role: 'envoy' } });
    const incoming = entity({ aliases: ['Kazem Jalali', 'Jalali'], description: null, properties: { role: 'envoy' } });
    expect(mergeEntity(existing, incoming)).toEqual({
      outcome: 'unchanged',
      merged: entity({ aliases: ['Kazem Jalali'], description: 'Envoy.', properties: { role: 'envoy', since: '2021' } }),
    });
  });

  it('counts a changed property value as an update', () => {
    expect(mergeEntity(entity({ properties: { role: 'a' } }), entity({ properties: { role: 'b' } })).outcome).toBe('updated');
  });

  it('leaves out a property given as undefined, key and all', () => {
    const incoming = entity({ properties: { role: undefined, since: '2021' } as never });
    expect(Object.keys(mergeEntity(null, incoming).merged.properties)).toEqual(['since']);
    expect(Object.keys(mergeEntity(entity({ properties: { role: 'envoy' } }), incoming).merged.properties)).toEqual(['role', 'since']);
  });
});

describe('mergeRelationship', () => {
  it('creates a new relationship with each quote of each source once', () => {
    const incoming = tie({ evidence: [{ quote: 'q', sourceId: 'a' }, { quote: 'q', sourceId: 'a' }, { quote: 'q', sourceId: 'b' }] });
    expect(mergeRelationship(null, incoming)).toEqual({ outcome: 'created', merged: { ...incoming, evidence: [{ quote: 'q', sourceId: 'a' }, { quote: 'q', sourceId: 'b' }] } });
  });

  it('keeps every source’s evidence, in order, and merges properties with the incoming winning', () => {
    const existing = tie({ properties: { role: 'ambassador', since: '2021' } });
    const incoming = tie({ properties: { role: 'envoy', since: null } as never, evidence: [{ quote: 'the envoy, Jalali', sourceId: 'follow-up' }] });
    expect(mergeRelationship(existing, incoming)).toEqual({
      outcome: 'updated',
      merged: {
        ...existing,
        properties: { role: 'envoy', since: '2021' },
        evidence: [existing.evidence[0], { quote: 'the envoy, Jalali', sourceId: 'follow-up' }],
      },
    });
  });

  it('tells quotes apart by source and by text', () => {
    const existing = tie({ evidence: [{ quote: 'q', sourceId: 'a' }] });
    expect(mergeRelationship(existing, tie({ evidence: [{ quote: 'q', sourceId: 'b' }] })).merged.evidence).toHaveLength(2);
    expect(mergeRelationship(existing, tie({ evidence: [{ quote: 'r', sourceId: 'a' }] })).merged.evidence).toHaveLength(2);
    // A quote and source that run together differently are still two entries.
    expect(mergeRelationship(tie({ evidence: [{ quote: 'b', sourceId: 'a' }] }), tie({ evidence: [{ quote: '', sourceId: 'ab' }] })).merged.evidence).toHaveLength(2);
  });

  it('is unchanged when the same quote of the same source comes again', () => {
    const existing = tie({ properties: { role: 'envoy' } });
    expect(mergeRelationship(existing, tie({ properties: { role: 'envoy' } }))).toEqual({ outcome: 'unchanged', merged: existing });
  });

  it('counts a changed property as an update', () => {
    expect(mergeRelationship(tie({ properties: { role: 'a' } }), tie({ properties: { role: 'b' } })).outcome).toBe('updated');
  });
});

test('a relationship is identified by its ends and type', () => {
  expect(relationshipId('jalali', 'ENVOY_OF', 'iran')).toBe('jalali|ENVOY_OF|iran');
});

test('summariseOutcomes counts each outcome of entities and relationships', () => {
  expect(summariseOutcomes(['created', 'updated', 'updated', 'unchanged', 'unchanged', 'unchanged'], ['created', 'created', 'updated', 'unchanged'])).toEqual({
    entitiesCreated: 1,
    entitiesUpdated: 2,
    entitiesUnchanged: 3,
    relationshipsCreated: 2,
    relationshipsUpdated: 1,
    relationshipsUnchanged: 1,
  });
});
