/**
 * The duplicate review over real HTTP: documents that name a person in another spelling are created apart and
 * reported as possible duplicates at ingest, then listed by `duplicates` with their evidence, a pair with
 * conflicting facts ranked below one without; paged, filtered by kind, within the page-size limit.
 */
import { startApi, type ApiUnderTest } from '../support/server';
import { dataOf } from './graphql-results';

const TOKEN = 'test-admin-token-duplicates';
const INGEST = 'mutation($document: JSON!) { ingestDocument(document: $document) { resolutions { name id outcome possibleDuplicates { id why } } } }';
const DUPLICATES = `query($kind: EntityKind, $first: Int, $after: String) { duplicates(kind: $kind, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { score why conflicts sharedNeighbours { id } sharedSources { id }
    a { matchedName entity { id name } sources { id } neighbours { id } countriesOfOffice }
    b { matchedName entity { id name } sources { id } neighbours { id } countriesOfOffice } } } } }`;

let api: ApiUnderTest;
beforeAll(async () => {
  api = await startApi({ KG_ADMIN_TOKEN: TOKEN });
});
afterAll(() => api.close());

const ingest = async (document: unknown) => {
  const { body } = await api.graphql(INGEST, { document }, { authorization: `Bearer ${TOKEN}` });
  expect(body.errors).toBeUndefined();
  return body.data.ingestDocument.resolutions as { name: string; id: string; outcome: string; possibleDuplicates: { id: string; why: string }[] }[];
};
const duplicates = async (variables: Record<string, unknown>) => dataOf(await api.graphql(DUPLICATES, variables)).duplicates as any;
const pairIds = (page: any) => page.edges.map((e: any) => `${e.node.a.entity.id}/${e.node.b.entity.id}`);

/** A one-sentence document: a person holding office somewhere, with a role. */
function officeDocument(sourceId: string, person: string, role: string, office: { kind: string; name: string }) {
  const text = `${person} works for ${office.name}.`;
  return {
    source: { id: sourceId, title: text, text },
    entities: [{ kind: 'Person', name: person, properties: { role } }, office],
    relationships: [{ type: 'OFFICIAL_OF', from: person, to: office.name, evidence: text }],
  };
}

describe('duplicate review', () => {
  let before: string[];
  beforeAll(async () => {
    before = pairIds(await duplicates({ kind: 'Person', first: 100 }));
    await ingest(officeDocument('likhachev-1', 'Alexey Likhachev', 'Director General', { kind: 'Organization', name: 'Rosatom' }));
  });

  test('a variant spelling at ingest is created apart and reported, never merged', async () => {
    const resolutions = await ingest(officeDocument('likhachev-2', 'Alexei Likhachov', 'Director General', { kind: 'Organization', name: 'Rosatom' }));
    expect(resolutions.find((r) => r.name === 'Alexei Likhachov')).toEqual({
      name: 'Alexei Likhachov',
      id: 'alexei-likhachov',
      outcome: 'NEW',
      possibleDuplicates: [{ id: 'alexey-likhachev', why: 'variant' }],
    });
    expect(resolutions.find((r) => r.name === 'Rosatom')!.outcome).toBe('MATCHED');
    const conflicting = await ingest(officeDocument('djalali-1', 'Djalali', 'Energy Minister', { kind: 'Country', name: 'Russia' }));
    expect(conflicting.find((r) => r.name === 'Djalali')).toMatchObject({ outcome: 'NEW', possibleDuplicates: [{ id: 'jalali', why: 'variant' }] });
  });

  test('both pairs are listed with their evidence; the one with conflicting facts ranks lower', async () => {
    const page = await duplicates({ kind: 'Person', first: 100 });
    const added = page.edges.map((e: any) => e.node).filter((n: any) => !before.includes(`${n.a.entity.id}/${n.b.entity.id}`));
    expect(added.map((n: any) => [n.a.entity.id, n.b.entity.id, n.why])).toEqual([
      ['alexei-likhachov', 'alexey-likhachev', 'variant'],
      ['djalali', 'jalali', 'variant'],
    ]);
    const [likhachev, djalali] = added;
    expect(likhachev).toMatchObject({ conflicts: [], sharedNeighbours: [{ id: 'rosatom' }], sharedSources: [] });
    expect(likhachev.a).toMatchObject({ matchedName: 'Alexei Likhachov', sources: [{ id: 'likhachev-2' }], neighbours: [{ id: 'rosatom' }] });
    expect(djalali.conflicts).toEqual(['countries of office: russia / iran', 'roles: Energy Minister / Envoy to Moscow']);
    expect(djalali.a.countriesOfOffice).toEqual(['russia']);
    expect(djalali.score).toBeLessThan(likhachev.score);
    const scores = page.edges.map((e: any) => e.node.score);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
  });

  test('pages follow one another without gaps or repeats, and kinds stay apart', async () => {
    const all = pairIds(await duplicates({ kind: 'Person', first: 100 }));
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await duplicates({ kind: 'Person', first: 1, after });
      seen.push(...pairIds(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
    const organisations = await duplicates({ kind: 'Organization', first: 100 });
    expect(pairIds(organisations).some((p: string) => p.includes('likhachov'))).toBe(false);
  });

  test('a page larger than the limit and a bad cursor are refused in the product’s words', async () => {
    const tooMany = await api.graphql(DUPLICATES, { first: api.config.maxPageSize + 1 });
    expect(tooMany.body.errors[0].extensions).toMatchObject({ code: 'PAGE_SIZE_LIMIT', argument: 'first' });
    const badCursor = await api.graphql(DUPLICATES, { after: '%%%' });
    expect(badCursor.body.errors[0]).toMatchObject({ message: 'malformed cursor "%%%"', extensions: { code: 'BAD_USER_INPUT' } });
  });
});
