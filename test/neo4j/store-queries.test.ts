// Every query the Neo4j engine sends, for every store operation, goes through Neo4j's own Cypher parser and
// semantic analysis (no server here): a typo or a clause Neo4j 5 does not know fails this test.
import { cypherErrors } from '../support/neo4j-lint';
import { readOperations, recordingStore, writeOperations } from './recording-driver';

describe('the Neo4j engine\'s queries', () => {
  afterEach(() => jest.restoreAllMocks());

  it('sends only queries that Neo4j parses and understands', async () => {
    const { store, sessions } = recordingStore();
    for (const [, operation] of [...readOperations, ...writeOperations]) await operation(store);
    const queries = [...new Set(sessions.flatMap((s) => s.transactions.flatMap((t) => t.queries.map((q) => q.query))))];
    expect(queries.length).toBeGreaterThan(20);
    const problems = queries.map((query) => ({ query, errors: cypherErrors(query) })).filter((p) => p.errors.length > 0);
    expect(problems).toEqual([]);
    await store.close();
  });
});
