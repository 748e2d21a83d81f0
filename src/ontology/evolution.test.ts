import { convertValue, describeChange, schemaMismatch } from './evolution';

test('values convert where the text allows, and are refused (undefined) where it does not', () => {
  expect(convertValue(0.6, 'number', 'string')).toBe('0.6');
  expect(convertValue(' 12 ', 'string', 'number')).toBe(12);
  expect(convertValue('about 80', 'string', 'number')).toBeUndefined();
  expect(convertValue('', 'string', 'number')).toBeUndefined();
  expect(convertValue('TRUE', 'string', 'boolean')).toBe(true);
  expect(convertValue('yes', 'string', 'boolean')).toBeUndefined();
  expect(convertValue(true, 'boolean', 'number')).toBeUndefined();
  expect(convertValue('energy', 'string', 'string[]')).toEqual(['energy']);
  expect(convertValue(['energy'], 'string[]', 'string')).toBe('energy');
  expect(convertValue(['energy', 'transport'], 'string[]', 'string')).toBeUndefined();
  expect(convertValue(null, 'string', 'number')).toBeNull();
});

test('each difference says what differs with its count, and what kg migrate --apply does', () => {
  expect(describeChange({ change: 'remove-kind', kind: 'Policy', count: 1 })).toEqual({
    what: 'kind Policy is not in the ontology, but 1 entity has it',
    migrate: 'deletes the 1 Policy entity and their relationships (or put Policy back in the ontology)',
  });
  expect(describeChange({ change: 'remove-type', type: 'TARGETS', count: 4 }).what).toBe('relationship type TARGETS is not in the ontology, but 4 relationships have it');
  const retype = { change: 'retype', table: 'Entity', owner: 'entity', column: 'size', from: 'string', to: 'number', count: 2 } as const;
  expect(describeChange({ ...retype, unconvertible: [] })).toEqual({ what: 'entity property size is string in the data folder and number in the ontology; 2 values are stored', migrate: 'converts each value to number' });
  expect(describeChange({ ...retype, unconvertible: ['delegation'] }).what).toMatch(/and 1 cannot be read as number \(delegation\)$/);
});

test('SCHEMA_MISMATCH lists every difference and names kg migrate and the way back', () => {
  const e = schemaMismatch('/data', '/mine.yaml', { file: '/old.yaml', kinds: [], relationships: [] }, [
    { change: 'remove-kind', kind: 'Policy', count: 2 },
    { change: 'remove-type', type: 'TARGETS', count: 1 },
  ]);
  expect(e.code).toBe('SCHEMA_MISMATCH');
  expect(e.message).toContain('the data folder /data was last opened with the ontology /old.yaml');
  expect(e.message).toContain('  - kind Policy is not in the ontology, but 2 entities have it\n  - relationship type TARGETS is not in the ontology, but 1 relationship has it');
  expect(e.message).toContain('`kg migrate --apply`');
  expect(e.details.differences).toHaveLength(2);
});
