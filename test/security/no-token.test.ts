/**
 * A server started without KG_ADMIN_TOKEN takes no writes from anyone: every mutation the schema has, and every
 * kind of writing Cypher, is refused for a request with no Authorization header at all (and for any bearer a
 * client might guess), over POST and GET, and the graph is left exactly as it was.
 */
import { getIntrospectionQuery } from 'graphql';
import { enginesUnderTest, openSeeded } from '../support/engines';
import { startApi, type ApiUnderTest } from '../support/server';
import { graphSnapshot } from '../ingest/snapshot';

let api: ApiUnderTest;

beforeAll(async () => {
  // '' unsets it even when the environment running the tests has a token.
  api = await startApi({ KG_ADMIN_TOKEN: '' });
});
afterAll(() => api.close());

/** What an anonymous client, or one guessing what an unset token compares equal to, sends. */
const ANONYMOUS: [string, Record<string, string>][] = [
  ['no Authorization header', {}],
  ['an empty bearer', { authorization: 'Bearer ' }],
  ['"Bearer undefined"', { authorization: 'Bearer undefined' }],
  ['"Bearer null"', { authorization: 'Bearer null' }],
  ['a made-up token', { authorization: 'Bearer let-me-in' }],
];

const SMALL_DOCUMENT = {
  source: { id: 'anonymous-note', title: 'An anonymous note', text: 'Jalali visited Tehran.' },
  entities: [{ id: 'tehran-visitor', kind: 'Person', name: 'Tehran Visitor' }],
  relationships: [{ type: 'VISITED', from: 'jalali', to: 'tehran', evidence: 'Jalali visited Tehran' }],
};

/**
 * A valid call of every mutation of the schema. A new mutation fails the coverage test below until it is
 * listed here, so no write route escapes this file.
 */
const MUTATIONS: Record<string, { query: string; variables: Record<string, unknown> }[]> = {
  ingestDocument: [
    { query: 'mutation($d: JSON!) { ingestDocument(document: $d) { sourceId } }', variables: { d: SMALL_DOCUMENT } },
    { query: 'mutation($d: JSON!) { ingestDocument(document: $d, dryRun: true) { sourceId } }', variables: { d: SMALL_DOCUMENT } },
  ],
};

/** One statement of each way Cypher can change the graph or its schema (each runs when authorised, below). */
const WRITING_CYPHER = [
  "CREATE (:Entity {id: 'intruder', kind: 'Person', name: 'Intruder'})",
  "MERGE (e:Entity {id: 'intruder'}) RETURN e.id AS id",
  "MATCH (e:Entity {id: 'russia'}) SET e.name = 'Changed' RETURN e.id AS id",
  "MATCH (e:Entity {id: 'russia'}) SET e.description = NULL",
  "MATCH (e:Entity {id: 'jalali'}) DETACH DELETE e",
  'MATCH (:Entity)-[r]->(:Entity) DELETE r',
  "MATCH (e:Entity) WITH e LIMIT 1 SET e.name = 'x' RETURN count(*) AS n",
  "UNWIND [1, 2] AS i CREATE (:Entity {id: 'n' + string(i), kind: 'Person', name: 'N'})",
  "MATCH (a:Entity {id: 'iran'}), (b:Entity {id: 'china'}) MERGE (a)-[:COOPERATES_WITH]->(b)",
  "MATCH (e:Entity {kind: 'Country'})-[r]->() DELETE r",
  ...(servedEngine() === 'neo4j'
    ? ['CREATE INDEX intruder FOR (e:Entity) ON (e.intruder)', 'DROP CONSTRAINT entity_id IF EXISTS']
    : ['CREATE NODE TABLE Intruder(id STRING, PRIMARY KEY(id))', 'DROP TABLE MENTIONS', 'ALTER TABLE Entity ADD intruder STRING']),
];

const REFUSED = ['FORBIDDEN', 'CYPHER_WRITE_FORBIDDEN'];

/** The engine startApi serves (Neo4j when NEO4J_URI is set). */
function servedEngine() {
  return enginesUnderTest()[process.env.NEO4J_URI ? 1 : 0]!.name;
}


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
      const res = await fetch(url, { headers: { accept: 'application/json', ...headers } });
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
