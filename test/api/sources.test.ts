/**
 * GraphQL `sources`: newest first, paged as a Relay connection, with what each source states; counts derived
 * from the seed documents and from documents this test writes (with dates), over real HTTP on a real engine.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { Ingestion } from '../../src/knowledge/ingest';
import { SEED_DIR } from '../support/engines';
import { SEED_DOCUMENTS, seedEntityId, seedRef } from '../support/seed';
import { startApi, type ApiUnderTest } from '../support/server';

const PAGE = `query Sources($first: Int, $after: String, $publishedAfter: String, $publishedBefore: String) {
  sources(first: $first, after: $after, publishedAfter: $publishedAfter, publishedBefore: $publishedBefore) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id title published entityCount relationshipCount } }
  }
}`;

/** The `published` date each seed document declares (undated: null). */
const seedPublished = new Map(
  fs
    .readdirSync(SEED_DIR)
    .filter((n) => /\.facts\.(json|ya?ml)$/i.test(n))
    .map((n) => YAML.parse(fs.readFileSync(path.join(SEED_DIR, n), 'utf8')).source)
    .map((s: { id: string; published?: string }) => [s.id, s.published ?? null] as const),
);

/** Dated documents written by this test: their texts name only their own entities. */
const DATED = [
  { id: 'dated-b', published: '2024-03-01', entities: ['Aria Tusk', 'Borin Vale'] },
  { id: 'dated-a', published: '2024-03-01', entities: ['Cato Wren'] },
  { id: 'dated-c', published: '2025-01-15', entities: ['Dara Quill', 'Esme Holt', 'Fenn Marsh'] },
  { id: 'dated-d', published: '2023-12-31T23:00:00Z', entities: ['Gale Orrin'] },
].map((d) => {
  const text = `${d.entities.join(' met ')} in a hall.`;
  return {
    ...d,
    document: {
      source: { id: d.id, title: `Report ${d.id}`, published: d.published, publisher: 'Test Wire', url: `https://example.org/${d.id}`, text },
      entities: d.entities.map((name) => ({ kind: 'Person', name })),
      relationships: d.entities.slice(1).map((name, i) => ({ type: 'MET_WITH', from: d.entities[i], to: name, evidence: `${d.entities[i]} met ${name}` })),
    },
  };
});

/** Code-point order, as the engines sort strings. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The documented order: dated sources by `published` (latest first), then undated; ties by id. */
function newestFirst(sources: { id: string; published: string | null }[]): string[] {
  return [...sources]
    .sort((a, b) => compare(b.published ?? '', a.published ?? '') || compare(a.id, b.id))
    .map((s) => s.id);
}

/** The documented order of a source's statements: by from id, then type, then to id. */
const byEnds = (a: string, b: string) => {
  const [x, y] = [a.split('|'), b.split('|')];
  return compare(x[0]!, y[0]!) || compare(x[1]!, y[1]!) || compare(x[2]!, y[2]!);
};

let api: ApiUnderTest;
beforeAll(async () => {
  api = await startApi({ KG_MAX_PAGE_SIZE: '5' });
});
afterAll(() => api?.close());

async function sources(variables: Record<string, unknown>) {
  const { body } = await api.graphql(PAGE, variables);
  return body;
}

describe('sources on the seed graph', () => {
  it('lists every seed source newest first, each with the relationships its document states', async () => {
    const body = await sources({ first: 5 });
    expect(body.errors).toBeUndefined();
    const page = body.data.sources;
    expect(page.totalCount).toBe(SEED_DOCUMENTS.length);
    expect(page.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(newestFirst(SEED_DOCUMENTS.map((d) => ({ id: d.id, published: seedPublished.get(d.id) ?? null }))));
    for (const edge of page.edges) {
      const doc = SEED_DOCUMENTS.find((d) => d.id === edge.node.id)!;
      expect(edge.node.title).toBe(doc.title);
      // a tie stated twice in one document is one relationship; its ends may be named instead of given by id
      const stated = new Set(doc.relationships.map((r) => `${seedRef(r.from)}|${r.type}|${seedRef(r.to)}`));
      expect({ id: doc.id, relationships: edge.node.relationshipCount }).toEqual({ id: doc.id, relationships: stated.size });
      // every entity its document states is linked to it; the graph's others only where its text names them
      const own = new Set(doc.entities.map(seedEntityId));
      expect(edge.node.entityCount).toBeGreaterThanOrEqual(own.size);
    }
    expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  it('the first seed document, loaded into an empty graph, states exactly its own entities', async () => {
    const first = SEED_DOCUMENTS[0]!;
    const { body } = await api.graphql(`query($id: ID!) { source(id: $id) { entityCount mentions { entity { id } } } }`, { id: first.id });
    expect(body.errors).toBeUndefined();
    expect(body.data.source.entityCount).toBe(new Set(first.entities.map(seedEntityId)).size);
    expect(body.data.source.mentions.map((m: { entity: { id: string } }) => m.entity.id).sort()).toEqual([...new Set(first.entities.map(seedEntityId))].sort());
  });

  it('gives each relationship a source states with its quotes and where they sit in the text', async () => {
    const doc = SEED_DOCUMENTS[SEED_DOCUMENTS.length - 1]!;
    const { body } = await api.graphql(
      `query($id: ID!) { source(id: $id) { text statements { relationship { id type } quotes { quote start end } } } }`,
      { id: doc.id },
    );
    expect(body.errors).toBeUndefined();
    const { text, statements } = body.data.source;
    const expected = new Map<string, string[]>();
    for (const r of doc.relationships) {
      const id = `${seedRef(r.from)}|${r.type}|${seedRef(r.to)}`;
      expected.set(id, [...(expected.get(id) ?? []), ...[r.evidence].flat()]);
    }
    expect(statements.map((s: { relationship: { id: string } }) => s.relationship.id)).toEqual([...expected.keys()].sort(byEnds));
    for (const s of statements) {
      expect(s.quotes.map((q: { quote: string }) => q.quote)).toEqual(expected.get(s.relationship.id));
      for (const q of s.quotes) {
        expect(q.start).not.toBeNull();
        // the mark covers the quote as the article writes it (the seed quotes are verbatim)
        expect(text.slice(q.start, q.end)).toBe(q.quote);
      }
    }
  });
});

describe('sources with dates', () => {
  beforeAll(async () => {
    for (const d of DATED) await new Ingestion(api.store).ingest(d.id, d.document);
  });

  const all = () => [
    ...SEED_DOCUMENTS.map((d) => ({ id: d.id, published: seedPublished.get(d.id) ?? null })),
    ...DATED.map((d) => ({ id: d.id, published: d.published })),
  ];

  it('pages newest first with cursors, every source once, counts as written', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const body = await sources({ first: 2, after });
      expect(body.errors).toBeUndefined();
      const page = body.data.sources;
      expect(page.totalCount).toBe(all().length);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1]?.cursor ?? null);
      for (const e of page.edges) {
        seen.push(e.node.id);
        const dated = DATED.find((d) => d.id === e.node.id);
        if (dated) {
          expect(e.node).toMatchObject({ published: dated.published, entityCount: dated.entities.length, relationshipCount: dated.entities.length - 1 });
        }
      }
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after && pages < 20);
    expect(seen).toEqual(newestFirst(all()));
  });

  it('keeps the dated sources in a range, both bounds inclusive, comparing the day of a timestamp', async () => {
    const ids = async (v: Record<string, unknown>) => {
      const body = await sources({ first: 5, ...v });
      expect(body.errors).toBeUndefined();
      return { ids: body.data.sources.edges.map((e: { node: { id: string } }) => e.node.id), total: body.data.sources.totalCount };
    };
    const inRange = (from?: string, to?: string) =>
      newestFirst(all().filter((s) => s.published !== null && (!from || s.published.slice(0, 10) >= from) && (!to || s.published.slice(0, 10) <= to)));
    expect(await ids({ publishedAfter: '2024-03-01' })).toEqual({ ids: inRange('2024-03-01'), total: inRange('2024-03-01').length });
    expect((await ids({ publishedAfter: '2024-03-01' })).ids).toEqual(['dated-c', 'dated-a', 'dated-b']);
    expect(await ids({ publishedBefore: '2023-12-31' })).toEqual({ ids: inRange(undefined, '2023-12-31'), total: inRange(undefined, '2023-12-31').length });
    expect((await ids({ publishedBefore: '2023-12-31' })).ids).toContain('dated-d');
    expect(await ids({ publishedAfter: '2024-03-01', publishedBefore: '2024-03-01' })).toEqual({ ids: ['dated-a', 'dated-b'], total: 2 });
    expect(await ids({ publishedAfter: '2030-01-01' })).toEqual({ ids: [], total: 0 });
  });

  it('costs the same few engine round-trips for one source as for a page of them (no read per source)', async () => {
    const query = `query($first: Int) { sources(first: $first) { edges { node { entityCount relationshipCount statements { relationship { id type } quotes { start } } } } } }`;
    const tripsFor = async (first: number) => {
      const before = api.store.roundTrips;
      const { body } = await api.graphql(query, { first });
      expect(body.errors).toBeUndefined();
      expect(body.data.sources.edges).toHaveLength(first);
      return api.store.roundTrips - before;
    };
    expect(await tripsFor(5)).toBe(await tripsFor(1));
  });

  it('a filtered page continues with its cursor', async () => {
    const first = await sources({ first: 1, publishedAfter: '2024-01-01' });
    const next = await sources({ first: 5, publishedAfter: '2024-01-01', after: first.data.sources.pageInfo.endCursor });
    expect([...first.data.sources.edges, ...next.data.sources.edges].map((e: { node: { id: string } }) => e.node.id)).toEqual(['dated-c', 'dated-a', 'dated-b']);
    expect(next.data.sources.pageInfo.hasNextPage).toBe(false);
  });
});

describe('bad arguments are refused with what is wrong', () => {
  it.each([
    ['a cursor that is not base64url', { after: '!!not a cursor!!' }, 'BAD_USER_INPUT', /malformed cursor/],
    ['an entities cursor (one key, not a source position)', { after: Buffer.from('russia').toString('base64url') }, 'BAD_USER_INPUT', /malformed cursor .*page of sources/],
    ['a cursor of JSON that is not a position', { after: Buffer.from('[1,2]').toString('base64url') }, 'BAD_USER_INPUT', /malformed cursor/],
    ['a date that is not YYYY-MM-DD', { publishedAfter: '17 May 2023' }, 'BAD_USER_INPUT', /publishedAfter must be a date written YYYY-MM-DD/],
    ['a date that does not exist', { publishedBefore: '2023-02-30' }, 'BAD_USER_INPUT', /publishedBefore must be a date/],
    ['a range that ends before it starts', { publishedAfter: '2024-02-01', publishedBefore: '2024-01-01' }, 'BAD_USER_INPUT', /later than publishedBefore/],
    ['a page larger than KG_MAX_PAGE_SIZE', { first: 6 }, 'PAGE_SIZE_LIMIT', /at most 5 \(KG_MAX_PAGE_SIZE\)/],
    ['a negative page', { first: -1 }, 'BAD_USER_INPUT', /non-negative/],
  ])('%s', async (_what, variables, code, message) => {
    const body = await sources(variables);
    expect(body.data).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions.code).toBe(code);
    expect(body.errors[0].message).toMatch(message);
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|\.ts:\d+/);
  });
});

describe('relationship rules', () => {
  it('lists every relationship type with the kinds it joins', async () => {
    const { body } = await api.graphql(`{ relationshipRules { type from to } types: __type(name: "RelationshipType") { enumValues { name } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.relationshipRules.map((r: { type: string }) => r.type)).toEqual(body.data.types.enumValues.map((v: { name: string }) => v.name));
    // the seed's own ties obey the rules the API gives
    const rules = new Map(body.data.relationshipRules.map((r: { type: string; from: string[]; to: string[] }) => [r.type, r]));
    expect(rules.get('MET_WITH')).toEqual({ type: 'MET_WITH', from: ['Person'], to: ['Person'] });
  });
});
