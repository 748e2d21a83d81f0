/**
 * The name index: every entity's name and aliases under the keys of ./name-keys.ts. A match says why it matched,
 * strongest first: exact (the name), alias (an alias), word (every word of the text is a whole word of a name, e.g.
 * a person's family name alone), variant (a romanisation variant, a transliteration from Cyrillic or Persian script,
 * or a phonetic match), typo (one or two edits, scaled by word length), prefix (the last word being typed).
 *
 * Compact by construction (a million names in a few hundred MB, scripts/bench-names.ts): keys are computed once per
 * distinct word, not per name; a name is a run of word ids; each word has a posting list of the names holding it,
 * and the words sharing a variant, phonetic or skeleton key are chained; whole-name keys are hash chains whose hits
 * are checked against the words. All of it lives in typed arrays (./int-column.ts). Typos and prefixes are found
 * over the distinct words only, by MiniSearch's radix tree. A removed name is marked dead and skipped; the arrays
 * are compacted once the dead outnumber the living.
 */
import SearchableMap = require('minisearch/SearchableMap');
import { hasArabicScript, hasOtherScript, latinWords, phoneticWord, skeletonWord, soundsLike, typoEdits, variantWord } from './name-keys';
import { IntColumn } from './int-column';

/** Why a name matched, strongest first. */
export const MATCH_REASONS = ['exact', 'alias', 'word', 'variant', 'typo', 'prefix'] as const;
export type MatchReason = (typeof MATCH_REASONS)[number];

/** An entity as the index knows it: id, kind and the names it goes by. */
export interface NamedEntity {
  id: string;
  kind: string;
  name: string;
  aliases: readonly string[];
}

/** One entity found by the index. */
export interface NameMatch {
  id: string;
  kind: string;
  /** The name or alias that matched, as written in the graph. */
  matchedName: string;
  why: MatchReason;
  /** Within one reason, 0..1: how much of the matched name the text covers (shorter names first). */
  closeness: number;
}

/** Search options: kinds to keep (all when absent) and how many matches at most. */
export interface NameSearchOptions {
  kinds?: readonly string[];
  limit: number;
}

const [EXACT, ALIAS, WORD, VARIANT, TYPO, PREFIX] = [0, 1, 2, 3, 4, 5] as const;

/** Per-word keys, in this order in `wordKey` and `keys`. */
const VARIANT_KEY = 0;
const PHONETIC_KEY = 1;
const SKELETON_KEY = 2;

/** Whole-name keys, one hash chain each: the words, their variant, phonetic and skeleton keys, the variants run together. */
const WHOLE_WORDS = 0;
const WHOLE_COMPACT = 4;
const WHOLE_KINDS = 5;

const ALIAS_FLAG = 1;
const LIVE_FLAG = 2;

/** Distinct strings numbered in order of arrival. */
class Dictionary {
  readonly ids = new Map<string, number>();
  readonly texts: string[] = [];

  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.ids.set(text, id);
      this.texts.push(text);
    }
    return id;
  }
}

/** The query's keys as ids in the index's dictionaries (-1: no name has that key, so nothing matches through it). */
interface Query {
  words: string[];
  variants: string[];
  wordIds: number[];
  /** Per-word key ids, by VARIANT_KEY, PHONETIC_KEY, SKELETON_KEY. */
  keyIds: number[][];
  letters: number;
}

/** The matches one search has found so far: the best reason per name and per entity, and entities per reason. */
class Found {
  readonly entryReason: Uint8Array;
  readonly entities: number[] = [];
  readonly entityReason: Uint8Array;
  readonly perReason = new Array<number>(MATCH_REASONS.length).fill(0);

  constructor(
    entries: number,
    slots: number,
    private readonly keep: (slot: number) => boolean,
    private readonly entityOf: Int32Array,
  ) {
    // 0 is "not found"; a reason is stored as its rank + 1.
    this.entryReason = new Uint8Array(entries);
    this.entityReason = new Uint8Array(slots);
  }

  note(entry: number, why: number): void {
    const previous = this.entryReason[entry]!;
    if (previous !== 0 && previous <= why + 1) return;
    this.entryReason[entry] = why + 1;
    const slot = this.entityOf[entry]!;
    if (!this.keep(slot)) return;
    const best = this.entityReason[slot]!;
    if (best === 0) this.entities.push(slot);
    else if (best <= why + 1) return;
    else this.perReason[best - 1]!--;
    this.entityReason[slot] = why + 1;
    this.perReason[why]!++;
  }

  /** Whether `limit` entities have a reason stronger than `why`: a weaker stage cannot change the answer. */
  settled(why: number, limit: number): boolean {
    let n = 0;
    for (let r = 0; r < why; r++) n += this.perReason[r]!;
    return n >= limit;
  }
}

export class NameSearchIndex {
  // ---- distinct words and their keys
  private readonly words = new Dictionary();
  /** Word → id, for typos (fuzzy lookups) and type-ahead (prefix lookups) over the distinct words. */
  private readonly wordTree = new SearchableMap<number>();
  /** Per word: its variant, phonetic and skeleton key ids. */
  private readonly wordKey = [new IntColumn(), new IntColumn(), new IntColumn()];
  /** Per word: the next word with the same key (a chain per key, starting at `keyHead`). */
  private readonly wordNextSameKey = [new IntColumn(), new IntColumn(), new IntColumn()];
  private readonly keys = [new Dictionary(), new Dictionary(), new Dictionary()];
  private readonly keyHead = [new IntColumn(), new IntColumn(), new IntColumn()];
  /** Per word: first node of its posting list, and how many living names hold it. */
  private readonly wordHead = new IntColumn();
  private readonly wordLive = new IntColumn();
  // ---- posting nodes: a name holding a word, and the next node of that word
  private readonly nodeEntry = new IntColumn();
  private readonly nodeNext = new IntColumn();
  // ---- names (entries): entity slot, flags, letters, words
  private readonly entryEntity = new IntColumn();
  private readonly entryFlags = new IntColumn();
  private readonly entryLetters = new IntColumn();
  private readonly entryWordStart = new IntColumn();
  private readonly entryWordCount = new IntColumn();
  private readonly entryLabels: string[] = [];
  private readonly wordPool = new IntColumn();
  private liveEntries = 0;
  private deadEntries = 0;
  // ---- whole-name hash chains
  private wholeHead: Int32Array[] = Array.from({ length: WHOLE_KINDS }, () => new Int32Array(16).fill(-1));
  private readonly wholeHash = Array.from({ length: WHOLE_KINDS }, () => new IntColumn());
  private readonly wholeNext = Array.from({ length: WHOLE_KINDS }, () => new IntColumn());
  // ---- entities: one slot per id, their names contiguous from entityFirst
  private readonly slotOf = new Map<string, number>();
  private readonly entityIds: string[] = [];
  private readonly entityKind = new IntColumn();
  private readonly entityFirst = new IntColumn();
  private readonly entityCount = new IntColumn();
  private readonly kinds = new Dictionary();

  constructor(entities: Iterable<NamedEntity> = []) {
    for (const e of entities) this.put(e);
  }

  /** Number of entities indexed. */
  get size(): number {
    return this.slotOf.size;
  }

  /** Adds an entity, or replaces what the index held for its id (names and aliases as given now). */
  put(entity: NamedEntity): void {
    let slot = this.slotOf.get(entity.id);
    if (slot === undefined) {
      slot = this.entityIds.length;
      this.slotOf.set(entity.id, slot);
      this.entityIds.push(entity.id);
      this.entityKind.push(0);
      this.entityFirst.push(0);
      this.entityCount.push(0);
    } else this.dropEntries(slot);
    this.entityKind.data[slot] = this.kinds.id(entity.kind);
    const first = this.entryEntity.length;
    const labels = [{ label: entity.name, isAlias: false }, ...[...new Set(entity.aliases)].filter((a) => a !== entity.name).map((label) => ({ label, isAlias: true }))];
    for (const { label, isAlias } of labels) {
      const words = latinWords(label);
      if (words.length > 0) this.addEntry(slot, label, isAlias, words.map((w) => this.wordId(w)));
    }
    this.entityFirst.data[slot] = first;
    this.entityCount.data[slot] = this.entryEntity.length - first;
    this.compactWhenSparse();
  }

  /** Forgets an entity. */
  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.dropEntries(slot);
    this.slotOf.delete(id);
    this.entityIds[slot] = '';
    this.entityCount.data[slot] = 0;
    this.compactWhenSparse();
  }

  /** Entities whose names match `text`, strongest reason first, then closest; one match per entity. */
  search(text: string, options: NameSearchOptions): NameMatch[] {
    const words = latinWords(text);
    if (words.length === 0) return [];
    const q = this.query(words);
    const otherScript = hasOtherScript(text);
    const arabic = hasArabicScript(text);
    const kindIds = options.kinds && options.kinds.length > 0 ? new Set(options.kinds.map((k) => this.kinds.ids.get(k) ?? -1)) : null;
    const kindOf = this.entityKind.data;
    const found = new Found(this.entryEntity.length, this.entityIds.length, kindIds ? (slot) => kindIds.has(kindOf[slot]!) : () => true, this.entryEntity.data);
    const limit = options.limit;
    const note = (why: number) => (entry: number) => found.note(entry, why);

    // Whole names: the text is the name or an alias (in another script, a transliteration: a variant).
    this.wholeMatches(WHOLE_WORDS, q, (e) => found.note(e, otherScript ? VARIANT : this.entryFlags.data[e]! & ALIAS_FLAG ? ALIAS : EXACT));
    // Words: every word of the text is a whole word of the name.
    if (!found.settled(WORD, limit)) this.everyGroup(distinct(q.wordIds).map((w) => (w < 0 ? [] : [w])), note(otherScript ? VARIANT : WORD));
    if (!found.settled(VARIANT, limit)) {
      this.wholeMatches(1 + VARIANT_KEY, q, note(VARIANT));
      // Words run together or split by a dash: "Amirabdollahian" / "Amir-Abdollahian".
      this.wholeMatches(WHOLE_COMPACT, q, note(VARIANT));
      if (arabic) this.wholeMatches(1 + SKELETON_KEY, q, note(VARIANT));
      this.everyGroup(this.keyGroups(VARIANT_KEY, q), note(VARIANT));
      if (arabic) this.everyGroup(this.keyGroups(SKELETON_KEY, q), note(VARIANT));
    }
    if (!found.settled(TYPO, limit)) {
      // The same sound, and spelt close enough word for word (not "Hossein" for "Hassan"); then one or two edits.
      const alike = this.soundsAlike(q);
      const typo = note(TYPO);
      this.wholeMatches(1 + PHONETIC_KEY, q, (e) => alike(e) && typo(e));
      this.everyGroup(this.keyGroups(PHONETIC_KEY, q), (e) => alike(e) && typo(e));
      this.everyGroup(
        distinctWords(q.words).map((w) => {
          const edits = typoEdits(w.length);
          return edits ? [...this.wordTree.fuzzyGet(w, edits).values()].map(([id]) => id) : this.exactGroup(w);
        }),
        typo,
      );
    }
    // The last word as a prefix (type-ahead).
    if (!found.settled(PREFIX, limit)) {
      const last = q.words.length - 1;
      const groups = q.words.map((w, i) => (i === last && w.length >= 2 ? [...this.wordTree.atPrefix(w).values()] : this.exactGroup(w)));
      this.everyGroup(distinctGroups(groups), note(PREFIX));
    }
    return this.best(found, q.letters, limit);
  }

  // ---- building

  private wordId(word: string): number {
    const known = this.words.ids.get(word);
    if (known !== undefined) return known;
    const id = this.words.id(word);
    this.wordTree.set(word, id);
    const keyTexts = [variantWord(word), phoneticWord(word), skeletonWord(word)];
    for (let k = 0; k < 3; k++) {
      const key = this.keys[k]!.id(keyTexts[k]!);
      if (key === this.keyHead[k]!.length) this.keyHead[k]!.push(-1);
      this.wordKey[k]!.push(key);
      this.wordNextSameKey[k]!.push(this.keyHead[k]!.data[key]!);
      this.keyHead[k]!.data[key] = id;
    }
    this.wordHead.push(-1);
    this.wordLive.push(0);
    return id;
  }

  private addEntry(slot: number, label: string, isAlias: boolean, wordIds: readonly number[]): void {
    const entry = this.entryEntity.push(slot);
    this.entryFlags.push((isAlias ? ALIAS_FLAG : 0) | LIVE_FLAG);
    this.entryLabels.push(label);
    this.entryWordStart.push(this.wordPool.length);
    this.entryWordCount.push(wordIds.length);
    let letters = 0;
    for (const w of wordIds) {
      this.wordPool.push(w);
      letters += this.words.texts[w]!.length;
    }
    this.entryLetters.push(letters);
    for (const w of distinct(wordIds)) {
      const node = this.nodeEntry.push(entry);
      this.nodeNext.push(this.wordHead.data[w]!);
      this.wordHead.data[w] = node;
      this.wordLive.data[w]!++;
    }
    if (this.entryEntity.length > this.wholeHead[0]!.length) this.rehash(this.wholeHead[0]!.length * 2);
    for (let k = 0; k < WHOLE_KINDS; k++) {
      const hash = k === WHOLE_COMPACT ? hashText(this.compactOf(entry)) : hashInts(this.wholeIds(k, entry));
      const head = this.wholeHead[k]!;
      const bucket = hash & (head.length - 1);
      this.wholeHash[k]!.push(hash);
      this.wholeNext[k]!.push(head[bucket]!);
      head[bucket] = entry;
    }
    this.liveEntries++;
  }

  private rehash(buckets: number): void {
    for (let k = 0; k < WHOLE_KINDS; k++) {
      const head = new Int32Array(buckets).fill(-1);
      const hashes = this.wholeHash[k]!.data;
      const next = this.wholeNext[k]!.data;
      for (let e = 0; e < this.wholeHash[k]!.length; e++) {
        const bucket = hashes[e]! & (buckets - 1);
        next[e] = head[bucket]!;
        head[bucket] = e;
      }
      this.wholeHead[k] = head;
    }
  }

  private dropEntries(slot: number): void {
    const first = this.entityFirst.data[slot]!;
    for (let e = first; e < first + this.entityCount.data[slot]!; e++) {
      if (!(this.entryFlags.data[e]! & LIVE_FLAG)) continue;
      this.entryFlags.data[e]! &= ~LIVE_FLAG;
      for (const w of distinct(this.entryWords(e))) this.wordLive.data[w]!--;
      this.liveEntries--;
      this.deadEntries++;
    }
    this.entityCount.data[slot] = 0;
  }

  /** Once removed names outnumber the living (and are many), the names, postings and chains are rebuilt without them. */
  private compactWhenSparse(): void {
    if (this.deadEntries < 1024 || this.deadEntries < this.liveEntries) return;
    const old = {
      flags: this.entryFlags.data.slice(0, this.entryFlags.length),
      start: this.entryWordStart.data.slice(0, this.entryWordStart.length),
      count: this.entryWordCount.data.slice(0, this.entryWordCount.length),
      pool: this.wordPool.data.slice(0, this.wordPool.length),
      labels: this.entryLabels.splice(0),
    };
    for (const column of [this.entryEntity, this.entryFlags, this.entryLetters, this.entryWordStart, this.entryWordCount, this.wordPool, this.nodeEntry, this.nodeNext, ...this.wholeHash, ...this.wholeNext]) column.clear();
    this.wordHead.data.fill(-1);
    this.wordLive.data.fill(0);
    this.wholeHead = this.wholeHead.map((h) => h.fill(-1));
    this.liveEntries = 0;
    this.deadEntries = 0;
    for (let slot = 0; slot < this.entityIds.length; slot++) {
      const first = this.entityFirst.data[slot]!;
      const count = this.entityCount.data[slot]!;
      this.entityFirst.data[slot] = this.entryEntity.length;
      for (let e = first; e < first + count; e++) {
        if (!(old.flags[e]! & LIVE_FLAG)) continue;
        this.addEntry(slot, old.labels[e]!, (old.flags[e]! & ALIAS_FLAG) !== 0, Array.from(old.pool.subarray(old.start[e]!, old.start[e]! + old.count[e]!)));
      }
      this.entityCount.data[slot] = this.entryEntity.length - this.entityFirst.data[slot]!;
    }
  }

  // ---- reading

  private entryWords(entry: number): Int32Array {
    const start = this.entryWordStart.data[entry]!;
    return this.wordPool.data.subarray(start, start + this.entryWordCount.data[entry]!);
  }

  /** The ids a whole-name key is made of: the words (WHOLE_WORDS) or one of their keys (1 + key). */
  private wholeIds(kind: number, entry: number): number[] {
    const words = this.entryWords(entry);
    if (kind === WHOLE_WORDS) return Array.from(words);
    const keyOf = this.wordKey[kind - 1]!.data;
    return Array.from(words, (w) => keyOf[w]!);
  }

  private compactOf(entry: number): string {
    const variants = this.keys[VARIANT_KEY]!.texts;
    const keyOf = this.wordKey[VARIANT_KEY]!.data;
    let out = '';
    for (const w of this.entryWords(entry)) out += variants[keyOf[w]!];
    return out;
  }

  private query(words: string[]): Query {
    const wordIds = words.map((w) => this.words.ids.get(w) ?? -1);
    const variants = words.map(variantWord);
    const keyTexts = [variants, words.map(phoneticWord), words.map(skeletonWord)];
    const keyIds = keyTexts.map((texts, k) => texts.map((t) => this.keys[k]!.ids.get(t) ?? -1));
    return { words, variants, wordIds, keyIds, letters: words.join('').length };
  }

  /** Living names whose whole key of `kind` equals the query's, checked word by word (a hash is only where to look). */
  private wholeMatches(kind: number, q: Query, visit: (entry: number) => void): void {
    const compact = kind === WHOLE_COMPACT ? q.variants.join('') : '';
    const ids = kind === WHOLE_WORDS ? q.wordIds : kind === WHOLE_COMPACT ? [] : q.keyIds[kind - 1]!;
    if (ids.some((id) => id < 0)) return;
    const hash = kind === WHOLE_COMPACT ? hashText(compact) : hashInts(ids);
    const head = this.wholeHead[kind]!;
    const hashes = this.wholeHash[kind]!.data;
    const next = this.wholeNext[kind]!.data;
    for (let e = head[hash & (head.length - 1)]!; e >= 0; e = next[e]!) {
      if (hashes[e] !== hash || !(this.entryFlags.data[e]! & LIVE_FLAG)) continue;
      if (kind === WHOLE_COMPACT ? this.compactOf(e) === compact : sameIds(this.wholeIds(kind, e), ids)) visit(e);
    }
  }

  private exactGroup(word: string): number[] {
    const id = this.words.ids.get(word);
    return id === undefined ? [] : [id];
  }

  /** For each distinct key of the query's words: the words having that key. */
  private keyGroups(key: number, q: Query): number[][] {
    return distinct(q.keyIds[key]!).map((k) => {
      const group: number[] = [];
      if (k < 0) return group;
      const next = this.wordNextSameKey[key]!.data;
      for (let w = this.keyHead[key]!.data[k]!; w >= 0; w = next[w]!) group.push(w);
      return group;
    });
  }

  /** Visits the living names that hold, for every group, some word of it (a name may be visited more than once). */
  private everyGroup(groups: number[][], visit: (entry: number) => void): void {
    if (groups.length === 0) return;
    const live = this.wordLive.data;
    const sizes = groups.map((g) => g.reduce((n, w) => n + live[w]!, 0));
    // Start from the rarest group, so a common word ("minister") costs only membership checks.
    let rarest = 0;
    for (let i = 1; i < groups.length; i++) if (sizes[i]! < sizes[rarest]!) rarest = i;
    if (sizes[rarest] === 0) return;
    const others = groups.filter((_, i) => i !== rarest).map((g) => (g.length > 8 ? new Set(g) : g));
    const flags = this.entryFlags.data;
    const nodeEntry = this.nodeEntry.data;
    const nodeNext = this.nodeNext.data;
    for (const w of groups[rarest]!) {
      for (let node = this.wordHead.data[w]!; node >= 0; node = nodeNext[node]!) {
        const e = nodeEntry[node]!;
        if (!(flags[e]! & LIVE_FLAG)) continue;
        if (others.length > 0) {
          const words = this.entryWords(e);
          if (!others.every((g) => (g instanceof Set ? words.some((x) => g.has(x)) : words.some((x) => g.includes(x))))) continue;
        }
        visit(e);
      }
    }
  }

  /** Whether every word of the text sounds like, and is spelt close to, some word of the name (remembered per variant key). */
  private soundsAlike(q: Query): (entry: number) => boolean {
    const variants = this.keys[VARIANT_KEY]!.texts;
    const keyOf = this.wordKey[VARIANT_KEY]!.data;
    const memo = q.variants.map(() => new Map<number, boolean>());
    return (entry) => {
      const words = this.entryWords(entry);
      return q.variants.every((t, i) =>
        words.some((w) => {
          const key = keyOf[w]!;
          let alike = memo[i]!.get(key);
          if (alike === undefined) memo[i]!.set(key, (alike = soundsLike(t, variants[key]!)));
          return alike;
        }),
      );
    };
  }

  /** The `limit` best entities found: reason, then closeness, then id; each by its best name (closest; then the shortest, as closeness stops at 1; then the name before an alias). */
  private best(found: Found, queryLetters: number, limit: number): NameMatch[] {
    const top: NameMatch[] = [];
    if (limit <= 0) return top;
    for (const slot of found.entities) {
      const why = found.entityReason[slot]! - 1;
      let entry = -1;
      let closeness = -1;
      const first = this.entityFirst.data[slot]!;
      for (let e = first; e < first + this.entityCount.data[slot]!; e++) {
        if (found.entryReason[e] !== why + 1) continue;
        const c = Math.min(1, queryLetters / Math.max(1, this.entryLetters.data[e]!));
        if (c > closeness || (c === closeness && this.entryLetters.data[e]! < this.entryLetters.data[entry]!)) [entry, closeness] = [e, c];
      }
      const match: NameMatch = { id: this.entityIds[slot]!, kind: this.kinds.texts[this.entityKind.data[slot]!]!, matchedName: this.entryLabels[entry]!, why: MATCH_REASONS[why]!, closeness };
      if (top.length === limit && compareMatches(match, top[top.length - 1]!) >= 0) continue;
      // Kept sorted and bounded: a common name's thousands of namesakes cost one comparison each.
      let at = top.length;
      while (at > 0 && compareMatches(match, top[at - 1]!) < 0) at--;
      top.splice(at, 0, match);
      if (top.length > limit) top.pop();
    }
    return top;
  }
}

/** Orders matches: stronger reason first, then the closer name, then by id for a stable order. */
export function compareMatches(a: NameMatch, b: NameMatch): number {
  return rank(a.why) - rank(b.why) || b.closeness - a.closeness || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function rank(why: MatchReason): number {
  return MATCH_REASONS.indexOf(why);
}

function distinct(values: ArrayLike<number>): number[] {
  return [...new Set(Array.from(values))];
}

function distinctWords(words: readonly string[]): string[] {
  return [...new Set(words)];
}

/** Query groups, a group repeated once (the same word twice asks nothing more). */
function distinctGroups(groups: number[][]): number[][] {
  const seen = new Set<string>();
  return groups.filter((g) => {
    const key = g.join(',');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** FNV-1a over 32-bit ids, mixed: where a whole-name key is looked for (hits are checked, collisions cost a comparison). */
function hashInts(ids: readonly number[]): number {
  let h = 0x811c9dc5 ^ ids.length;
  for (const id of ids) {
    h = Math.imul(h ^ id, 0x01000193);
    h ^= h >>> 15;
  }
  return h & 0x7fffffff;
}

function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 15)) & 0x7fffffff;
}
