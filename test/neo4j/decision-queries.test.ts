/**
 * The statements a merge, a keep-apart and a decision import send to Neo4j (recorded at the driver's session, no
 * server): each passes Neo4j's own Cypher lint, runs in one write transaction, and is snapshotted for review.
 */
import neo4j, { type Record as Neo4jRecord } from 'neo4j-driver';
import { recordPreference } from '../../src/graph/decision-cypher';
import { startupSchema } from '../../src/graph/neo4j/schema';
import { cypherErrors } from '../support/neo4j-lint';
import { statementText } from '../support/statements';
import { recordingStore } from './recording-driver';

/** Two people the entity lookups answer, so the merge reaches its writes. */
function answer(query: string): Neo4jRecord[] {
  if (query.startsWith('MATCH (e:Entity) WHERE e.id IN $ids RETURN e.id AS id, e.kind AS kind')) {
    return [new neo4j.Record(['id', 'kind'], ['jalali', 'Person']), new neo4j.Record(['id', 'kind'], ['kazem-jalali', 'Person'])];
  }
  if (query.startsWith('MATCH (x:Entity {id: $id})-[r]->(o:Entity)')) {
    const keys = ['o_id', 'o_kind', 'r_type', 'r_evidence', 'r_sources'];
    return [new neo4j.Record(keys, ['iran', 'Country', 'ENVOY_OF', ['q'], ['s1']])];
  }
  if (query.startsWith('MATCH (s:Source)-[m:MENTIONS]->(e:Entity) WHERE e.id IN $ids')) {
    const keys = ['sourceId', 'entityId', 'offsets'];
    return [new neo4j.Record(keys, ['s1', 'kazem-jalali', [neo4j.int(0)]]), new neo4j.Record(keys, ['s2', 'kazem-jalali', []])];
  }
  if (!query.startsWith('MATCH (e:Entity) WHERE e.id IN $ids RETURN e.id AS e_id')) return [];
  const keys = ['e_id', 'e_kind', 'e_name', 'e_aliases', 'e_description', 'e_role'];
  return [
    new neo4j.Record(keys, ['jalali', 'Person', 'Jalali', [], null, 'envoy']),
    new neo4j.Record(keys, ['kazem-jalali', 'Person', 'Kazem Jalali', [], null, null]),
  ];
}

describe('decisions on Neo4j', () => {
  afterEach(() => jest.restoreAllMocks());

  it('sends statements Neo4j parses, each decision in one write transaction', async () => {
    const { store, sessions } = recordingStore((query) => answer(query));
    await store.mergeEntities({ keep: 'jalali', merge: 'kazem-jalali', actor: 'ana', reason: 'same' });
    await store.keepApart({ a: 'jalali', b: 'kazem-jalali', actor: 'ana' });
    await store.decisions({ subjects: ['kazem-jalali'] });
    await store.importDecisions([{ id: 'keep-apart|a|b', action: 'keep-apart', subjects: ['a', 'b'], actor: 'ana', at: '2026-01-01T00:00:00.000Z', reason: null, merged: null }]);
    const transactions = sessions.flatMap((s) => s.transactions);
    expect(transactions.map((t) => t.api)).toEqual(['executeWrite', 'executeWrite', 'executeRead', 'executeWrite']);
    const queries = transactions.flatMap((t) => t.queries.map((q) => q.query));
    for (const part of ['DETACH DELETE', 'MERGE (a)-[r:ENVOY_OF]->(b)', 'SET m.offsets = row.offsets', 'SET m.offsets = []']) expect(queries.some((q) => q.includes(part))).toBe(true);
    expect([...queries, ...startupSchema()].map((query) => ({ query, errors: cypherErrors(query) })).filter((p) => p.errors.length > 0)).toEqual([]);
    expect(transactions.map((t) => t.queries.map((q) => `${t.api === 'executeRead' ? 'READ ' : 'WRITE'} ${statementText(q.query)}`))).toMatchSnapshot();
    await store.close();
  });

  it('records a preferred claim in statements Neo4j parses: the earlier record of the same claim goes, the new one is stored', async () => {
    const sent: string[] = [];
    await recordPreference(async (query) => (sent.push(query), []), 'russia', 'c-1', { by: 'ana', at: '2026-11-29T12:00:00.000Z', why: null });
    expect(sent.map(statementText)).toEqual([
      'MATCH (d:Decision {id: $id}) DELETE d',
      'MATCH (d:Decision) WHERE d.id IN $ids RETURN d.id AS id',
      expect.stringMatching(/^UNWIND \$rows AS row CREATE \(d:Decision /),
    ]);
    expect(sent.map((query) => ({ query, errors: cypherErrors(query) })).filter((p) => p.errors.length > 0)).toEqual([]);
  });
});
