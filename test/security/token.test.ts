/**
 * A server with KG_ADMIN_TOKEN: every write route refuses a request without that exact bearer token
 * (UNAUTHENTICATED for mutations, saying how to authorise; a write refusal for Cypher) and leaves the graph as it
 * was; with the token, the same routes write.
 */
import { startApi, type ApiUnderTest } from '../support/server';
import { ANONYMOUS, MUTATIONS, REFUSED, WRITING_CYPHER } from '../support/write-routes';
import { graphSnapshot } from '../ingest/snapshot';

const TOKEN = 'token-test-admin-token';
let api: ApiUnderTest;

beforeAll(async () => {
  api = await startApi({ KG_ADMIN_TOKEN: TOKEN });
});
afterAll(() => api.close());

const NOT_THE_TOKEN: [string, Record<string, string>][] = [
  ...ANONYMOUS,
  ['the token without "Bearer"', { authorization: TOKEN }],
  ['the token in another scheme', { authorization: `Basic ${TOKEN}` }],
  ['a prefix of the token', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
];

describe('without the token', () => {
  let before: Awaited<ReturnType<typeof graphSnapshot>>;
  beforeAll(async () => {
    before = await graphSnapshot(api.store);
  });

  describe.each(NOT_THE_TOKEN)('with %s', (_what, headers) => {
    it.each(Object.entries(MUTATIONS).flatMap(([name, calls]) => calls.map((call) => [name, call] as const)))(
      'refuses the mutation %s with UNAUTHENTICATED, saying how to authorise',
      async (_name, { query, variables }) => {
        const { body } = await api.graphql(query, variables, headers);
        expect(body.data).toBeNull();
        expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
        expect(body.errors[0].message).toContain('Authorization: Bearer <KG_ADMIN_TOKEN>');
      },
    );

    it.each(WRITING_CYPHER)('refuses the Cypher write %s', async (statement) => {
      const { body } = await api.graphql('query($q: String!) { cypher(query: $q) { rowCount } }', { q: statement }, headers);
      expect(body.data).toBeNull();
      expect(REFUSED).toContain(body.errors[0].extensions.code);
    });
  });

  it('left the graph exactly as it was', async () => {
    expect(await graphSnapshot(api.store)).toEqual(before);
  });
});

describe('with the token', () => {
  const admin = { authorization: `Bearer ${TOKEN}` };

  it('every mutation answers', async () => {
    for (const calls of Object.values(MUTATIONS)) {
      for (const { query, variables } of calls) expect((await api.graphql(query, variables, admin)).body.errors).toBeUndefined();
    }
  });

  it('a Cypher write changes the graph', async () => {
    const count = async () => (await api.graphql('{ cypher(query: "MATCH (e:Entity) RETURN count(e) AS n") { rows } }')).body.data.cypher.rows[0][0];
    const before = await count();
    const { body } = await api.graphql('query($q: String!) { cypher(query: $q) { rowCount } }', { q: WRITING_CYPHER[0] }, admin);
    expect(body.errors).toBeUndefined();
    expect(await count()).toBe(before + 1);
  });
});
