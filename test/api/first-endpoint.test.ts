/**
 * The first GraphQL endpoint over real HTTP: an entity with its relationships and the evidence behind each.
 */
import { seedEntityIds } from '../support/seed';
import { startApi, type ApiUnderTest } from '../support/server';

describe('GraphQL endpoint', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => api?.close());

  it('answers entity(id: "bushehr-nuclear-power-plant") with its relationships and their evidence', async () => {
    const { status, body } = await api.graphql(`{
      entity(id: "bushehr-nuclear-power-plant") {
        id kind name
        relationships(first: 50) { totalCount edges { direction type other { id } evidence { quote source { id title } } } }
      }
    }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const { entity } = body.data;
    expect(entity).toMatchObject({ kind: 'Project', name: 'Bushehr Nuclear Power Plant' });
    const russia = entity.relationships.edges.find((e: any) => e.other.id === 'russia');
    expect(russia).toMatchObject({ direction: 'IN', type: 'PARTICIPATES_IN' });
    expect(russia.evidence[0].source.title).toBe("Iran's Envoy to Moscow Highlights Expanding Defense Ties with Russia");
  });

  it('searches dash-insensitively and reports stats', async () => {
    const { body } = await api.graphql(`{ search(text: "North-South") { edges { node { entity { id } score } } } stats { entities engine entitiesByKind { key count } } }`);
    expect(body.data.search.edges[0].node.entity.id).toBe('north-south-transport-corridor');
    expect(body.data.stats.engine).toBe(process.env.NEO4J_URI ? 'neo4j' : 'embedded');
    expect(body.data.stats.entitiesByKind).toContainEqual({ key: 'Country', count: seedEntityIds('Country').length });
  });

  it('answers null for an unknown id, and a typed error for an unknown relationship type', async () => {
    expect((await api.graphql(`{ entity(id: "atlantis") { id } }`)).body.data.entity).toBeNull();
    const { body } = await api.graphql(`{ entity(id: "iran") { relationships(types: [RELATED_TO]) { totalCount } } }`);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(body)).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
