import { legendKinds, legendRelationshipTypes } from './legend';
import { KINDS, RELATIONSHIP_TYPES, kindNames } from './ontology';

test('every kind is served in the ontology order with its own colour and shape pair', () => {
  const kinds = legendKinds();
  expect(kinds.map((k) => k.name)).toEqual(kindNames);
  expect(new Set(kinds.map((k) => `${k.color} ${k.shape}`)).size).toBe(kinds.length);
  for (const k of kinds) {
    if (KINDS[k.name]!.style) expect({ color: k.color, shape: k.shape }).toEqual(KINDS[k.name]!.style);
    expect(k.color).toMatch(/^#[0-9a-f]{6}$/i);
  }
});

test('relationship types carry the kinds they join and their display phrase', () => {
  for (const t of legendRelationshipTypes()) {
    expect(t.from).toEqual(RELATIONSHIP_TYPES[t.name]!.from);
    expect(t.display).toBe(RELATIONSHIP_TYPES[t.name]!.display);
  }
});
