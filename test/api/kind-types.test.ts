/**
 * The per-kind GraphQL types follow the ontology: the served schema carries the kinds' enums and types derived at
 * build, every kind has a type, and every typed tie field follows relationship types the ontology lets that kind have.
 */
import path from 'node:path';
import { isEnumType, isObjectType } from 'graphql';
import { kindMoney, kindTies } from '../../src/api/kind-types';
import { buildSchema } from '../../src/api/schema';
import { KINDS, RELATIONSHIP_TYPES, kindNames, kindProperties } from '../../src/ontology/ontology';
import { PROJECT_ROOT } from '../support/engines';

const GRAPHQL_DIR = path.join(PROJECT_ROOT, 'graphql');

describe('GraphQL types of the ontology kinds', () => {
  it('serves the EntityKind and RelationshipType enums of the loaded ontology, in its order', () => {
    const schema = buildSchema(GRAPHQL_DIR);
    const kinds = schema.getType('EntityKind');
    const types = schema.getType('RelationshipType');
    expect(isEnumType(kinds) && kinds.getValues().map((v) => v.name)).toEqual(kindNames);
    expect(isEnumType(types) && types.getValues().map((v) => v.name)).toEqual(Object.keys(RELATIONSHIP_TYPES));
  });

  it('gives every kind an Entity type with its own properties, and every field a description', () => {
    const schema = buildSchema(GRAPHQL_DIR);
    for (const kind of kindNames) {
      const type = schema.getType(kind);
      expect(isObjectType(type)).toBe(true);
      if (!isObjectType(type)) continue;
      expect(type.getInterfaces().map((i) => i.name)).toEqual(['Entity']);
      const fields = type.getFields();
      for (const property of Object.keys(kindProperties(kind))) expect(fields[property]).toBeDefined();
      for (const field of Object.values(fields)) expect(field.description).toBeTruthy();
    }
    expect(Object.keys(KINDS).sort()).toEqual([...kindNames].sort());
  });

  it('follows, in each tie field, only relationship types that may touch the kind on that side', () => {
    for (const kind of kindNames) {
      for (const tie of kindTies(kind)) {
        expect(tie.types.length).toBeGreaterThan(0);
        for (const type of tie.types) {
          const spec = RELATIONSHIP_TYPES[type]!;
          const side = (tie.direction === 'OUT' ? spec.from : spec.to) as readonly string[];
          expect({ kind, field: tie.name, type, allowed: side.includes(kind) }).toEqual({ kind, field: tie.name, type, allowed: true });
        }
      }
    }
  });

  it('reads money from properties the kind declares', () => {
    for (const kind of kindNames) {
      const props = kindProperties(kind);
      for (const money of kindMoney(kind)) {
        expect(props[money.amount]?.type).toBe('number');
        expect(props[money.currency]?.type).toBe('string');
      }
    }
  });
});
