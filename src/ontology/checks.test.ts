import { endsProblem, kindProblem, relationshipTypeProblem } from './checks';
import { RELATIONSHIP_TYPES, kindNames, relationshipTypeNames, type KindName, type RelationshipTypeName } from './ontology';

test('a declared kind or type passes; another is named with the list the ontology knows', () => {
  expect(kindProblem(kindNames[0]!)).toBeUndefined();
  expect(kindProblem('Spaceship')).toBe(`unknown kind "Spaceship"; the ontology knows ${kindNames.join(', ')}`);
  expect(relationshipTypeProblem(relationshipTypeNames[0]!)).toBeUndefined();
  expect(relationshipTypeProblem('LIKES')).toBe(`unknown relationship type "LIKES"; the ontology knows ${relationshipTypeNames.join(', ')}`);
});

test('ends a type may join pass; others are named with what the type joins', () => {
  const type = relationshipTypeNames[0]! as RelationshipTypeName;
  const spec = RELATIONSHIP_TYPES[type];
  expect(endsProblem(type, spec.from[0] as KindName, spec.to[0] as KindName)).toBeUndefined();
  const wrong = kindNames.find((k) => !(spec.from as readonly string[]).includes(k))!;
  expect(endsProblem(type, wrong, spec.to[0] as KindName)).toBe(`${type} cannot join ${wrong} to ${spec.to[0]}; it joins ${spec.from.join('|')} to ${spec.to.join('|')}`);
});
