/**
 * Neo4j's dialect is checked without a server: every .cypher file and every query the Neo4j engine sends is
 * linted with Neo4j's own parser and semantic analysis (@neo4j-cypher/language-support).
 */
import fs from 'node:fs';
import path from 'node:path';
import { lintCypherQuery } from '@neo4j-cypher/language-support';
import { Neo4jGraphStore } from '../../src/graph/neo4j/neo4j-store';
import type { Params, Row, TransactionRun } from '../../src/graph/cypher-store';
import type { DocumentWrite } from '../../src/graph/port';
import { neo4jSchemaStatements } from '../../src/ontology/schema';
import { PROJECT_ROOT } from '../support/engines';

/** Errors only; "parameter not defined" is expected because parameters arrive at run time. */
export function neo4jLintErrors(query: string): string[] {
  const { diagnostics } = lintCypherQuery(query, {});
  return diagnostics
    .filter((d) => d.severity === 1 && !/^Parameter \$\w+ is not defined/.test(String(d.message)))
    .map((d) => `${d.message} (at ${d.range.start.line + 1}:${d.range.start.character + 1})`);
}

/** Collects the text of every query the Neo4j engine would send; it never reaches a server. */
class QueryRecordingStore extends Neo4jGraphStore {
  readonly queries = new Set<string>();
  protected override async read(_op: string, query: string, _params?: Params): Promise<Row[]> {
    this.queries.add(query);
    return [];
  }
  protected override async writeTransaction<T>(_op: string, work: (run: TransactionRun) => Promise<T>): Promise<T> {
    return work(async (query) => {
      this.queries.add(query);
      return [];
    });
  }
}

function cypherFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return cypherFiles(full);
    // Files written in the embedded engine's dialect sit beside their Neo4j twin and are not Neo4j Cypher.
    return d.name.endsWith('.cypher') && !/\.(embedded|ladybug)\.cypher$/.test(d.name) ? [full] : [];
  });
}

describe('Neo4j Cypher lint', () => {
  it('catches a typo (the linter itself works)', () => {
    expect(neo4jLintErrors('MATCH (n:Entity {id: $id} RETURN n')).not.toEqual([]);
    expect(neo4jLintErrors('MATCH (n:Entity {id: $id}) RETURN n')).toEqual([]);
  });

  it.each(cypherFiles(path.join(PROJECT_ROOT, 'cypher')).map((f) => [path.relative(PROJECT_ROOT, f), f]))('%s has no errors', (_rel, file) => {
    const statements = fs
      .readFileSync(file, 'utf8')
      .split(/;\s*(?:\n|$)/)
      .map((s) => s.replace(/^\s*\/\/.*$/gm, '').trim())
      .filter(Boolean);
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) expect({ statement: s, errors: neo4jLintErrors(s) }).toEqual({ statement: s, errors: [] });
  });

  it('every query the Neo4j engine sends has no errors', async () => {
    const store = new QueryRecordingStore({ uri: 'bolt://127.0.0.1:1', username: 'neo4j', password: 'unused', database: 'neo4j' });
    const entity = { id: 'a', kind: 'Country' as const, name: 'A', aliases: ['Aa'], description: null, properties: {} };
    const write: DocumentWrite = {
      source: { id: 's', title: 'S', url: null, publisher: null, published: null, text: 'A and B' },
      entities: [entity, { ...entity, id: 'b', name: 'B' }],
      relationships: [{ id: 'a|COOPERATES_WITH|b', type: 'COOPERATES_WITH', from: 'a', to: 'b', properties: { areas: ['x'] }, evidence: [{ quote: 'A and B', sourceId: 's' }] }],
      mentions: { a: [0], b: [] },
    };
    await store.writeDocument(write);
    await store.planDocument(write);
    await store.getEntities(['a']);
    await store.listEntities({ first: 2 });
    await store.listEntities({ first: 2, kinds: ['Country'], after: Buffer.from('a').toString('base64url') });
    await store.getSources(['s']);
    await store.sourcesMentioning('a');
    await store.entitiesMentionedBy('s');
    await store.relationshipsOf('a', { direction: 'BOTH', first: 5 });
    await store.relationshipsOf('a', { direction: 'OUT', types: ['COOPERATES_WITH'], first: 5 });
    await store.neighbors('a', { direction: 'IN', kinds: ['Country'], first: 5 });
    await store.relationshipsOfType(['PARTICIPATES_IN'], { toKinds: ['Project'] });
    await store.search('a', { first: 5 });
    await store.shortestPath('a', 'b', { maxHops: 4 });
    await store.allShortestPaths('a', 'b', { maxHops: 4, first: 3 });
    await store.connectionsWithin('a', { maxHops: 2, first: 10, kinds: ['Country'] });
    await store.stats();
    await store.exportGraph();
    for (const s of neo4jSchemaStatements()) store.queries.add(s);
    expect(store.queries.size).toBeGreaterThan(20);
    const failures = [...store.queries].map((q) => ({ q, errors: neo4jLintErrors(q) })).filter((f) => f.errors.length > 0);
    expect(failures).toEqual([]);
    await store.close();
  });
});
