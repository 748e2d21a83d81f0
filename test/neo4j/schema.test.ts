// cypher/schema.cypher is the ontology's Neo4j schema: generated from it, complete for every kind, idempotent,
// valid Neo4j 5 Cypher, and its full-text index is the one the Neo4j engine fills and searches.
import fs from 'node:fs';
import path from 'node:path';
import { ENTITY_LABEL, SOURCE_LABEL, kindNames } from '../../src/ontology/ontology';
import { NEO4J_FULLTEXT_INDEX, neo4jSchemaFile, neo4jSchemaStatements } from '../../src/ontology/schema';
import { cypherErrors } from '../support/neo4j-lint';
import { document, recordingStore } from './recording-driver';

const schemaFile = path.resolve(__dirname, '..', '..', 'cypher', 'schema.cypher');
const statements = neo4jSchemaStatements();

describe('cypher/schema.cypher', () => {
  it('is exactly what the ontology generates (run `npm run schema` after changing the ontology)', () => {
    expect(fs.readFileSync(schemaFile, 'utf8')).toBe(neo4jSchemaFile());
  });

  it('makes every statement idempotent', () => {
    for (const s of statements) expect(s).toMatch(/^CREATE (CONSTRAINT|INDEX|FULLTEXT INDEX) \w+ IF NOT EXISTS /);
    expect(new Set(statements.map((s) => s.split(' ').find((w, i, all) => all[i - 1] === 'CONSTRAINT' || all[i - 1] === 'INDEX'))).size).toBe(statements.length);
  });

  it.each([ENTITY_LABEL, SOURCE_LABEL, ...kindNames])('keeps the id of every %s unique', (label) => {
    expect(statements.filter((s) => new RegExp(`^CREATE CONSTRAINT \\w+ IF NOT EXISTS FOR \\(n:${label}\\) REQUIRE n\\.id IS UNIQUE$`).test(s))).toHaveLength(1);
  });

  it('indexes entity names and kinds', () => {
    expect(statements).toContainEqual(expect.stringMatching(/^CREATE INDEX \w+ IF NOT EXISTS FOR \(n:Entity\) ON \(n\.name\)$/));
    expect(statements).toContainEqual(expect.stringMatching(/^CREATE INDEX \w+ IF NOT EXISTS FOR \(n:Entity\) ON \(n\.kind\)$/));
  });

  it('has a full-text index over names, aliases and descriptions', () => {
    const fullText = statements.filter((s) => s.startsWith('CREATE FULLTEXT INDEX'));
    expect(fullText).toEqual([`CREATE FULLTEXT INDEX ${NEO4J_FULLTEXT_INDEX} IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliasText, n.description]`]);
  });

  it.each(statements.map((s) => [s]))('is Cypher that Neo4j 5 accepts: %s', (statement) => {
    expect(cypherErrors(statement)).toEqual([]);
  });

  it('is filled by the Neo4j engine: entity writes set every property the full-text index covers', async () => {
    const { store, sessions } = recordingStore();
    await store.writeDocument(document);
    const upserts = sessions.flatMap((s) => s.transactions.flatMap((t) => t.queries.map((q) => q.query))).filter((q) => q.includes(`MERGE (e:${ENTITY_LABEL} {id: row.id})`));
    expect(upserts.length).toBeGreaterThan(0);
    for (const property of ['name', 'aliasText', 'description']) {
      for (const q of upserts) expect(q).toMatch(new RegExp(`\\be\\.${property} = `));
    }
    await store.close();
  });
});
