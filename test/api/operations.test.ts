/**
 * Each root operation and entity field over real HTTP against the seed graph: lookups, Relay pagination
 * without gaps or repeats, relationships and neighbours, search, mentions, stats and connections.
 */
import { foldForSearch } from '../../src/text/normalise';
import { WITH_EXAMPLES as SEED_DOCUMENTS, seedEntityIds as idsOf } from '../support/seed';

const seedEntityIds = (kind?: string) => idsOf(kind, SEED_DOCUMENTS);
import { SEARCH_MAX_DEPTH } from '../../src/api/limits';
import { startApi, type ApiUnderTest } from '../support/server';
import { dataOf, errorOf } from './graphql-results';

let api: ApiUnderTest;

beforeAll(async () => {
  api = await startApi({}, { examples: true });
});
afterAll(() => api.close());

/** Follows `endCursor` page by page; returns every page. */
async function allPages(query: string, pick: (data: any) => any, variables: Record<string, unknown> = {}) {
  const pages: any[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const page = pick(dataOf(await api.graphql(query, { ...variables, after })));
    pages.push(page);
    if (!page.pageInfo.hasNextPage) return pages;
    after = page.pageInfo.endCursor;
  }
  throw new Error('pagination did not end');
}

describe('entity and entities', () => {
  it('finds an entity by id with its kind-specific type, and null for an unknown id', async () => {
    const data = dataOf(
      await api.graphql(`{
        railway: entity(id: "rasht-astara-railway") { __typename id kind name aliases properties ... on Project { status purpose } }
        nothing: entity(id: "atlantis") { id }
      }`),
    );
    expect(data.railway).toMatchObject({
      __typename: 'Project',
      kind: 'Project',
      name: 'Rasht–Astara railway',
      status: 'land acquisition advancing',
      purpose: 'to improve regional connectivity',
      properties: { status: 'land acquisition advancing' },
    });
    expect(data.railway.aliases).toContain('Rasht-Astara railway');
    expect(data.nothing).toBeNull();
  });

  it('pages through every entity without gaps or repeats, whatever the page size', async () => {
    const query = 'query($first: Int, $after: String) { entities(first: $first, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }';
    const whole = await allPages(query, (d) => d.entities, { first: 100 });
    expect(whole).toHaveLength(1);
    const everyId = whole[0].edges.map((e: any) => e.node.id);
    expect(everyId.length).toBe(whole[0].totalCount);

    for (const size of [1, 7]) {
      const pages = await allPages(query, (d) => d.entities, { first: size });
      const ids = pages.flatMap((p) => p.edges.map((e: any) => e.node.id));
      expect(ids).toEqual(everyId);
      expect(pages.every((p) => p.totalCount === everyId.length)).toBe(true);
      expect(pages[0].pageInfo.hasPreviousPage).toBe(false);
      expect(pages.slice(1).every((p) => p.pageInfo.hasPreviousPage)).toBe(true);
      for (const p of pages) {
        expect(p.pageInfo.startCursor).toBe(p.edges[0].cursor);
        expect(p.pageInfo.endCursor).toBe(p.edges[p.edges.length - 1].cursor);
      }
    }
  });

  it('filters entities by kind', async () => {
    const { entities } = dataOf(await api.graphql('{ entities(kind: [Agreement, Investment], first: 100) { totalCount edges { node { kind } } } }'));
    const expected = [...seedEntityIds('Agreement').map(() => 'Agreement'), ...seedEntityIds('Investment').map(() => 'Investment')];
    expect(entities.totalCount).toBe(expected.length);
    expect(entities.edges.map((e: any) => e.node.kind).sort()).toEqual(expected);
  });
});

describe('relationships and neighbours', () => {
  const RELS = `query($first: Int, $after: String) {
    entity(id: "russia") { relationships(first: $first, after: $after) {
      totalCount edges { cursor direction type other { id } evidence { quote } node { id from { id } to { id } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    } }
  }`;

  it("pages through Russia's relationships without gaps or repeats", async () => {
    const [whole] = await allPages(RELS, (d) => d.entity.relationships, { first: 100 });
    const everyEdge = whole.edges.map((e: any) => e.node.id);
    expect(everyEdge.length).toBe(whole.totalCount);
    expect(new Set(everyEdge).size).toBe(everyEdge.length);
    const pages = await allPages(RELS, (d) => d.entity.relationships, { first: 5 });
    expect(pages.length).toBe(Math.ceil(everyEdge.length / 5));
    expect(pages.flatMap((p) => p.edges.map((e: any) => e.node.id))).toEqual(everyEdge);
  });

  it('gives each edge its direction, type, other end and evidence', async () => {
    const [whole] = await allPages(RELS, (d) => d.entity.relationships, { first: 100 });
    for (const edge of whole.edges) {
      const { from, to } = edge.node;
      if (edge.direction === 'OUT') expect([from.id, to.id]).toEqual(['russia', edge.other.id]);
      else expect([from.id, to.id]).toEqual([edge.other.id, 'russia']);
      expect(edge.node.id).toBe(`${from.id}|${edge.type}|${to.id}`);
      expect(edge.evidence.length).toBeGreaterThan(0);
    }
    expect(whole.edges.map((e: any) => `${e.direction} ${e.type} ${e.other.id}`)).toContain('OUT PARTY_TO nuclear-energy-memorandum');
  });

  it('filters relationships by direction and type', async () => {
    const data = dataOf(
      await api.graphql(`{ entity(id: "russia") {
        out: relationships(direction: OUT, types: [PARTICIPATES_IN]) { totalCount edges { direction type other { id } properties } }
        into: relationships(direction: IN) { edges { direction } }
      } }`),
    );
    expect(data.entity.out.edges.every((e: any) => e.direction === 'OUT' && e.type === 'PARTICIPATES_IN')).toBe(true);
    expect(data.entity.out.edges.map((e: any) => e.other.id)).toEqual(
      expect.arrayContaining(['rasht-astara-railway', 'bushehr-additional-units', 'joint-military-exercises']),
    );
    expect(data.entity.out.edges.find((e: any) => e.other.id === 'rasht-astara-railway').properties).toEqual({ role: 'studies before construction' });
    expect(data.entity.into.edges.length).toBeGreaterThan(0);
    expect(data.entity.into.edges.every((e: any) => e.direction === 'IN')).toBe(true);
  });

  it('lists neighbours of some kinds, each once, by name', async () => {
    const data = dataOf(await api.graphql('{ entity(id: "russia") { neighbors(kinds: [Project]) { edges { node { id name kind } } } all: neighbors(first: 100) { edges { node { id } } } } }'));
    const projects = data.entity.neighbors.edges.map((e: any) => e.node);
    expect(projects.every((n: any) => n.kind === 'Project')).toBe(true);
    expect(projects.map((n: any) => n.id)).toEqual(expect.arrayContaining(['rasht-astara-railway', 'bushehr-nuclear-power-plant']));
    expect(projects.map((n: any) => n.name)).toEqual([...projects.map((n: any) => n.name)].sort());
    const all = data.entity.all.edges.map((e: any) => e.node.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain('iran');
    expect(all).not.toContain('russia');
  });

  it('pages neighbours with cursors to the same list, in the same order, as one page', async () => {
    const PAGE = 'query($after: String) { entity(id: "russia") { neighbors(first: 3, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } } } }';
    const whole = dataOf(await api.graphql('{ entity(id: "russia") { neighbors(first: 100) { edges { node { id } } pageInfo { hasNextPage } } } }')).entity.neighbors;
    expect(whole.pageInfo.hasNextPage).toBe(false);
    const paged: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages <= whole.edges.length; pages++) {
      const page: any = dataOf(await api.graphql(PAGE, { after })).entity.neighbors;
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      paged.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      expect(page.edges).toHaveLength(3);
      after = page.pageInfo.endCursor;
    }
    expect(whole.edges.length).toBeGreaterThan(3);
    expect(paged).toEqual(whole.edges.map((e: any) => e.node.id));
  });

  it('refuses a neighbours cursor it did not write, naming `after`', async () => {
    const { errors } = (await api.graphql('{ entity(id: "russia") { neighbors(after: "bm90LWpzb24") { edges { node { id } } } } }')).body;
    expect(errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(errors[0].message).toMatch(/malformed cursor .*page of neighbours/);
  });
});

describe('search', () => {
  it('is dash-, case- and accent-insensitive, best match first, with a score', async () => {
    for (const text of ['North-South', 'north–south TRANSPORT', 'Nórth-Sóuth corridor']) {
      const search = dataOf(await api.graphql('query($text: String!) { search(text: $text) { edges { node { score matchedField entity { id } } } } }', { text })).search.edges.map((e: any) => e.node);
      expect(search[0].entity.id).toBe('north-south-transport-corridor');
      expect(search[0].score).toBeGreaterThan(0);
      expect(search[0].score).toBeLessThanOrEqual(1);
      const scores = search.map((h: any) => h.score);
      expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
    }
  });

  it('limits hits to the kinds asked for', async () => {
    const search = dataOf(await api.graphql('{ search(text: "Bushehr", kinds: [Project], first: 5) { edges { node { entity { kind id } } } } }')).search.edges.map((e: any) => e.node);
    expect(search.length).toBeGreaterThan(0);
    expect(search.every((h: any) => h.entity.kind === 'Project')).toBe(true);
  });

  it('pages the ranking with cursors: pages of 1 join to the first page of 10, best first', async () => {
    const PAGE = 'query($after: String) { search(text: "Iran", first: 1, after: $after) { edges { node { entity { id } } } pageInfo { hasNextPage endCursor } } }';
    const top = dataOf(await api.graphql('{ search(text: "Iran", first: 10) { edges { node { entity { id } } } } }')).search.edges.map((e: any) => e.node.entity.id);
    expect(top.length).toBeGreaterThan(2);
    const paged: string[] = [];
    let after: string | null = null;
    while (paged.length < top.length) {
      const page: any = dataOf(await api.graphql(PAGE, { after })).search;
      paged.push(...page.edges.map((e: any) => e.node.entity.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(paged.slice(0, top.length)).toEqual(top);
  });

  it('refuses a crafted cursor deep in the ranking instead of ranking that many hits', async () => {
    const deep = Buffer.from(JSON.stringify(['999999999', 'iran'])).toString('base64url');
    const error = errorOf(await api.graphql('query($after: String) { search(text: "Iran", first: 1, after: $after) { edges { cursor } } }', { after: deep }));
    expect(error.extensions).toMatchObject({ code: 'PAGE_SIZE_LIMIT', argument: 'after', max: SEARCH_MAX_DEPTH });
    expect(error.message).toMatch(/narrow the text or the kinds/);
  });
});

describe('sources and mentions', () => {
  it('links an entity to every source that mentions it, at offsets where each text names it', async () => {
    const { entity, interview, piece } = dataOf(
      await api.graphql(`{
        entity(id: "rasht-astara-railway") { name aliases sources { offsets source { id title } } }
        interview: source(id: "iran-russia-envoy-interview") { id title text mentions { entity { id } offsets } }
        piece: source(id: "rasht-astara-railway-agreement") { id title text mentions { entity { id } offsets } }
      }`),
    );
    // Both seed documents name the railway; the interview is the first source by id.
    expect(entity.sources.map((s: any) => s.source)).toEqual([
      { id: 'iran-russia-envoy-interview', title: interview.title },
      { id: 'rasht-astara-railway-agreement', title: piece.title },
    ]);
    expect(interview.title).toBe(SEED_DOCUMENTS.find((d) => d.id === interview.id)!.title);
    expect(piece.title).toBe(SEED_DOCUMENTS.find((d) => d.id === piece.id)!.title);
    const names = [entity.name, ...entity.aliases].map(foldForSearch);
    for (const [link, source] of [
      [entity.sources[0], interview],
      [entity.sources[1], piece],
    ]) {
      expect(link.offsets.length).toBeGreaterThan(0);
      for (const offset of link.offsets) {
        const at = foldForSearch(source.text.slice(offset, offset + 60));
        expect(names.some((n) => at.startsWith(n))).toBe(true);
      }
      const mention = source.mentions.find((m: any) => m.entity.id === 'rasht-astara-railway');
      expect(mention.offsets).toEqual(link.offsets);
    }
  });

  it('answers null for an unknown source', async () => {
    expect(dataOf(await api.graphql('{ source(id: "nothing") { id } }')).source).toBeNull();
  });
});

describe('stats', () => {
  it('counts entities by kind and relationships by type, consistently with the lists', async () => {
    const { stats, entities } = dataOf(
      await api.graphql('{ stats { entities relationships sources engine entitiesByKind { key count } relationshipsByType { key count } } entities { totalCount } }'),
    );
    expect(stats.engine).toBe(api.store.engine);
    expect(stats.sources).toBe(SEED_DOCUMENTS.length);
    expect(stats.entities).toBe(entities.totalCount);
    const sum = (list: { count: number }[]) => list.reduce((a, c) => a + c.count, 0);
    expect(sum(stats.entitiesByKind)).toBe(stats.entities);
    expect(sum(stats.relationshipsByType)).toBe(stats.relationships);
    expect(stats.entitiesByKind).toContainEqual({ key: 'Agreement', count: seedEntityIds('Agreement').length });
  });
});

describe('connections within k hops', () => {
  it('gives everything within maxHops, nearest first, each with a path as long as its distance', async () => {
    const query = `query($hops: Int) { connections(id: "north-south-transport-corridor", maxHops: $hops, first: 100) {
      distance entity { id } path { length entities { id } relationships { type evidence { quote } } } } }`;
    const one = dataOf(await api.graphql(query, { hops: 1 })).connections;
    expect(one.map((c: any) => c.entity.id).sort()).toEqual(['iran', 'rasht-astara-railway', 'russia', 'transport']);
    const two = dataOf(await api.graphql(query, { hops: 2 })).connections;
    expect(two.length).toBeGreaterThan(one.length);
    const distances = two.map((c: any) => c.distance);
    expect(distances).toEqual([...distances].sort());
    expect(Math.max(...distances)).toBe(2);
    for (const c of two) {
      expect(c.path.length).toBe(c.distance);
      expect(c.path.entities[0].id).toBe('north-south-transport-corridor');
      expect(c.path.entities[c.path.entities.length - 1].id).toBe(c.entity.id);
      for (const rel of c.path.relationships) expect(rel.evidence.length).toBeGreaterThan(0);
    }
    const ids = two.map((c: any) => c.entity.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain('north-south-transport-corridor');
  });

  it('filters connections by kind and answers NOT_FOUND for an unknown start', async () => {
    const { connections } = dataOf(await api.graphql('{ connections(id: "vladimir-putin", maxHops: 4, kinds: [Project]) { entity { id kind } } }'));
    expect(connections.map((c: any) => c.entity.id)).toContain('rasht-astara-railway');
    expect(connections.every((c: any) => c.entity.kind === 'Project')).toBe(true);
    expect(errorOf(await api.graphql('{ connections(id: "atlantis") { distance } }')).extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'id' });
  });
});
