/**
 * A server started without KG_ADMIN_TOKEN takes no writes from anyone: every mutation the schema has, and every
 * kind of writing Cypher, is refused for a request with no Authorization header at all (and for any bearer a
 * client might guess), over POST and GET, and the graph is left exactly as it was.
 */
import { getIntrospectionQuery } from 'graphql';
import { enginesUnderTest, openSeeded } from '../support/engines';
import { ANONYMOUS, MUTATIONS, REFUSED, WRITING_CYPHER } from '../support/write-routes';
import { startApi, type ApiUnderTest } from '../support/server';
import { graphSnapshot } from '../ingest/snapshot';

let api: ApiUnderTest;

beforeAll(async () => {
  // '' unsets it even when the environment running the tests has a token.
  api = await startApi({ KG_ADMIN_TOKEN: '' });
});
afterAll(() => api.close());

describe('a server with no KG_ADMIN_TOKEN', () => {
  let before: Awaited<ReturnType<typeof graphSnapshot>>;
  beforeAll(async () => {
    before = await graphSnapshot(api.store);
  });

  it('has a case for every mutation its schema offers', async () => {
    const { body } = await api.graphql(getIntrospectionQuery());
    const mutationType = body.data.__schema.mutationType?.name;
    const fields = body.data.__schema.types.find((t: { name: string }) => t.name === mutationType)?.fields ?? [];
    expect(fields.map((f: { name: string }) => f.name).sort()).toEqual(Object.keys(MUTATIONS).sort());
  });

  describe.each(ANONYMOUS)('with %s', (_what, headers) => {
    it.each(Object.entries(MUTATIONS).flatMap(([name, calls]) => calls.map((call) => [name, call] as const)))(
      'refuses the mutation %s with FORBIDDEN',
      async (_name, { query, variables }) => {
        const { body } = await api.graphql(query, variables, headers);
        expect(body.data).toBeNull();
        expect(body.errors).toHaveLength(1);
        expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
        expect(body.errors[0].message).toMatch(/KG_ADMIN_TOKEN is not set/);
      },
    );

    it.each(WRITING_CYPHER)('refuses the Cypher write %s', async (statement) => {
      const { body } = await api.graphql('query($q: String!) { cypher(query: $q) { rowCount } }', { q: statement }, headers);
      expect(body.data).toBeNull();
      expect(REFUSED).toContain(body.errors[0].extensions.code);
    });

    it('refuses a Cypher write sent by GET', async () => {
      const url = new URL(`${api.server.url}/graphql`);
      url.searchParams.set('query', `{ cypher(query: "${WRITING_CYPHER[0]}") { rowCount } }`);
      // The header CSRF prevention asks of GET clients, so the request reaches execution and the write rules.
      const res = await fetch(url, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true', ...headers } });
      const body = (await res.json()) as { data: unknown; errors: { extensions: { code: string } }[] };
      expect(body.data).toBeNull();
      expect(REFUSED).toContain(body.errors[0]!.extensions.code);
    });
  });

  it('still answers reads, and after all of the above the graph is exactly as it was', async () => {
    const { body } = await api.graphql('{ entity(id: "russia") { name } }');
    expect(body.data.entity.name).toBe('Russia');
    expect(await graphSnapshot(api.store)).toEqual(before);
  });
});

// Last: on Neo4j the graph of its own is the database the server uses.
it('each writing statement is real: it runs when authorised, on a graph of its own', async () => {
  const store = await openSeeded(enginesUnderTest()[process.env.NEO4J_URI ? 1 : 0]!);
  try {
    for (const statement of WRITING_CYPHER) {
      await expect(store.runCypher(statement, { readOnly: false, timeoutMs: 30_000, maxRows: 10 })).resolves.toMatchObject({ columns: expect.any(Array) });
    }
  } finally {
    await store.close();
  }
});
