/**
 * search(text:) over real HTTP on the seed graph, answered by the name index: variants, scripts, typos, prefixes and
 * a family name alone, each saying why; and the index follows a document ingested after start.
 */
import { WITH_EXAMPLES as SEED_DOCUMENTS, seedEntityId } from '../support/seed';
import { startApi, type ApiUnderTest } from '../support/server';
import { dataOf } from './graphql-results';

const TOKEN = 'test-admin-token-names';
const SEARCH = 'query($text: String!, $first: Int) { search(text: $text, first: $first) { edges { node { score why matchedName matchedField entity { id name } } } } }';

let api: ApiUnderTest;
beforeAll(async () => {
  api = await startApi({ KG_ADMIN_TOKEN: TOKEN }, { examples: true });
});
afterAll(() => api.close());

const search = async (text: string, first = 10) => dataOf(await api.graphql(SEARCH, { text, first })).search.edges.map((e: any) => e.node) as any[];

/** The id of the one seed entity declared with this name or alias (the documents say which). */
function seedIdNamed(name: string): string {
  const ids = new Set(SEED_DOCUMENTS.flatMap((d) => d.entities.filter((e) => e.name === name || e.aliases?.includes(name)).map(seedEntityId)));
  expect([...ids]).toHaveLength(1);
  return [...ids][0]!;
}

describe('search by the name index', () => {
  it.each([
    ['Путин', 'Putin', 'variant'],
    ['جلالی', 'Jalali', 'variant'],
    ['Djalali', 'Jalali', 'variant'],
    ['Laridjani', 'Ali Larijani', 'variant'],
    ['Larijani', 'Ali Larijani', 'word'],
    ['bushher', 'Bushehr Nuclear Power Plant', 'typo'],
    ['Rassia', 'Russia', 'typo'],
    ['Rash', 'Rasht', 'prefix'],
    ['Russia', 'Russia', 'exact'],
  ])('"%s" finds the entity named "%s" first (%s)', async (text, name, why) => {
    const hits = await search(text);
    expect(hits[0]).toMatchObject({ why, entity: { id: seedIdNamed(name) } });
    expect(hits[0].matchedName).toBeTruthy();
    const scores = hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.every((s) => s > 0 && s <= 1)).toBe(true);
  });

  it('orders by reason: exact before word before prefix', async () => {
    const order = ['exact', 'alias', 'word', 'variant', 'typo', 'prefix', 'contains'];
    const hits = await search('Rasht', 20);
    const reasons = hits.map((h) => order.indexOf(h.why));
    expect(reasons).toEqual([...reasons].sort((a, b) => a - b));
    // Every seed entity with the word Rasht in a name is found, the city itself first.
    const withWord = new Set(SEED_DOCUMENTS.flatMap((d) => d.entities.filter((e) => [e.name, ...(e.aliases ?? [])].some((n) => /\bRasht\b/.test(n))).map(seedEntityId)));
    expect(new Set(hits.map((h) => h.entity.id))).toEqual(withWord);
    expect(hits[0]).toMatchObject({ why: 'exact', entity: { id: seedIdNamed('Rasht') } });
  });

  it('falls back to text inside names and descriptions when no name matches', async () => {
    // Inside "Bushehr", too short for a typo: only the scan finds it.
    const hits = await search('ushe');
    expect(hits.map((h) => h.entity.id)).toContain(seedIdNamed('Bushehr Nuclear Power Plant'));
    expect(hits.every((h) => h.why === 'contains' && h.matchedName === null)).toBe(true);
    expect((await search('zzqx')).length).toBe(0);
  });

  it('follows a document ingested after start: a variant spelling finds the new person', async () => {
    const text = 'Alexey Likhachev, head of Rosatom, visited Bushehr.';
    const document = { source: { id: 'likhachev-visit', title: 'Likhachev visits Bushehr', text }, entities: [{ kind: 'Person', name: 'Alexey Likhachev' }], relationships: [] };
    expect(await search('Likhachov')).toEqual([]);
    const { body } = await api.graphql('mutation($document: JSON!) { ingestDocument(document: $document) { entitiesCreated } }', { document }, { authorization: `Bearer ${TOKEN}` });
    expect(body.errors).toBeUndefined();
    const hits = await search('Likhachov');
    expect(hits[0]).toMatchObject({ why: 'variant', matchedName: 'Alexey Likhachev', entity: { name: 'Alexey Likhachev' } });
    expect((await search('Лихачёв'))[0]).toMatchObject({ why: 'variant', entity: { name: 'Alexey Likhachev' } });
  });
});
