/**
 * The per-kind GraphQL types follow the ontology: graphql/kinds.graphql is what the generator writes, every
 * kind has a type, and every typed tie field follows relationship types the ontology lets that kind have.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isObjectType } from 'graphql';
import { KIND_MONEY, KIND_TIES, kindTies, kindTypeDefs } from '../../src/api/kind-types';
import { buildSchema } from '../../src/api/schema';
import { KINDS, RELATIONSHIP_TYPES, kindNames, kindProperties } from '../../src/ontology/ontology';
import { PROJECT_ROOT } from '../support/engines';

const GRAPHQL_DIR = path.join(PROJECT_ROOT, 'graphql');

describe('GraphQL types of the ontology kinds', () => {
  it('keeps graphql/kinds.graphql equal to what `npm run schema` generates', () => {
    expect(fs.readFileSync(path.join(GRAPHQL_DIR, 'kinds.graphql'), 'utf8')).toBe(kindTypeDefs());
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
          const spec = RELATIONSHIP_TYPES[type];
          const side = (tie.direction === 'OUT' ? spec.from : spec.to) as readonly string[];
          expect({ kind, field: tie.name, type, allowed: side.includes(kind) }).toEqual({ kind, field: tie.name, type, allowed: true });
        }
      }
      // Nothing declared is dropped silently: a tie whose every type is impossible for the kind is a mistake.
      expect(kindTies(kind).map((t) => t.name)).toEqual((KIND_TIES[kind] ?? []).map((t) => t.name));
    }
  });

  it('reads money from properties the kind declares', () => {
    for (const [kind, fields] of Object.entries(KIND_MONEY)) {
      const props = kindProperties(kind as keyof typeof KINDS);
      for (const money of fields ?? []) {
        expect(props[money.amount]?.type).toBe('number');
        expect(props[money.currency]?.type).toBe('string');
      }
    }
  });
});
