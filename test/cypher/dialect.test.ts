/**
 * The README's table of what a user writes differently on the embedded engine, checked claim by claim: the
 * LadybugDB form answers on the embedded engine, the Neo4j form is refused there, and the Neo4j form passes
 * Neo4j's own lint. If LadybugDB changes, this fails and the README must follow.
 */
import { lintCypherQuery } from '@neo4j-cypher/language-support';
import type { GraphStore, Json } from '../../src/graph/port';
import { enginesUnderTest, openSeeded } from '../support/engines';
import { WITH_EXAMPLES as SEED_DOCUMENTS, seedEntityIds } from '../support/seed';
import { cypherErrors } from '../support/neo4j-lint';

const COUNTRIES = seedEntityIds('Country', SEED_DOCUMENTS);

interface Claim {
  what: string;
  neo4j: string;
  embedded: string;
  /** The embedded form's rows. */
  rows: Json[][];
}

const CLAIMS: Claim[] = [
  {
    what: 'a relationship’s type',
    neo4j: "MATCH (:Entity {id: 'jalali'})-[r]->(:Entity {id: 'iran'}) RETURN type(r) AS t",
    embedded: "MATCH (:Entity {id: 'jalali'})-[r]->(:Entity {id: 'iran'}) RETURN label(r) AS t",
    rows: [['ENVOY_OF']],
  },
  {
    what: 'a shortest path',
    neo4j: "MATCH p = shortestPath((a:Entity {id: 'jalali'})-[*1..6]-(b:Entity {id: 'russia'})) RETURN length(p) AS hops",
    embedded: "MATCH p = (a:Entity {id: 'jalali'})-[* SHORTEST 1..6]-(b:Entity {id: 'russia'}) RETURN length(p) AS hops",
    rows: [[2]],
  },
  {
    what: 'every shortest path',
    neo4j: "MATCH p = allShortestPaths((a:Entity {id: 'jalali'})-[*1..6]-(b:Entity {id: 'rasht-astara-railway'})) RETURN count(p) AS paths",
    embedded:
      "MATCH p = (a:Entity {id: 'jalali'})-[* ALL SHORTEST 1..6 (r, n | WHERE label(n) = 'Entity')]-(b:Entity {id: 'rasht-astara-railway'}) RETURN count(p) AS paths",
    // Jalali is Iran's envoy; the railway piece ties Iran to the railway twice (it takes part, the line lies in it).
    rows: [[2]],
  },
  {
    what: 'keeping paths on entities (a source links every entity it mentions)',
    neo4j: "MATCH p = shortestPath((a:Entity {id: 'jalali'})-[*1..6]-(b:Entity {id: 'new-nuclear-projects'})) WHERE all(n IN nodes(p) WHERE n:Entity) RETURN length(p) AS hops",
    embedded: "MATCH p = (a:Entity {id: 'jalali'})-[* SHORTEST 1..6 (r, n | WHERE label(n) = 'Entity')]-(b:Entity {id: 'new-nuclear-projects'}) RETURN length(p) AS hops",
    // Jalali, Iran, the nuclear memorandum, the nuclear energy sector, the new projects (through the interview: 2).
    rows: [[4]],
  },
  {
    what: 'a list comprehension',
    neo4j: "MATCH p = (:Entity {id: 'jalali'})-[:ENVOY_OF]->(:Entity) RETURN [n IN nodes(p) | n.id] AS ids",
    embedded: "MATCH p = (:Entity {id: 'jalali'})-[:ENVOY_OF]->(:Entity) RETURN list_transform(nodes(p), n -> n.id) AS ids",
    rows: [[['jalali', 'iran']]],
  },
  {
    what: 'filtering a list',
    neo4j: 'RETURN [x IN [1, 2, 3] WHERE x > 1] AS xs',
    embedded: 'RETURN list_filter([1, 2, 3], x -> x > 1) AS xs',
    rows: [[[2, 3]]],
  },
  {
    what: 'folding a list',
    neo4j: 'RETURN reduce(s = 0, x IN [1, 2, 3] | s + x) AS total',
    embedded: 'RETURN list_reduce([1, 2, 3], (s, x) -> s + x) AS total',
    rows: [[6]],
  },
  {
    what: 'a map projection',
    neo4j: "MATCH (e:Entity {id: 'jalali'}) RETURN e {.id, .name} AS m",
    embedded: "MATCH (e:Entity {id: 'jalali'}) RETURN {id: e.id, name: e.name} AS m",
    rows: [[{ id: 'jalali', name: 'Jalali' }]],
  },
  {
    what: 'the ends of a relationship',
    neo4j: "MATCH (:Entity {id: 'jalali'})-[r:ENVOY_OF]->() RETURN startNode(r).id AS a, endNode(r).id AS b",
    embedded: "MATCH (a:Entity {id: 'jalali'})-[r:ENVOY_OF]->(b) RETURN a.id AS a, b.id AS b",
    rows: [['jalali', 'iran']],
  },
  {
    what: 'a label test in WHERE',
    neo4j: "MATCH (n) WHERE n:Source RETURN n.id AS id ORDER BY id",
    embedded: "MATCH (n) WHERE label(n) = 'Source' RETURN n.id AS id ORDER BY id",
    rows: SEED_DOCUMENTS.map((d) => [d.id]).sort(),
  },
  {
    what: 'the first element of a list',
    neo4j: "MATCH (:Entity {id: 'jalali'})-[r:ENVOY_OF]->() RETURN r.sources[0] AS first",
    embedded: "MATCH (:Entity {id: 'jalali'})-[r:ENVOY_OF]->() RETURN r.sources[1] AS first",
    rows: [['iran-russia-envoy-interview']],
  },
  {
    what: 'a number from text',
    neo4j: "RETURN toInteger('42') AS n",
    embedded: "RETURN CAST('42' AS INT64) AS n",
    rows: [[42]],
  },
  {
    what: 'a date and time',
    neo4j: "RETURN datetime('2024-05-06T07:08:09Z') AS t",
    embedded: "RETURN timestamp('2024-05-06T07:08:09Z') AS t",
    rows: [['2024-05-06T07:08:09.000Z']],
  },
  {
    what: 'a subquery',
    neo4j: "MATCH (a:Entity {kind: 'Agreement'}) CALL { WITH a MATCH (p:Entity)-[:PARTY_TO]->(a) RETURN count(p) AS parties } RETURN a.id AS id, parties ORDER BY id",
    embedded: "MATCH (a:Entity {kind: 'Agreement'}) RETURN a.id AS id, COUNT { MATCH (p:Entity)-[:PARTY_TO]->(a) } AS parties ORDER BY id",
    rows: [
      ['nuclear-energy-memorandum', 2],
      ['rasht-astara-railway-agreement', 2],
    ],
  },
  {
    what: 'a sorted list (LadybugDB needs SKIP or LIMIT after ORDER BY in WITH, and collect() ignores that order anyway)',
    neo4j: "MATCH (e:Entity {kind: 'Country'}) WITH e ORDER BY e.id RETURN collect(e.id) AS ids",
    embedded: "MATCH (e:Entity {kind: 'Country'}) RETURN list_sort(collect(e.id)) AS ids",
    rows: [[COUNTRIES]],
  },
];

describe('what a user writes differently on the embedded engine', () => {
  const embedded = enginesUnderTest().find((e) => e.name === 'embedded')!;
  let store: GraphStore;
  const options = { readOnly: true, timeoutMs: 20000, maxRows: 100 };

  beforeAll(async () => {
    store = await openSeeded(embedded, { examples: true });
  });
  afterAll(() => store.close());

  test.each(CLAIMS.map((c) => [c.what, c] as const))('%s', async (_what, claim) => {
    expect((await store.runCypher(claim.embedded, options)).rows).toEqual(claim.rows);
    await expect(store.runCypher(claim.neo4j, options)).rejects.toMatchObject({ code: expect.stringMatching(/CYPHER_SYNTAX_ERROR|CYPHER_ERROR/) });
    expect(cypherErrors(claim.neo4j)).toEqual([]);
  });

  test('column names: Neo4j names an unaliased column by its text, LadybugDB by its own rewriting, so alias with AS', async () => {
    expect((await store.runCypher('MATCH (e:Entity) RETURN count(*)', options)).columns).toEqual(['COUNT_STAR()']);
    expect((await store.runCypher('MATCH (e:Entity) RETURN count(*) AS n', options)).columns).toEqual(['n']);
  });

  test('var-length bounds are literals on both engines; a parameter bound is refused', async () => {
    await expect(store.runCypher("MATCH (:Entity {id: 'jalali'})-[*1..$k]-(b) RETURN count(b)", { ...options, params: { k: 2 } })).rejects.toMatchObject({
      code: 'CYPHER_SYNTAX_ERROR',
    });
    const lint = lintCypherQuery("MATCH (:Entity {id: 'jalali'})-[*1..$k]-(b) RETURN count(b)", { parameters: { k: 2 } });
    expect(lint.diagnostics.some((d) => d.severity === 1)).toBe(true);
  });

  test('collect() does not keep the order of a WITH … ORDER BY … LIMIT before it', async () => {
    const { rows } = await store.runCypher("MATCH (e:Entity {kind: 'Country'}) WITH e ORDER BY e.id LIMIT 100 RETURN collect(e.id) AS ids", options);
    expect(rows[0]![0]).not.toEqual(COUNTRIES);
    expect([...(rows[0]![0] as string[])].sort()).toEqual(COUNTRIES);
  });

  test('collect() over no values is NULL on the embedded engine (Neo4j gives []), so coalesce it', async () => {
    const query = "MATCH (a:Entity {id: 'rasht-astara-railway-agreement'}) OPTIONAL MATCH (a)-[:IN_SECTOR]->(s:Entity) RETURN collect(s.id) AS bare, coalesce(collect(s.id), []) AS ids";
    expect((await store.runCypher(query, options)).rows).toEqual([[null, []]]);
  });

  test('without the entity filter a shortest path may run through a source that mentions both ends', async () => {
    const { rows } = await store.runCypher(
      "MATCH p = (a:Entity {id: 'jalali'})-[* SHORTEST 1..6]-(b:Entity {id: 'new-nuclear-projects'}) RETURN length(p) AS hops, list_transform(nodes(p), n -> label(n)) AS labels",
      options,
    );
    expect(rows).toEqual([[2, ['Entity', 'Source', 'Entity']]]);
  });

  test('a list holds one type of value on the embedded engine', async () => {
    await expect(store.runCypher("RETURN [1, 'a'] AS mixed", options)).rejects.toMatchObject({ code: 'CYPHER_SYNTAX_ERROR' });
  });

  test('integers past 2^53 need CAST(… AS INT128) to arrive exact (as a string)', async () => {
    const { rows } = await store.runCypher("RETURN 9007199254740993 AS rounded, CAST('9007199254740993' AS INT128) AS exact", options);
    expect(rows).toEqual([[9007199254740992, '9007199254740993']]);
  });
});
