/**
 * GraphQL over HTTP on a generated graph with hubs: relationship pages (with filters and cursors), neighbours, the
 * typed fields and the tied-to lists give what the shared Cypher implementation gives, one page at a time, in a
 * few engine round trips whatever the entity's degree.
 */
import { startServer, type RunningServer } from '../../src/api/server';
import { bulkLoadEmbedded } from '../../src/graph/embedded/bulk';
import { generateGraph } from '../../src/bulk/synthetic-graph';
import { loadConfig } from '../../src/config';
import { CypherGraphStore } from '../../src/graph/cypher-store';
import { LadybugGraphStore } from '../../src/graph/embedded/store';
import type { Direction, RelationshipEdge } from '../../src/graph/port';
import type { RelationshipTypeName } from '../../src/ontology/ontology';
import { openEmbeddedStore, tempDataDir } from '../support/engines';

const shared = CypherGraphStore.prototype;
let store: LadybugGraphStore;
let server: RunningServer;

beforeAll(async () => {
  const files = tempDataDir('kg-bulk-files-');
  generateGraph({ entities: 2000, relationships: 9000, seed: 29, outDir: files });
  store = await openEmbeddedStore();
  await bulkLoadEmbedded(store, files);
  await store.warmUp();
  server = await startServer(loadConfig({ ...process.env, KG_PORT: '0', KG_LOG_LEVEL: 'silent' }), store);
});

afterAll(async () => {
  await server?.stop();
  await store?.close();
});

async function graphql(query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}

const PAGE = `query ($id: ID!, $first: Int, $after: String, $types: [RelationshipType!], $direction: Direction) {
  entity(id: $id) { relationships(first: $first, after: $after, types: $types, direction: $direction) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor direction type other { id name } evidence { quote } properties } } } }`;

/** A page of the shared version, shaped as the GraphQL page. */
function sharedShape(page: { items: RelationshipEdge[]; totalCount: number; hasNextPage: boolean }) {
  return {
    totalCount: page.totalCount,
    hasNextPage: page.hasNextPage,
    edges: page.items.map((e) => ({
      direction: e.direction,
      type: e.relationship.type,
      other: { id: e.other.id, name: e.other.name },
      evidence: e.relationship.evidence.map(({ quote }) => ({ quote })),
      properties: e.relationship.properties,
    })),
  };
}

test("paging a hub through GraphQL gives the shared version's pages, cursor after cursor, in a few round trips each", async () => {
  for (const [id, direction, types] of [
    ['sector-0', 'BOTH', undefined],
    ['country-0', 'IN', ['LOCATED_IN', 'MEMBER_OF']],
    ['country-1', 'OUT', undefined],
  ] as [string, Direction, RelationshipTypeName[] | undefined][]) {
    let after: string | undefined;
    for (let n = 0; n < 4; n++) {
      const before = store.roundTrips;
      const { entity } = await graphql(PAGE, { id, first: 25, after, types, direction });
      // The entity, the page's relationships, the entities at their other ends: never one per relationship.
      expect(store.roundTrips - before).toBeLessThanOrEqual(3);
      const { totalCount, pageInfo, edges } = entity.relationships;
      const expected = sharedShape(await shared.relationshipsOf.call(store, id, { direction, types, first: 25, after }));
      expect({ totalCount, hasNextPage: pageInfo.hasNextPage, edges: edges.map(({ cursor: _c, ...e }: any) => e) }).toEqual(expected);
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
  }
  const degree = await shared.relationshipsOf.call(store, 'sector-0', { direction: 'BOTH', first: 1 });
  expect(degree.totalCount).toBeGreaterThan(200);
});

test('neighbours, typed fields and tied-to lists through GraphQL equal the shared listings', async () => {
  const { entity } = await graphql(`{ entity(id: "sector-0") { neighbors(first: 12, kinds: [Organization, Project]) { edges { node { id } } } } }`);
  expect(entity.neighbors.edges.map((e: any) => e.node.id)).toEqual(
    (await shared.neighbors.call(store, 'sector-0', { direction: 'BOTH', kinds: ['Organization', 'Project'], first: 12 })).map((e) => e.id),
  );

  const country = 'country-0';
  const projects = await graphql(`{ projects(participant: "${country}", first: 5) { edges { node { id participants(first: 4) { entity { id } type } sectors(first: 3) { id } } } pageInfo { hasNextPage endCursor } totalCount } }`);
  const page = projects.projects.edges.map((e: any) => e.node);
  const tied = await shared.neighbors.call(store, country, { direction: 'OUT', types: ['PARTICIPATES_IN', 'IMPLEMENTS'], kinds: ['Project'], first: 6, order: { by: 'id' } });
  expect(page.map((p: any) => p.id)).toEqual(tied.slice(0, 5).map((e) => e.id));
  expect(tied.length).toBeGreaterThan(5);
  // A hub's tied-to list knows a next page exists without counting its ties.
  expect(projects.projects.pageInfo.hasNextPage).toBe(true);
  expect(projects.projects.totalCount).toBeNull();
  for (const project of page) {
    const participants = await shared.relationshipsOf.call(store, project.id, { direction: 'IN', types: ['PARTICIPATES_IN', 'IMPLEMENTS'], first: 4 });
    expect(project.participants).toEqual(participants.items.map((e) => ({ entity: { id: e.other.id }, type: e.relationship.type })));
    const sectors = await shared.neighbors.call(store, project.id, { direction: 'OUT', types: ['IN_SECTOR'], kinds: ['Sector'], first: 3, order: { by: 'id' } });
    expect(project.sectors.map((s: any) => s.id)).toEqual(sectors.map((e) => e.id));
  }
  const last = page[page.length - 1].id;
  const more = await graphql(`{ projects(participant: "${country}", first: 5, after: "${projects.projects.pageInfo.endCursor}") { edges { node { id } } } }`);
  const rest = await shared.neighbors.call(store, country, { direction: 'OUT', types: ['PARTICIPATES_IN', 'IMPLEMENTS'], kinds: ['Project'], first: 5, order: { by: 'id', after: last } });
  expect(more.projects.edges.map((e: any) => e.node.id)).toEqual(rest.map((e) => e.id));

  const { entity: hub } = await graphql(`{ entity(id: "${country}") { ... on Country { involvedIn(first: 7) { entity { id } type } } } }`);
  const involved = await shared.relationshipsOf.call(store, country, { direction: 'OUT', types: ['PARTICIPATES_IN', 'PARTY_TO', 'IMPLEMENTS', 'INVESTOR_IN'], first: 7 });
  expect(hub.involvedIn).toEqual(involved.items.map((e) => ({ entity: { id: e.other.id }, type: e.relationship.type })));
});
