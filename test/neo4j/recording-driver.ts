/**
 * A real neo4j-driver routing driver (neo4j://, no server) whose sessions are real driver Sessions with only
 * executeRead/executeWrite intercepted: the store's routing choices and queries are recorded at the session
 * boundary, and each query answers what the test says (empty by default). It checks choices, never results.
 */
import neo4j, { type Driver, type Record as Neo4jRecord, type Session, type SessionConfig } from 'neo4j-driver';
import { Neo4jGraphStore } from '../../src/graph/neo4j/store';
import type { DocumentWrite, GraphDump, GraphStore } from '../../src/graph/port';

export interface Transaction {
  api: 'executeRead' | 'executeWrite';
  config: { metadata?: Record<string, unknown>; timeout?: unknown } | undefined;
  queries: { query: string; params: Record<string, unknown> }[];
}

export interface OpenedSession {
  config: SessionConfig;
  session: Session;
  transactions: Transaction[];
  closed: boolean;
}

/** What a recorded query answers: records, or a driver error to throw. */
export type Answer = (query: string, params: Record<string, unknown>) => Neo4jRecord[] | Error;

export const DATABASE = 'graphdb';

export function recordingStore(answer: Answer = () => []): { driver: Driver; store: Neo4jGraphStore; sessions: OpenedSession[] } {
  const driver = neo4j.driver('neo4j://localhost:1', neo4j.auth.basic('neo4j', 'not-used-no-server'));
  const sessions: OpenedSession[] = [];
  const realSession = driver.session.bind(driver);
  jest.spyOn(driver, 'session').mockImplementation((config: SessionConfig = {}) => {
    const session = realSession(config);
    const opened: OpenedSession = { config, session, transactions: [], closed: false };
    sessions.push(opened);
    const close = session.close.bind(session);
    session.close = async () => {
      opened.closed = true;
      await close();
    };
    const intercept = (api: Transaction['api']) =>
      (async (work: (tx: unknown) => Promise<unknown>, txConfig?: Transaction['config']) => {
        const transaction: Transaction = { api, config: txConfig, queries: [] };
        opened.transactions.push(transaction);
        return work({
          // Shaped like the driver's Result: awaitable for its records, and streamable with keys() and for-await.
          run: (query: string, params: Record<string, unknown> = {}) => {
            transaction.queries.push({ query, params });
            const result = answer(query, params);
            const records = result instanceof Error ? [] : result;
            const settled = result instanceof Error ? Promise.reject(result) : Promise.resolve({ records });
            settled.catch(() => undefined);
            return Object.assign(settled, {
              keys: async () => {
                if (result instanceof Error) throw result;
                return records[0]?.keys ?? [];
              },
              async *[Symbol.asyncIterator]() {
                if (result instanceof Error) throw result;
                yield* records;
              },
            });
          },
        });
      }) as never;
    session.executeRead = intercept('executeRead');
    session.executeWrite = intercept('executeWrite');
    return session;
  });
  const store = new Neo4jGraphStore({ uri: 'neo4j://localhost:1', username: 'neo4j', password: 'not-used-no-server', database: DATABASE }, driver);
  return { driver, store, sessions };
}

export const document: DocumentWrite = {
  source: { id: 'a-source', title: 'A source', url: null, publisher: null, published: '2025-01-01', text: 'Jalali met Putin in Moscow.' },
  entities: [
    { id: 'jalali', kind: 'Person', name: 'Jalali', aliases: [], description: null, properties: { role: 'envoy' } },
    { id: 'vladimir-putin', kind: 'Person', name: 'Vladimir Putin', aliases: ['Putin'], description: null, properties: {} },
  ],
  relationships: [
    {
      id: 'jalali|MET_WITH|vladimir-putin',
      type: 'MET_WITH',
      from: 'jalali',
      to: 'vladimir-putin',
      properties: { topics: ['trade'] },
      evidence: [{ quote: 'Jalali met Putin', sourceId: 'a-source' }],
    },
  ],
  mentions: { jalali: [0], 'vladimir-putin': [11] },
  claims: [
    { subject: 'jalali', property: 'role', value: 'envoy', quote: 'Jalali', time: null },
    {
      subject: 'jalali|MET_WITH|vladimir-putin',
      property: '@time',
      value: { date: '2025-01', start: null, end: null, precision: 'month', stated: 'this month' },
      quote: 'Jalali met Putin',
      time: { date: '2025-01', start: null, end: null, precision: 'month', stated: 'this month' },
    },
  ],
};

export const dump: GraphDump = {
  sources: [document.source],
  entities: document.entities,
  relationships: document.relationships,
  mentions: [{ sourceId: 'a-source', entityId: 'jalali', offsets: [0] }],
  claims: [
    { id: 'c-0123', subject: 'jalali', property: 'role', value: 'envoy', sources: [{ sourceId: 'a-source', quote: 'Jalali' }], time: null, preferred: { by: 'analyst', at: '2026-11-29T20:00:00.000Z', why: null } },
  ],
};

export const cypherLimits = { timeoutMs: 1000, maxRows: 10 };

export const readOperations: [string, (store: GraphStore) => Promise<unknown>][] = [
  ['getEntities', (s) => s.getEntities(['jalali'])],
  ['listEntities', (s) => s.listEntities({ kinds: ['Person'], first: 5 })],
  ['getSources', (s) => s.getSources(['a-source'])],
  ['listSources', (s) => s.listSources({ first: 5, after: 'WyIyMDI1LTAxLTAxIiwiYS1zb3VyY2UiXQ', publishedAfter: '2024-01-01', publishedBefore: '2025-12-31' })],
  ['sourceCounts', (s) => s.sourceCounts(['a-source', 'b-source'])],
  ['relationshipsStatedBy', (s) => s.relationshipsStatedBy(['a-source', 'b-source'])],
  ['sourcesMentioning', (s) => s.sourcesMentioning('jalali')],
  ['entitiesMentionedBy', (s) => s.entitiesMentionedBy('a-source')],
  ['relationshipsOf', (s) => s.relationshipsOf('jalali', { direction: 'BOTH', first: 5 })],
  ['relationshipPages', (s) => s.relationshipPages([{ entityId: 'jalali', direction: 'IN', types: ['MET_WITH'], first: 5, after: 'SU58TUVUX1dJVEh8YQ' }, { entityId: 'iran', direction: 'OUT', first: 2 }])],
  ['neighbors', (s) => s.neighbors('jalali', { direction: 'OUT', kinds: ['Person'], first: 5 })],
  ['neighbors after a name', (s) => s.neighbors('jalali', { direction: 'BOTH', first: 5, order: { by: 'name', after: { name: 'Moscow', id: 'moscow' } } })],
  ['neighbors by id', (s) => s.neighbors('jalali', { direction: 'IN', types: ['MET_WITH'], first: 5, order: { by: 'id', after: 'a' } })],
  ['neighborPages', (s) => s.neighborPages([{ entityId: 'jalali', direction: 'BOTH', first: 5 }, { entityId: 'iran', direction: 'OUT', kinds: ['Project'], first: 2, order: { by: 'id' } }])],
  ['relationshipsOfType', (s) => s.relationshipsOfType(['PARTICIPATES_IN'], { toKinds: ['Project'] })],
  ['search', (s) => s.search('Rasht–Astara railway', { first: 5 })],
  ['search by kind', (s) => s.search('Putin', { kinds: ['Person'], first: 5 })],
  ['shortestPath', (s) => s.shortestPath('jalali', 'vladimir-putin', { maxHops: 4 })],
  ['allShortestPaths', (s) => s.allShortestPaths('jalali', 'vladimir-putin', { maxHops: 4, first: 3 })],
  ['connectionsWithin', (s) => s.connectionsWithin('jalali', { maxHops: 2, first: 10 })],
  ['stats', (s) => s.stats()],
  ['exportGraph', (s) => s.exportGraph()],
  ['exportSlices', async (s) => { for await (const _ of s.exportSlices({ batchSize: 1 })) void _; }],
  ['planDocument', (s) => s.planDocument(document)],
  ['relationshipsOfEach', (s) => s.relationshipsOfEach(['jalali', 'vladimir-putin'], { direction: 'BOTH', types: ['MET_WITH'] })],
  ['mentionsAmong', (s) => s.mentionsAmong({ entityIds: ['jalali'], sourceIds: ['a-source'] })],
  ['entityLabels', (s) => s.entityLabels()],
  ['getRelationships', (s) => s.getRelationships(['jalali|MET_WITH|vladimir-putin'])],
  ['claimsOf', (s) => s.claimsOf(['jalali', 'jalali|MET_WITH|vladimir-putin'])],
  ['conflicts', (s) => s.conflicts({ first: 5 })],
  ['conflicts after a place', (s) => s.conflicts({ first: 5, after: { subject: 'jalali', property: 'role' } })],
  ['runCypher (read-only)', (s) => s.runCypher('MATCH (e:Entity) RETURN e.name AS name LIMIT 3', { readOnly: true, ...cypherLimits })],
];

export const writeOperations: [string, (store: GraphStore) => Promise<unknown>][] = [
  ['writeDocument', (s) => s.writeDocument(document)],
  ['importGraph', (s) => s.importGraph(dump)],
  ['preferClaim', (s) => s.preferClaim('c-0123', { by: 'analyst', at: '2026-11-29T20:00:00.000Z', why: 'checked' })],
  ['runCypher (write allowed)', (s) => s.runCypher("MERGE (e:Entity {id: 'x'}) RETURN e.id AS id", { readOnly: false, ...cypherLimits })],
];

