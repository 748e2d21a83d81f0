/**
 * Transaction control belongs to the server: a request without the admin token may not begin, commit, roll back
 * or checkpoint, whatever its spelling, through the store's own runCypher or over HTTP; the refusal is
 * FORBIDDEN with where the clause is, and the graph is unchanged. (LadybugDB itself calls
 * `BEGIN TRANSACTION READ ONLY` and `CHECKPOINT` read-only, so only the product's own rule stops them.)
 */
import type { GraphStore } from '../../src/graph/port';
import { enginesUnderTest, openSeeded } from '../support/engines';
import { startApi, type ApiUnderTest } from '../support/server';
import { graphSnapshot } from '../ingest/snapshot';

/** Each statement, with the line and column where its transaction-control clause starts. */
const TRANSACTION_CONTROL: [string, number, number][] = [
  ['BEGIN TRANSACTION', 1, 1],
  ['BEGIN TRANSACTION READ ONLY', 1, 1],
  ['begin transaction read only', 1, 1],
  ['COMMIT', 1, 1],
  ['ROLLBACK', 1, 1],
  ['CHECKPOINT', 1, 1],
  ['  commit', 1, 3],
  ['\n\nRollback', 3, 1],
  ['// the end\nCHECKPOINT', 2, 1],
  ['/* read only, promise */ BEGIN TRANSACTION READ ONLY', 1, 26],
];

const limits = { timeoutMs: 10_000, maxRows: 10 };

for (const engine of enginesUnderTest()) {
  describe(`transaction control on ${engine.name}, without the admin token`, () => {
    let store: GraphStore;
    let before: Awaited<ReturnType<typeof graphSnapshot>>;
    beforeAll(async () => {
      store = await openSeeded(engine);
      before = await graphSnapshot(store);
    });
    afterAll(() => store.close());

    it.each(TRANSACTION_CONTROL)('refuses %j as FORBIDDEN at line %i, column %i', async (statement, line, column) => {
      await expect(store.runCypher(statement, { readOnly: true, ...limits })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        details: expect.objectContaining({ line, column }),
      });
    });

    it('leaves the store working and the graph unchanged', async () => {
      const { rows } = await store.runCypher("MATCH (e:Entity {id: 'russia'}) RETURN e.name AS name", { readOnly: true, ...limits });
      expect(rows).toEqual([['Russia']]);
      expect(await graphSnapshot(store)).toEqual(before);
    });
  });
}

describe('transaction control over HTTP, without the admin token', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApi({ KG_ADMIN_TOKEN: 'transaction-control-test-token' });
  });
  afterAll(() => api.close());

  it.each(TRANSACTION_CONTROL)('refuses %j as FORBIDDEN at line %i, column %i', async (statement, line, column) => {
    const { body } = await api.graphql('query($q: String!) { cypher(query: $q) { rowCount } }', { q: statement });
    expect(body.data).toBeNull();
    expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', line, column });
    expect(body.errors[0].message).toMatch(/transaction|CHECKPOINT/i);
  });
});
