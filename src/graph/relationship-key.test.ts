import { compareKeys, edgeSortKey, parseRelationshipId, relationshipId, splitEdgeSortKey } from './relationship-key';

test('a relationship id is its ends and type, and reads back into them', () => {
  expect(relationshipId('jalali', 'ENVOY_OF', 'iran')).toBe('jalali|ENVOY_OF|iran');
  expect(parseRelationshipId('jalali|ENVOY_OF|iran')).toEqual({ from: 'jalali', type: 'ENVOY_OF', to: 'iran' });
});

test('an id that is not three non-empty parts is not a relationship id', () => {
  for (const bad of ['', 'a|B', 'a|B|c|d', '|B|c', 'a||c', 'a|B|']) expect(parseRelationshipId(bad)).toBeNull();
});

test('edge sort keys order IN before OUT, then by type, then by the other end', () => {
  const keys = [edgeSortKey('OUT', 'MET_WITH', 'a'), edgeSortKey('IN', 'PART_OF', 'z'), edgeSortKey('OUT', 'ENVOY_OF', 'b'), edgeSortKey('IN', 'ENVOY_OF', 'c')];
  expect([...keys].sort(compareKeys)).toEqual(['IN|ENVOY_OF|c', 'IN|PART_OF|z', 'OUT|ENVOY_OF|b', 'OUT|MET_WITH|a']);
});

test('a sort key splits at its direction, keeping what follows whole', () => {
  expect(splitEdgeSortKey('OUT|MET_WITH|a|b')).toEqual({ direction: 'OUT', withinDirection: 'MET_WITH|a|b' });
  expect(splitEdgeSortKey(undefined)).toEqual({ direction: undefined, withinDirection: '' });
});
