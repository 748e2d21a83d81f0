/**
 * The name index as it was before the compact one (src/text/names/name-index.ts): per-label objects, string-keyed
 * maps and a MiniSearch word index. Kept only as the oracle the compact index is compared against
 * (compact-name-index.test.ts): the same entities and texts must give the same matches.
 */
import MiniSearch from 'minisearch';
import { hasArabicScript, hasOtherScript, nameKeys, soundsLike, typoEdits, type NameKeys } from '../../../src/text/names/name-keys';
import { compareMatches, MATCH_REASONS, type MatchReason, type NamedEntity, type NameMatch, type NameSearchOptions } from '../../../src/text/names/name-index';

interface NameEntry {
  entityId: string;
  kind: string;
  label: string;
  isAlias: boolean;
  keys: NameKeys;
}

const joined = (words: readonly string[]) => words.join(' ');

export class MiniSearchNameIndex {
  private readonly entries = new Map<number, NameEntry>();
  private readonly entriesOf = new Map<string, number[]>();
  private nextEntry = 0;
  /** Whole-name keys (words, variants, phonetics, skeletons joined; variants without spaces) → entries. */
  private readonly whole = {
    words: new Map<string, Set<number>>(),
    variants: new Map<string, Set<number>>(),
    phonetics: new Map<string, Set<number>>(),
    skeletons: new Map<string, Set<number>>(),
    compact: new Map<string, Set<number>>(),
  };
  /** One word's variant, phonetic and skeleton keys → entries having a word with that key. */
  private readonly byWord = { variants: new Map<string, Set<number>>(), phonetics: new Map<string, Set<number>>(), skeletons: new Map<string, Set<number>>() };
  private readonly words = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], idField: 'id' });

  constructor(entities: Iterable<NamedEntity> = []) {
    for (const e of entities) this.put(e);
  }

  /** Number of entities indexed. */
  get size(): number {
    return this.entriesOf.size;
  }

  /** Adds an entity, or replaces what the index held for its id (names and aliases as given now). */
  put(entity: NamedEntity): void {
    if (this.entriesOf.has(entity.id)) this.remove(entity.id);
    const ids: number[] = [];
    const labels = [{ label: entity.name, isAlias: false }, ...[...new Set(entity.aliases)].filter((a) => a !== entity.name).map((label) => ({ label, isAlias: true }))];
    for (const { label, isAlias } of labels) {
      const keys = nameKeys(label);
      if (keys.words.length === 0) continue;
      const n = this.nextEntry++;
      this.entries.set(n, { entityId: entity.id, kind: entity.kind, label, isAlias, keys });
      ids.push(n);
      for (const field of ['words', 'variants', 'phonetics', 'skeletons'] as const) addTo(this.whole[field], joined(keys[field]), n);
      addTo(this.whole.compact, keys.variants.join(''), n);
      for (const field of ['variants', 'phonetics', 'skeletons'] as const) for (const k of new Set(keys[field])) addTo(this.byWord[field], k, n);
      this.words.add({ id: n, text: joined(keys.words) });
    }
    this.entriesOf.set(entity.id, ids);
  }

  /** Forgets an entity. */
  remove(id: string): void {
    for (const n of this.entriesOf.get(id) ?? []) {
      const entry = this.entries.get(n)!;
      for (const field of ['words', 'variants', 'phonetics', 'skeletons'] as const) dropFrom(this.whole[field], joined(entry.keys[field]), n);
      dropFrom(this.whole.compact, entry.keys.variants.join(''), n);
      for (const field of ['variants', 'phonetics', 'skeletons'] as const) for (const k of entry.keys[field]) dropFrom(this.byWord[field], k, n);
      this.words.discard(n);
      this.entries.delete(n);
    }
    this.entriesOf.delete(id);
  }

  /** Entities whose names match `text`, strongest reason first, then closest; one match per entity. */
  search(text: string, options: NameSearchOptions): NameMatch[] {
    const q = nameKeys(text);
    if (q.words.length === 0) return [];
    const otherScript = hasOtherScript(text);
    const found = new Map<number, MatchReason>();
    const note = (entries: Iterable<number>, why: MatchReason) => {
      for (const n of entries) if (!found.has(n) || rank(why) < rank(found.get(n)!)) found.set(n, why);
    };

    const kinds = options.kinds && options.kinds.length > 0 ? new Set(options.kinds) : null;
    // A stage whose reason is weaker than `limit` entities already found cannot change the answer: skipped, so a
    // common name ("Petrov" in a large graph) costs no fuzzy search.
    const settled = (why: MatchReason) => {
      const entities = new Set<string>();
      for (const [n, reason] of found) {
        const entry = this.entries.get(n)!;
        if (rank(reason) < rank(why) && (!kinds || kinds.has(entry.kind))) entities.add(entry.entityId);
      }
      return entities.size >= options.limit;
    };
    const alike = (entries: Iterable<number>) => [...entries].filter((n) => everyWordSoundsLike(q.variants, this.entries.get(n)!.keys.variants));
    const arabic = hasArabicScript(text);

    // Whole names: the text is the name or an alias (in another script, a transliteration: a variant).
    for (const n of this.whole.words.get(joined(q.words)) ?? []) note([n], otherScript ? 'variant' : this.entries.get(n)!.isAlias ? 'alias' : 'exact');
    // Words: every word of the text is a whole word of the name.
    if (!settled('word')) note(this.words.search(joined(q.words), { combineWith: 'AND', fuzzy: false, prefix: false }).map((r) => r.id as number), otherScript ? 'variant' : 'word');
    if (!settled('variant')) {
      note(this.whole.variants.get(joined(q.variants)) ?? [], 'variant');
      // Words run together or split by a dash: "Amirabdollahian" / "Amir-Abdollahian".
      note(this.whole.compact.get(q.variants.join('')) ?? [], 'variant');
      if (arabic) note(this.whole.skeletons.get(joined(q.skeletons)) ?? [], 'variant');
      note(everyWord(q.variants, this.byWord.variants), 'variant');
      if (arabic) note(everyWord(q.skeletons, this.byWord.skeletons), 'variant');
    }
    if (!settled('typo')) {
      // The same sound, and spelt close enough word for word (not "Hossein" for "Hassan"); then one or two edits.
      note(alike(this.whole.phonetics.get(joined(q.phonetics)) ?? []), 'typo');
      note(alike(everyWord(q.phonetics, this.byWord.phonetics)), 'typo');
      const fuzzy = (term: string) => typoEdits(term.length) || false;
      note(this.words.search(joined(q.words), { combineWith: 'AND', fuzzy, prefix: false }).map((r) => r.id as number), 'typo');
    }
    // The last word as a prefix (type-ahead).
    if (!settled('prefix')) {
      const prefix = (term: string, i: number, terms: string[]) => i === terms.length - 1 && term.length >= 2;
      note(this.words.search(joined(q.words), { combineWith: 'AND', fuzzy: false, prefix }).map((r) => r.id as number), 'prefix');
    }

    const best = new Map<string, NameMatch>();
    const queryLetters = q.words.join('').length;
    for (const [n, why] of found) {
      const entry = this.entries.get(n)!;
      if (kinds && !kinds.has(entry.kind)) continue;
      const closeness = Math.min(1, queryLetters / Math.max(1, entry.keys.words.join('').length));
      const match: NameMatch = { id: entry.entityId, kind: entry.kind, matchedName: entry.label, why, closeness };
      const previous = best.get(entry.entityId);
      if (!previous || compareMatches(match, previous) < 0) best.set(entry.entityId, match);
    }
    return [...best.values()].sort(compareMatches).slice(0, options.limit);
  }
}

function rank(why: MatchReason): number {
  return MATCH_REASONS.indexOf(why);
}

/** Whether every word of the text sounds like, and is spelt close to, some word of the name. */
function everyWordSoundsLike(textVariants: readonly string[], nameVariants: readonly string[]): boolean {
  return textVariants.every((t) => nameVariants.some((v) => soundsLike(t, v)));
}

/** Entries that have, for every one of `keys`, a word with that key. */
function everyWord(keys: readonly string[], index: Map<string, Set<number>>): Set<number> {
  const sets: Set<number>[] = [];
  for (const key of new Set(keys)) {
    const hits = index.get(key);
    if (!hits) return new Set();
    sets.push(hits);
  }
  // Start from the rarest word, so a common one ("minister") costs only lookups.
  sets.sort((a, b) => a.size - b.size);
  let result = new Set<number>(sets[0] ?? []);
  for (const hits of sets.slice(1)) result = new Set([...result].filter((n) => hits.has(n)));
  return result;
}

function addTo(map: Map<string, Set<number>>, key: string, n: number): void {
  const slot = map.get(key);
  if (slot) slot.add(n);
  else map.set(key, new Set([n]));
}

function dropFrom(map: Map<string, Set<number>>, key: string, n: number): void {
  const slot = map.get(key);
  if (!slot) return;
  slot.delete(n);
  if (slot.size === 0) map.delete(key);
}
