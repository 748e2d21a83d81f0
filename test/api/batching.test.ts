/**
 * No N+1: the engine round-trips of a nested query depend on its shape, not on how many items it returns.
 * Counted with the store's own round-trip counter over real HTTP.
 */
import { startApi, type ApiUnderTest } from '../support/server';
import { dataOf } from './graphql-results';

let api: ApiUnderTest;

beforeAll(async () => {
  // These queries are deliberately wide; the cost limit is tested elsewhere and would refuse them.
  // With the example article: Putin and Iran are then joined by several shortest paths.
  api = await startApi({ KG_MAX_QUERY_COST: '10000000' }, { examples: true });
});
afterAll(() => api.close());

/** Runs a query and returns its data and the number of engine round-trips it took. */
async function roundTripsOf(query: string, variables: Record<string, unknown>) {
  const before = api.store.roundTrips;
  const data = dataOf(await api.graphql(query, variables));
  return { data, trips: api.store.roundTrips - before };
}

const PROJECTS = `query($first: Int, $after: String) {
  projects(first: $first, after: $after) {
    edges { node {
      name
      participants {
        role
        evidence { quote source { title } }
        entity {
          name
          sources { offsets source { title } }
          relationships(first: 50) { edges { type other { name } node { from { name } to { name } } evidence { source { id } } } }
          neighbors(kinds: [Project]) { edges { node { name } } }
        }
      }
      partOf { name }
    } }
  }
}`;

/** The projects of a PROJECTS answer. */
const projectsOf = (data: any) => data.projects.edges.map((e: any) => e.node);

describe('batching of nested lookups', () => {
  it('answers projects → participants → entity → relationships in the same few round-trips for 1 project or all', async () => {
    // The railway alone: its quotes come from both sources, as on the full list, so mention sources are already
    // loaded when the participants' mentions ask for them (a project quoted by one source needs one more trip).
    const cursors = dataOf(await api.graphql('{ projects(first: 100) { edges { cursor node { id } } } }')).projects.edges;
    const after = cursors.find((e: any) => e.node.id === 'north-south-transport-corridor').cursor;
    const one = await roundTripsOf(PROJECTS, { first: 1, after });
    const all = await roundTripsOf(PROJECTS, { first: 100 });
    expect(projectsOf(one.data)).toHaveLength(1);
    expect(projectsOf(one.data)[0].name).toBe('Rasht–Astara railway');
    expect(projectsOf(all.data).length).toBeGreaterThanOrEqual(5);
    const participants = projectsOf(all.data).flatMap((p: any) => p.participants);
    const edges = participants.flatMap((p: any) => p.entity.relationships.edges);
    expect(participants.length).toBeGreaterThanOrEqual(6);
    expect(edges.length).toBeGreaterThan(20);
    // list + count, participants, relationships (also neighbours), mentions, sources: one each, whatever the size.
    expect(all.trips).toBe(one.trips);
    expect(all.trips).toBeLessThanOrEqual(8);
    const first = await roundTripsOf(PROJECTS, { first: 1 });
    expect(first.trips).toBeLessThanOrEqual(all.trips + 1);
  });

  it('batches relationships of every entity of a page into one round-trip', async () => {
    const query = `query($first: Int) { entities(first: $first) { edges { node { id kind relationships { totalCount edges { other { id } } } ... on Project { participants { entity { id } } } } } } }`;
    const few = await roundTripsOf(query, { first: 8 });
    expect(few.data.entities.edges.map((e: any) => e.node.kind)).toContain('Project'); // same shape of work as the big page
    const many = await roundTripsOf(query, { first: 100 });
    expect(many.data.entities.edges.length).toBeGreaterThan(30);
    expect(many.trips).toBe(few.trips);
    expect(many.trips).toBeLessThanOrEqual(5);
  });

  it('batches the ends and sources of every step of every path', async () => {
    const query = `query($first: Int) { allShortestPaths(from: "vladimir-putin", to: "iran", first: $first) {
      entities { name sources { source { title } } } relationships { from { name } to { name } evidence { source { title } } } } }`;
    const one = await roundTripsOf(query, { first: 1 });
    const all = await roundTripsOf(query, { first: 10 });
    expect(all.data.allShortestPaths.length).toBeGreaterThan(1);
    expect(all.trips).toBe(one.trips);
  });
});
