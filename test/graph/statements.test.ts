/**
 * Snapshots of every statement each engine sends for each port operation, so a change to a query shows in review
 * as a change to test/graph/__snapshots__/statements.test.ts.snap (as neo4j/graphql's translation tests do).
 * Statements are listed sorted: reads an operation sends side by side reach the engine in no fixed order.
 * Update after an intended change with `npx jest test/graph/statements -u`, and read the diff.
 */
import type { GraphStore } from '../../src/graph/port';
import { document, readOperations, recordingStore, writeOperations } from '../neo4j/recording-driver';
import { openEmbeddedStore } from '../support/engines';
import { recordLadybugStatements, statementText } from '../support/statements';

const sorted = (texts: string[]) => [...texts].sort();

describe('Neo4j: statements per port operation', () => {
  afterEach(() => jest.restoreAllMocks());

  test.each([...readOperations, ...writeOperations])('%s', async (_name, operation) => {
    const { store, sessions } = recordingStore();
    await operation(store);
    const sent = sessions.flatMap((s) => s.transactions.flatMap((t) => t.queries.map((q) => `${t.api === 'executeRead' ? 'READ ' : 'WRITE'} ${statementText(q.query)}`)));
    expect(sorted(sent)).toMatchSnapshot();
    await store.close();
  });

  // Start-up in the order sent: the ontology check's reads come before any write (test/neo4j/evolution.test.ts).
  test('init', async () => {
    const { driver, store, sessions } = recordingStore();
    jest.spyOn(driver, 'verifyConnectivity').mockResolvedValue({ address: 'localhost:1', agent: 'Neo4j/5.26.12' } as never);
    await store.init();
    expect(sessions.flatMap((s) => s.transactions.flatMap((t) => t.queries.map((q) => `${t.api === 'executeRead' ? 'READ ' : 'WRITE'} ${statementText(q.query)}`)))).toMatchSnapshot();
    await store.close();
  });
});

describe('embedded: statements per port operation', () => {
  let store: GraphStore;
  let recording: ReturnType<typeof recordLadybugStatements>;

  beforeAll(async () => {
    recording = recordLadybugStatements();
    store = await openEmbeddedStore({ bufferPoolMb: 256 });
    await store.writeDocument(document);
    recording.take();
  });
  afterAll(async () => {
    await store.close();
    recording.stop();
  });

  // Users' read-only Cypher runs as given, in a query process of its own (not on this process's connections).
  const operations = [...readOperations, ...writeOperations].filter(([name]) => name !== 'runCypher (read-only)');

  test.each(operations)('%s', async (_name, operation) => {
    await operation(store);
    expect(sorted(recording.take())).toMatchSnapshot();
  });

  test('the recording sees the store\'s own statements (the schema, then a document\'s writes)', async () => {
    const other = await openEmbeddedStore();
    const schema = recording.take();
    expect(schema.some((s) => s.startsWith('CREATE NODE TABLE IF NOT EXISTS Entity'))).toBe(true);
    await other.writeDocument({ ...document, entities: document.entities.slice(0, 1), relationships: [] });
    expect(recording.take()).toEqual(expect.arrayContaining(['BEGIN TRANSACTION', 'COMMIT']));
    await other.close();
  });
});

