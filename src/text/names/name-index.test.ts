import { NameSearchIndex, type NamedEntity } from './name-index';
import { latinWords, phoneticWord, typoEdits, variantWord } from './name-keys';

const entities: NamedEntity[] = [
  { id: 'alexey-likhachev', kind: 'Person', name: 'Alexey Likhachev', aliases: [] },
  { id: 'vladimir-putin', kind: 'Person', name: 'Vladimir Putin', aliases: ['Putin', 'President Vladimir Putin'] },
  { id: 'jalali', kind: 'Person', name: 'Kazem Jalali', aliases: [] },
  { id: 'qasem-soleimani', kind: 'Person', name: 'Qasem Soleimani', aliases: [] },
  { id: 'ali-larijani', kind: 'Person', name: 'Ali Larijani', aliases: [] },
  { id: 'hassan-rouhani', kind: 'Person', name: 'Hassan Rouhani', aliases: [] },
  { id: 'bushehr', kind: 'Project', name: 'Bushehr Nuclear Power Plant', aliases: [] },
  { id: 'rasht', kind: 'Location', name: 'Rasht', aliases: [] },
  { id: 'rasht-astara', kind: 'Project', name: 'Rasht–Astara railway', aliases: [] },
  { id: 'russia', kind: 'Country', name: 'Russia', aliases: [] },
  { id: 'iran', kind: 'Country', name: 'Iran', aliases: [] },
];
const index = new NameSearchIndex(entities);
const top = (text: string, kinds?: string[]) => index.search(text, { limit: 5, kinds })[0];

describe('name keys', () => {
  it.each([
    ['Likhachev', 'Likhachov'],
    ['Likhachev', 'Likhachyov'],
    ['Soleimani', 'Suleimani'],
    ['Soleimani', 'Soleymani'],
    ['Jalali', 'Djalali'],
    ['Larijani', 'Laridjani'],
    ['Larijani', 'Larizhani'],
    ['Rouhani', 'Ruhani'],
    ['Hassan', 'Hasan'],
    ['Alexey', 'Aleksei'],
    ['Yevgeny', 'Evgeny'],
    ['Vladimir', 'Wladimir'],
    ['Qasem', 'Ghasem'],
  ])('%s and %s share a variant key', (a, b) => {
    expect(variantWord(latinWords(a)[0]!)).toBe(variantWord(latinWords(b)[0]!));
  });

  it.each([
    ['Iran', 'Iraq'],
    ['Hassan', 'Hossein'],
    ['Putin', 'Rasht'],
  ])('%s and %s do not share a variant key', (a, b) => {
    expect(variantWord(a.toLowerCase())).not.toBe(variantWord(b.toLowerCase()));
  });

  it('transliterates Cyrillic and Persian script, folds case, accents, dashes and possessives', () => {
    expect(latinWords('Путин')).toEqual(['putin']);
    expect(latinWords('Лихачёв')).toEqual(['lihachev']);
    expect(latinWords('Rasht–Astara')).toEqual(['rasht', 'astara']);
    expect(latinWords("Russia's ENERGY Ministér")).toEqual(['russia', 'energy', 'minister']);
    expect(latinWords('جلالی')).toEqual(['jlali']);
  });

  it('scales typo edits with length and gives phonetic keys', () => {
    expect([3, 4, 5, 6, 7, 12].map(typoEdits)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(phoneticWord('soleimani')).toBe(phoneticWord('suleymani'));
  });
});

describe('name index', () => {
  it.each([
    ['Alexey Likhachev', 'alexey-likhachev', 'exact', 'Alexey Likhachev'],
    ['putin', 'vladimir-putin', 'alias', 'Putin'],
    ['Jalali', 'jalali', 'word', 'Kazem Jalali'],
    ['Likhachov', 'alexey-likhachev', 'variant', 'Alexey Likhachev'],
    ['Alexei Likhachyov', 'alexey-likhachev', 'variant', 'Alexey Likhachev'],
    ['Путин', 'vladimir-putin', 'variant', 'Putin'],
    ['Лихачёв', 'alexey-likhachev', 'variant', 'Alexey Likhachev'],
    ['جلالی', 'jalali', 'variant', 'Kazem Jalali'],
    ['لاریجانی', 'ali-larijani', 'variant', 'Ali Larijani'],
    ['Soleymani', 'qasem-soleimani', 'variant', 'Qasem Soleimani'],
    ['Suleimani', 'qasem-soleimani', 'variant', 'Qasem Soleimani'],
    ['Djalali', 'jalali', 'variant', 'Kazem Jalali'],
    ['Laridjani', 'ali-larijani', 'variant', 'Ali Larijani'],
    ['bushher', 'bushehr', 'typo', 'Bushehr Nuclear Power Plant'],
    ['Rassia', 'russia', 'typo', 'Russia'],
    ['Rash', 'rasht', 'prefix', 'Rasht'],
  ])('"%s" finds %s (%s, on "%s")', (text, id, why, matchedName) => {
    expect(top(text)).toMatchObject({ id, why, matchedName });
  });

  it('orders exact before word before prefix, and shorter names first', () => {
    const hits = index.search('Rasht', { limit: 5 });
    expect(hits.map((h) => [h.id, h.why])).toEqual([
      ['rasht', 'exact'],
      ['rasht-astara', 'word'],
    ]);
    expect(index.search('Rash', { limit: 5 }).map((h) => h.id)).toEqual(['rasht', 'rasht-astara']);
  });

  it('does not take near-misses: Iraq is not Iran, Hossein Rouhani is not Hassan, short words get no typos', () => {
    expect(index.search('Iraq', { limit: 5 })).toEqual([]);
    expect(index.search('Hossein Rouhani', { limit: 5 }).filter((h) => h.why !== 'variant' && h.why !== 'typo')).toEqual([]);
    expect(index.search('Kazem Jalal', { limit: 5 }).map((h) => h.why)).toEqual(['typo']);
  });

  it('filters by kind and follows changes', () => {
    expect(index.search('Rasht', { limit: 5, kinds: ['Project'] }).map((h) => h.id)).toEqual(['rasht-astara']);
    const changing = new NameSearchIndex(entities);
    changing.put({ id: 'russia', kind: 'Country', name: 'Russian Federation', aliases: ['Russia'] });
    expect(changing.search('Russia', { limit: 1 })[0]).toMatchObject({ id: 'russia', why: 'alias' });
    changing.remove('russia');
    expect(changing.search('Russia', { limit: 5 })).toEqual([]);
    expect(changing.size).toBe(entities.length - 1);
  });
});
