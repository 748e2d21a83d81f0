import fs from 'node:fs';
import path from 'node:path';
import { buildSchema as parseSdl, GraphQLEnumType, GraphQLObjectType } from 'graphql';
import { kindNames, kindProperties, relationshipTypeNames, entityPropertyColumns } from '../../src/ontology/ontology';
import { embeddedDdl, neo4jSchemaFile, neo4jSchemaStatements } from '../../src/ontology/schema';
import { schemaTypeDefs } from '../../src/api/schema';
import { PROJECT_ROOT } from '../support/engines';

describe('schemas derived from the ontology', () => {
  it('cypher/schema.cypher is exactly what the ontology generates (run `npm run schema` after changing it)', () => {
    expect(fs.readFileSync(path.join(PROJECT_ROOT, 'cypher', 'schema.cypher'), 'utf8')).toBe(neo4jSchemaFile());
  });

  it('the Neo4j schema has an idempotent id uniqueness constraint for every kind, name indexes and a full-text index', () => {
    const statements = neo4jSchemaStatements();
    for (const s of statements) expect(s).toMatch(/IF NOT EXISTS/);
    for (const kind of kindNames) expect(statements).toContainEqual(expect.stringMatching(new RegExp(`FOR \\(n:${kind}\\) REQUIRE n\\.id IS UNIQUE`)));
    expect(statements).toContainEqual(expect.stringMatching(/CREATE INDEX entity_name .* ON \(n\.name\)/));
    expect(statements).toContainEqual(expect.stringMatching(/CREATE FULLTEXT INDEX .* ON EACH \[n\.name, n\.aliasText, n\.description\]/));
  });

  it('the embedded DDL has a table for every relationship type and a column for every entity property', () => {
    const ddl = embeddedDdl();
    for (const type of relationshipTypeNames) expect(ddl).toContainEqual(expect.stringContaining(`REL TABLE IF NOT EXISTS ${type}(FROM Entity TO Entity`));
    const entityTable = ddl.find((s) => s.includes('NODE TABLE IF NOT EXISTS Entity('))!;
    for (const column of Object.keys(entityPropertyColumns())) expect(entityTable).toContain(` ${column} `);
  });

  it('the GraphQL schema covers every kind (with its properties) and every relationship type', () => {
    const schema = parseSdl(schemaTypeDefs(path.join(PROJECT_ROOT, 'graphql')).join('\n'), { assumeValidSDL: true });
    const kinds = schema.getType('EntityKind') as GraphQLEnumType;
    expect(kinds.getValues().map((v) => v.name).sort()).toEqual([...kindNames].sort());
    const types = schema.getType('RelationshipType') as GraphQLEnumType;
    expect(types.getValues().map((v) => v.name).sort()).toEqual([...relationshipTypeNames].sort());
    for (const kind of kindNames) {
      const type = schema.getType(kind) as GraphQLObjectType;
      expect(type.getInterfaces().map((i) => i.name)).toContain('Entity');
      for (const prop of Object.keys(kindProperties(kind))) expect(Object.keys(type.getFields())).toContain(prop);
    }
  });
});
