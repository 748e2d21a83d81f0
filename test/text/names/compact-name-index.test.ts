/**
 * The compact name index against the index it replaced (./minisearch-name-index.ts, MiniSearch and string-keyed
 * maps): the same entities, the same changes and the same texts must give the same matches, reasons, names and
 * order. Names are drawn from a seeded generator (Persian, Russian and Arabic-origin given and family names,
 * organisations, places, aliases, names in Cyrillic and Persian script) and the texts from them: whole names,
 * words alone, variants, typos, prefixes, run-together words, other scripts, kinds.
 */
import { SeededRandom } from '../../../src/bulk/synthetic-graph';
import { NameSearchIndex, type NamedEntity } from '../../../src/text/names/name-index';
import { MiniSearchNameIndex } from './minisearch-name-index';

const GIVEN = ['Qasem', 'Ghasem', 'Ali', 'Hassan', 'Hasan', 'Hossein', 'Mohammad', 'Muhammad', 'Sergei', 'Sergey', 'Alexey', 'Aleksei', 'Yevgeny', 'Evgeny', 'Kazem', 'Dmitry', 'Vladimir', 'Nikolai', 'Abbas', 'Ebrahim'];
const FAMILY = ['Soleimani', 'Suleimani', 'Larijani', 'Laridjani', 'Jalali', 'Djalali', 'Rouhani', 'Ruhani', 'Likhachev', 'Likhachov', 'Lavrov', 'Petrov', 'Petrova', 'Primakov', 'Amir-Abdollahian', 'Amirabdollahian', 'Raisi', 'Zarif', 'Novak', 'Araghchi'];
const WORDS = ['Atomic', 'Energy', 'Organization', 'of', 'Iran', 'Iraq', 'Russia', 'Bushehr', 'Nuclear', 'Power', 'Plant', 'Rasht', 'Astara', 'railway', 'Ministry', 'Minister', 'Bank', 'Project', '11', '1', 'North', 'South', 'Gas', 'Oil'];
const SCRIPT = ['Владимир Путин', 'Сергей Лавров', 'Алексей Лихачёв', 'کاظم جلالی', 'علی لاریجانی', 'حسن روحانی', 'Лавров', 'جلالی'];
const KINDS = ['Person', 'Organization', 'Project', 'Location'];

/** A small seeded generator (the synthetic graph's SeededRandom), so a failure names a reproducible case. */
function random(seed: number): () => number {
  const generator = new SeededRandom(seed);
  return () => generator.float();
}

function graph(seed: number, n: number): NamedEntity[] {
  const r = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  const nameOf = (kind: string) => {
    if (kind === 'Person') return r() < 0.1 ? pick(SCRIPT) : r() < 0.2 ? pick(FAMILY) : `${pick(GIVEN)} ${r() < 0.2 ? `${pick(GIVEN)} ` : ''}${pick(FAMILY)}`;
    const words = Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(WORDS));
    return words.join(r() < 0.2 ? '–' : ' ');
  };
  return Array.from({ length: n }, (_, i) => {
    const kind = pick(KINDS);
    const name = nameOf(kind);
    const aliases = r() < 0.3 ? Array.from({ length: 1 + Math.floor(r() * 2) }, () => (r() < 0.5 ? nameOf(kind) : name.split(/\s+/).pop()!)) : [];
    return { id: `e${String(i).padStart(4, '0')}`, kind, name, aliases };
  });
}

/** Texts an analyst might type, derived from the names: whole, words alone, prefixes, typos, run together. */
function texts(seed: number, entities: NamedEntity[], n: number): string[] {
  const r = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  const typo = (word: string) => {
    const at = Math.floor(r() * word.length);
    const edit = Math.floor(r() * 3);
    const letter = 'aeioukhy'[Math.floor(r() * 8)]!;
    return edit === 0 ? word.slice(0, at) + word.slice(at + 1) : edit === 1 ? word.slice(0, at) + letter + word.slice(at) : word.slice(0, at) + letter + word.slice(at + 1);
  };
  const out = ['', '   ', 'zzqx', 'Iraq', 'Rash', 'Ra', 'R', 'ka', 'Petrov Petrov', 'of of', "Khamene'i", 'Amirabdollahian', 'Amir Abdollahian'];
  for (let i = 0; i < n; i++) {
    const entity = pick(entities);
    const label = r() < 0.7 ? entity.name : (entity.aliases[0] ?? entity.name);
    const words = label.split(/[\s–-]+/);
    const choice = Math.floor(r() * 7);
    if (choice === 0) out.push(label);
    else if (choice === 1) out.push(pick(words));
    else if (choice === 2) out.push(words.map((w) => (r() < 0.5 ? typo(w) : w)).join(' '));
    else if (choice === 3) out.push(label.slice(0, 1 + Math.floor(r() * label.length)));
    else if (choice === 4) out.push(words.join(''));
    else if (choice === 5) out.push(`${pick(GIVEN)} ${pick(FAMILY)}`);
    else out.push(label.toUpperCase());
  }
  return out;
}

function expectSame(compact: NameSearchIndex, oracle: MiniSearchNameIndex, entities: readonly NamedEntity[], queries: string[], seed: number): void {
  const r = random(seed);
  const labels = new Map(entities.map((e) => [e.id, [e.name, ...e.aliases]]));
  for (const text of queries) {
    const limit = [1, 3, 5, 10, 30][Math.floor(r() * 5)]!;
    const kinds = r() < 0.25 ? [KINDS[Math.floor(r() * KINDS.length)]!] : undefined;
    const got = compact.search(text, { limit, kinds });
    const want = oracle.search(text, { limit, kinds });
    // Ids, kinds, reasons, closeness and order must be equal. The matched name too, except where an entity has
    // several names equally close (closeness stops at 1): the oracle took whichever it met first, the compact
    // index the shortest; then it must still be one of that entity's names.
    const tieFree = (m: { id: string; matchedName: string }, i: number) => (new Set(labels.get(m.id)).size > 1 && labels.get(m.id)!.includes(got[i]?.matchedName ?? '') ? { ...m, matchedName: '(one of its names)' } : m);
    expect({ text, limit, kinds, matches: got.map(tieFree) }).toEqual({ text, limit, kinds, matches: want.map(tieFree) });
  }
}

/**
 * `changes` seeded changes applied to every index alike: one in five removes an entity, the rest replace its names
 * with another generated entity's. Returns the entities the indexes should now hold.
 */
function churn(indexes: readonly { put(e: NamedEntity): void; remove(id: string): void }[], entities: readonly NamedEntity[], replacements: readonly NamedEntity[], changes: number, seed: number): NamedEntity[] {
  const r = random(seed);
  const current = new Map(entities.map((e) => [e.id, e]));
  for (let i = 0; i < changes; i++) {
    const target = entities[Math.floor(r() * entities.length)]!;
    if (r() < 0.2) {
      for (const index of indexes) index.remove(target.id);
      current.delete(target.id);
    } else {
      const next = { ...replacements[Math.floor(r() * replacements.length)]!, id: target.id };
      for (const index of indexes) index.put(next);
      current.set(next.id, next);
    }
  }
  return [...current.values()];
}

describe('the compact name index answers as the MiniSearch one did', () => {
  test.each([1, 2, 3])('seed %i: 400 entities, 600 texts', (seed) => {
    const entities = graph(seed, 400);
    const compact = new NameSearchIndex(entities);
    const oracle = new MiniSearchNameIndex(entities);
    expect(compact.size).toBe(oracle.size);
    expectSame(compact, oracle, entities, texts(seed + 100, entities, 600), seed);
  });

  test('after entities are replaced and removed, past the compaction of removed names', () => {
    const entities = graph(7, 600);
    const compact = new NameSearchIndex(entities);
    const oracle = new MiniSearchNameIndex(entities);
    const replacements = graph(9, 600);
    // 3 000 changes: far more removed names than the 1 024 that start a compaction, twice over.
    const current = churn([compact, oracle], entities, replacements, 3000, 8);
    expect(compact.size).toBe(oracle.size);
    expectSame(compact, oracle, current, texts(10, [...entities, ...replacements], 600), 11);
  });
});

describe('an index moved between threads as an image (as the worker hands over its build)', () => {
  /** Built by put() one by one, as the worker builds it, then rebuilt from its image and the same entities. */
  const moved = async (entities: readonly NamedEntity[]) => {
    const built = new NameSearchIndex();
    for (const e of entities) built.put(e);
    let pauses = 0;
    const index = await NameSearchIndex.fromImage(built.image(), entities, async () => void pauses++);
    expect(pauses).toBeGreaterThan(0);
    return index;
  };

  test.each([4, 5])('seed %i: answers as the oracle, then follows puts and removes past a compaction', async (seed) => {
    // Aliases equal to the name and repeated aliases: the image's label numbers must skip them as the build did.
    const entities = graph(seed, 400).map((e, i) => (i % 7 === 0 ? { ...e, aliases: [e.name, ...e.aliases, ...e.aliases] } : e));
    const index = await moved(entities);
    const oracle = new MiniSearchNameIndex(entities);
    expect(index.size).toBe(oracle.size);
    const queries = texts(seed + 100, entities, 400);
    expectSame(index, oracle, entities, queries, seed);
    // And exactly as the index built here, matched names included (the oracle comparison allows ties among names).
    const here = new NameSearchIndex(entities);
    for (const text of queries) expect({ text, matches: index.search(text, { limit: 10 }) }).toEqual({ text, matches: here.search(text, { limit: 10 }) });
    const replacements = graph(seed + 300, 400);
    const current = churn([index, oracle], entities, replacements, 2500, seed + 200);
    expect(index.size).toBe(oracle.size);
    expectSame(index, oracle, current, texts(seed + 400, [...entities, ...replacements], 400), seed + 500);
  });

  test('an id put twice keeps its last names, and an image given other entities than its own is refused', async () => {
    const entities = graph(6, 50);
    const twice = [...entities, { ...entities[3]!, name: 'Kazem Jalali', aliases: ['Jalali'] }];
    const index = await moved(twice);
    expect(index.search('Kazem Jalali', { limit: 1 })[0]).toMatchObject({ id: entities[3]!.id, why: 'exact', matchedName: 'Kazem Jalali' });
    expect(index.search('Jalali', { limit: 1 })[0]).toMatchObject({ id: entities[3]!.id, why: 'alias', matchedName: 'Jalali' });
    const built = new NameSearchIndex(entities);
    await expect(NameSearchIndex.fromImage(built.image(), entities.slice(1))).rejects.toThrow(/holds 50 entities, but 49 were given/);
  });
});

describe('many namesakes: walks stop early and must still find the best few', () => {
  test('3 000 entities from 8 × 6 names, then 1 500 written after the build (sealed lists and recent chains together)', () => {
    const r = random(21);
    const given = GIVEN.slice(0, 8);
    const family = FAMILY.slice(0, 6);
    const person = (i: number): NamedEntity => ({
      // Ids out of order with the names, so ties by id are not ties by insertion.
      id: `p${String((i * 7919) % 10007).padStart(5, '0')}`,
      kind: r() < 0.8 ? 'Person' : 'Organization',
      name: `${given[Math.floor(r() * given.length)]} ${family[Math.floor(r() * family.length)]}`,
      aliases: r() < 0.2 ? [family[Math.floor(r() * family.length)]!] : [],
    });
    const first = Array.from({ length: 3000 }, (_, i) => person(i));
    const compact = new NameSearchIndex(first);
    const oracle = new MiniSearchNameIndex(first);
    const later = Array.from({ length: 1500 }, (_, i) => person(3000 + i));
    for (const e of later) {
      compact.put(e);
      oracle.put(e);
    }
    const all = [...first, ...later];
    const queries = [...family, ...given, ...family.map((f) => f.slice(0, 3)), ...family.map((f) => `${f}x`), 'Sergey Petrov', 'Qassem Suleimani', 'Hasan Ruhani', 'Ali Lari', 'Kazem'];
    expectSame(compact, oracle, all, [...queries, ...texts(22, all, 200)], 23);
  });
});
