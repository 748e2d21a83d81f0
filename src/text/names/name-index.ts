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

/** Letters counted in a sealed list's order; longer names sort as this long (and never stop a walk). */
const SEALED_LETTERS_MAX = 511;

/** Entities or names taken in one piece when an image is read (fromImage), between pauses. */
const IMAGE_SLICE = 20_000;

const ALIAS_FLAG = 1;
const LIVE_FLAG = 2;

/**
 * An index as plain data, to move it between threads: the typed arrays travel without copying (transferred); the
 * names and ids do not travel at all, since the receiver holds the entities the index was built from.
 */
export interface NameIndexImage {
  columns: Int32Array<ArrayBuffer>[];
  arrays: Int32Array<ArrayBuffer>[];
  words: string[];
  keys: string[][];
  kinds: string[];
  counts: { liveEntries: number; deadEntries: number; sealedBelow: number };
}

/** The labels an entity's names are made from, numbered: its name, then each distinct alias other than the name. */
function labelsOf(entity: NamedEntity): { label: string; isAlias: boolean }[] {
  return [{ label: entity.name, isAlias: false }, ...[...new Set(entity.aliases)].filter((a) => a !== entity.name).map((label) => ({ label, isAlias: true }))];
}

/** Distinct strings numbered in order of arrival. */
class Dictionary {
  readonly ids = new Map<string, number>();
  readonly texts: string[] = [];

  /** Takes over `texts` (an image's), numbered in their order. */
  load(texts: readonly string[]): void {
    this.ids.clear();
    this.texts.length = 0;
    for (const text of texts) this.id(text);
  }

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

/** A found entity in the running best: its reason, closeness and best name so far. */
interface Ranked {
  slot: number;
  why: number;
  closeness: number;
  entry: number;
}

/**
 * The matches one search has found so far: the best reason per name and per entity, entities per reason, and the
 * `limit` best entities (reason, closeness, id), which tell a walk down a sorted posting list when to stop.
 */
class Found {
  readonly entryReason = new Map<number, number>();
  readonly entityReason = new Map<number, number>();
  readonly perReason = new Array<number>(MATCH_REASONS.length).fill(0);
  readonly top: Ranked[] = [];

  constructor(
    private readonly limit: number,
    readonly queryLetters: number,
    private readonly keep: (slot: number) => boolean,
    private readonly entityOf: Int32Array,
    private readonly letters: Int32Array,
    private readonly ids: readonly string[],
  ) {}

  closeness(entry: number): number {
    return Math.min(1, this.queryLetters / Math.max(1, this.letters[entry]!));
  }

  note(entry: number, why: number): void {
    // A name that cannot enter the best changes nothing: the best are `limit` entities at least as strong, so
    // every stage it could make skippable is skippable already.
    if (this.beyond(entry, why)) return;
    const previous = this.entryReason.get(entry);
    if (previous !== undefined && previous <= why) return;
    this.entryReason.set(entry, why);
    const slot = this.entityOf[entry]!;
    if (!this.keep(slot)) return;
    const best = this.entityReason.get(slot);
    if (best === undefined || why < best) {
      if (best !== undefined) this.perReason[best]!--;
      this.entityReason.set(slot, why);
      this.perReason[why]!++;
    }
    this.rank({ slot, why, closeness: this.closeness(entry), entry });
  }

  /** Whether `limit` entities have a reason stronger than `why`: a weaker stage cannot change the answer. */
  settled(why: number): boolean {
    let n = 0;
    for (let r = 0; r < why; r++) n += this.perReason[r]!;
    return n >= this.limit;
  }

  /** Whether a name of `entry`'s letters and entity, found for `why`, could no longer enter the best. */
  beyond(entry: number, why: number): boolean {
    if (this.limit <= 0) return true;
    if (this.top.length < this.limit) return false;
    return this.before(this.top[this.top.length - 1]!, { slot: this.entityOf[entry]!, why, closeness: this.closeness(entry), entry });
  }

  /** Strictly before: stronger reason, then closer, then smaller id, then (one entity's names) the shorter. */
  private before(a: Ranked, b: Ranked): boolean {
    if (a.why !== b.why) return a.why < b.why;
    if (a.closeness !== b.closeness) return a.closeness > b.closeness;
    if (a.slot !== b.slot) return this.ids[a.slot]! < this.ids[b.slot]!;
    return this.letters[a.entry]! < this.letters[b.entry]!;
  }

  /** Keeps `top` sorted and bounded, one place per entity (its best name). */
  private rank(candidate: Ranked): void {
    if (this.limit <= 0) return;
    const top = this.top;
    const held = top.findIndex((r) => r.slot === candidate.slot);
    if (held >= 0) {
      if (!this.before(candidate, top[held]!)) return;
      top.splice(held, 1);
    } else if (top.length === this.limit && !this.before(candidate, top[top.length - 1]!)) return;
    let at = top.length;
    while (at > 0 && this.before(candidate, top[at - 1]!)) at--;
    top.splice(at, 0, candidate);
    if (top.length > this.limit) top.pop();
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
  /** Per word: how many living names hold it. */
  private readonly wordLive = new IntColumn();
  // ---- sealed posting lists: per word, its names sorted by letters then entity id (see seal())
  private sealedStart = new Int32Array(1);
  private sealedEntries = new Int32Array(0);
  /** Names numbered below this are in the sealed lists; later ones only in the recent chains. */
  private sealedBelow = 0;
  // ---- recent posting chains (names added since the last seal): per word its first node; per node a name and the next node
  private readonly wordHead = new IntColumn();
  private nodeEntry = new IntColumn();
  private nodeNext = new IntColumn();
  // ---- names (entries): entity slot, flags, letters, words
  private readonly entryEntity = new IntColumn();
  private readonly entryFlags = new IntColumn();
  private readonly entryLetters = new IntColumn();
  private readonly entryWordStart = new IntColumn();
  private readonly entryWordCount = new IntColumn();
  private readonly entryLabels: string[] = [];
  /** Per name: its number among its entity's labels (labelsOf), so an image's receiver finds the text itself. */
  private readonly entryLabelNumber = new IntColumn();
  private readonly wordPool = new IntColumn();
  private liveEntries = 0;
  private deadEntries = 0;
  // ---- whole-name hash chains
  private wholeHead: Int32Array<ArrayBuffer>[] = Array.from({ length: WHOLE_KINDS }, () => new Int32Array(16).fill(-1));
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
    for (const e of entities) this.add(e);
    this.seal();
  }

  /** Number of entities indexed. */
  get size(): number {
    return this.slotOf.size;
  }

  /** Adds an entity, or replaces what the index held for its id (names and aliases as given now). */
  put(entity: NamedEntity): void {
    this.add(entity);
    this.compactWhenSparse();
  }

  private add(entity: NamedEntity): void {
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
    labelsOf(entity).forEach(({ label, isAlias }, number) => {
      const words = latinWords(label);
      if (words.length > 0) this.addEntry(slot, label, number, isAlias, words.map((w) => this.wordId(w)));
    });
    this.entityFirst.data[slot] = first;
    this.entityCount.data[slot] = this.entryEntity.length - first;
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
    this.sealWhenMany();
    const q = this.query(words);
    const otherScript = hasOtherScript(text);
    const arabic = hasArabicScript(text);
    const kindIds = options.kinds && options.kinds.length > 0 ? new Set(options.kinds.map((k) => this.kinds.ids.get(k) ?? -1)) : null;
    const kindOf = this.entityKind.data;
    const found = new Found(options.limit, q.letters, kindIds ? (slot) => kindIds.has(kindOf[slot]!) : () => true, this.entryEntity.data, this.entryLetters.data, this.entityIds);
    const note = (why: number) => (entry: number) => found.note(entry, why);

    // Whole names: the text is the name or an alias (in another script, a transliteration: a variant).
    this.wholeMatches(WHOLE_WORDS, q, (e) => found.note(e, otherScript ? VARIANT : this.entryFlags.data[e]! & ALIAS_FLAG ? ALIAS : EXACT));
    // Words: every word of the text is a whole word of the name.
    if (!found.settled(WORD)) {
      const why = otherScript ? VARIANT : WORD;
      this.everyGroup(distinct(q.wordIds).map((w) => (w < 0 ? [] : [w])), found, why, note(why));
    }
    if (!found.settled(VARIANT)) {
      this.wholeMatches(1 + VARIANT_KEY, q, note(VARIANT));
      // Words run together or split by a dash: "Amirabdollahian" / "Amir-Abdollahian".
      this.wholeMatches(WHOLE_COMPACT, q, note(VARIANT));
      if (arabic) this.wholeMatches(1 + SKELETON_KEY, q, note(VARIANT));
      this.everyGroup(this.keyGroups(VARIANT_KEY, q), found, VARIANT, note(VARIANT));
      if (arabic) this.everyGroup(this.keyGroups(SKELETON_KEY, q), found, VARIANT, note(VARIANT));
    }
    if (!found.settled(TYPO)) {
      // The same sound, and spelt close enough word for word (not "Hossein" for "Hassan"); then one or two edits.
      const alike = this.soundsAlike(q);
      const typo = note(TYPO);
      this.wholeMatches(1 + PHONETIC_KEY, q, (e) => alike(e) && typo(e));
      this.everyGroup(this.keyGroups(PHONETIC_KEY, q), found, TYPO, (e) => alike(e) && typo(e));
      const groups = distinctWords(q.words).map((w) => {
        const edits = typoEdits(w.length);
        return edits ? [...this.wordTree.fuzzyGet(w, edits).values()].map(([id]) => id) : this.exactGroup(w);
      });
      this.everyGroup(groups, found, TYPO, typo);
    }
    // The last word as a prefix (type-ahead).
    if (!found.settled(PREFIX)) {
      const last = q.words.length - 1;
      const groups = q.words.map((w, i) => (i === last && w.length >= 2 ? [...this.wordTree.atPrefix(w).values()] : this.exactGroup(w)));
      this.everyGroup(distinctGroups(groups), found, PREFIX, note(PREFIX));
    }
    return found.top.map(({ slot, why, closeness, entry }) => ({
      id: this.entityIds[slot]!,
      kind: this.kinds.texts[this.entityKind.data[slot]!]!,
      matchedName: this.entryLabels[entry]!,
      why: MATCH_REASONS[why]!,
      closeness,
    }));
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

  private addEntry(slot: number, label: string, labelNumber: number, isAlias: boolean, wordIds: readonly number[]): void {
    const entry = this.entryEntity.push(slot);
    this.entryFlags.push((isAlias ? ALIAS_FLAG : 0) | LIVE_FLAG);
    this.entryLabels.push(label);
    this.entryLabelNumber.push(labelNumber);
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
      const hash = k === WHOLE_COMPACT ? hashText(this.compactOf(entry)) : this.wholeHashOf(k, entry);
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
    if (this.deadEntries >= 1024 && this.deadEntries >= this.liveEntries) this.compact();
  }

  /** Before a search: recent chains holding more than an eighth of the sealed names are sealed (they are walked whole). */
  private sealWhenMany(): void {
    if (this.entryEntity.length - this.sealedBelow > Math.max(4096, this.sealedBelow / 8)) this.seal();
  }

  private compact(): void {
    const old = {
      flags: this.entryFlags.data.slice(0, this.entryFlags.length),
      start: this.entryWordStart.data.slice(0, this.entryWordStart.length),
      count: this.entryWordCount.data.slice(0, this.entryWordCount.length),
      pool: this.wordPool.data.slice(0, this.wordPool.length),
      labels: this.entryLabels.splice(0),
      labelNumbers: this.entryLabelNumber.data.slice(0, this.entryLabelNumber.length),
    };
    for (const column of [this.entryEntity, this.entryFlags, this.entryLetters, this.entryWordStart, this.entryWordCount, this.entryLabelNumber, this.wordPool, ...this.wholeHash, ...this.wholeNext]) column.clear();
    this.wordLive.data.fill(0);
    this.wholeHead = this.wholeHead.map((h) => h.fill(-1));
    this.liveEntries = 0;
    this.deadEntries = 0;
    this.sealedBelow = 0;
    this.sealedStart = new Int32Array(1);
    this.sealedEntries = new Int32Array(0);
    this.clearChains();
    for (let slot = 0; slot < this.entityIds.length; slot++) {
      const first = this.entityFirst.data[slot]!;
      const count = this.entityCount.data[slot]!;
      this.entityFirst.data[slot] = this.entryEntity.length;
      for (let e = first; e < first + count; e++) {
        if (!(old.flags[e]! & LIVE_FLAG)) continue;
        this.addEntry(slot, old.labels[e]!, old.labelNumbers[e]!, (old.flags[e]! & ALIAS_FLAG) !== 0, Array.from(old.pool.subarray(old.start[e]!, old.start[e]! + old.count[e]!)));
      }
      this.entityCount.data[slot] = this.entryEntity.length - this.entityFirst.data[slot]!;
    }
    this.seal();
  }

  private clearChains(): void {
    // New columns, not cleared ones: after a build the chains held every posting, tens of MB no longer needed.
    this.nodeEntry = new IntColumn();
    this.nodeNext = new IntColumn();
    this.wordHead.data.fill(-1);
  }

  /**
   * Moves every living name into the sealed posting lists (done by the constructor, by a search when many names
   * were added since, and by whoever built the index name by name, e.g. in a worker), each word's sorted by the name's letters, then its
   * entity's id: the order a search ranks names of one reason in, so a walk can stop after the best few.
   */
  seal(): void {
    const entries = this.entryEntity.length;
    if (entries >= 2 ** 22 || this.entityIds.length >= 2 ** 22) return; // the sort key below holds 22 bits of each
    // Entities ranked by id (the order ties are broken in).
    const order = Array.from(this.entityIds.keys()).sort((a, b) => (this.entityIds[a]! < this.entityIds[b]! ? -1 : this.entityIds[a]! > this.entityIds[b]! ? 1 : 0));
    const rankOf = new Int32Array(this.entityIds.length);
    order.forEach((slot, rank) => (rankOf[slot] = rank));
    const flags = this.entryFlags.data;
    const words = this.words.texts.length;
    const start = new Int32Array(words + 1);
    const distinctOf = (e: number) => distinct(this.entryWords(e));
    for (let e = 0; e < entries; e++) if (flags[e]! & LIVE_FLAG) for (const w of distinctOf(e)) start[w + 1]!++;
    for (let w = 0; w < words; w++) start[w + 1]! += start[w]!;
    // One number per posting: letters (9 bits), entity rank (22), name (22): sorted natively, then the name kept.
    const keys = new Float64Array(start[words]!);
    const fill = start.slice(0, words);
    const letters = this.entryLetters.data;
    const entityOf = this.entryEntity.data;
    for (let e = 0; e < entries; e++) {
      if (!(flags[e]! & LIVE_FLAG)) continue;
      const key = (Math.min(letters[e]!, SEALED_LETTERS_MAX) * 2 ** 22 + rankOf[entityOf[e]!]!) * 2 ** 22 + e;
      for (const w of distinctOf(e)) keys[fill[w]!++] = key;
    }
    for (let w = 0; w < words; w++) keys.subarray(start[w]!, start[w + 1]!).sort();
    this.sealedEntries = Int32Array.from(keys, (k) => k % 2 ** 22);
    this.sealedStart = start;
    this.sealedBelow = entries;
    this.clearChains();
  }

  // ---- images (a build in a worker, handed to the thread that searches)

  /** Every growable column, in one fixed order: an image lists them in it. */
  private growable(): IntColumn[] {
    return [
      ...this.wordKey,
      ...this.wordNextSameKey,
      ...this.keyHead,
      this.wordLive,
      this.wordHead,
      this.nodeEntry,
      this.nodeNext,
      this.entryEntity,
      this.entryFlags,
      this.entryLetters,
      this.entryWordStart,
      this.entryWordCount,
      this.entryLabelNumber,
      this.wordPool,
      ...this.wholeHash,
      ...this.wholeNext,
      this.entityKind,
      this.entityFirst,
      this.entityCount,
    ];
  }

  /**
   * The index as an image, sealed first; the arrays are copies cut to length, ready to be transferred. Only for an
   * index built by put() alone from the entities its receiver will hold (a removed entity's id is not in it).
   */
  image(): NameIndexImage {
    this.seal();
    return {
      columns: this.growable().map((c) => c.data.slice(0, c.length)),
      arrays: [this.sealedStart, this.sealedEntries, ...this.wholeHead].map((a) => a.slice()),
      words: this.words.texts,
      keys: this.keys.map((k) => k.texts),
      kinds: this.kinds.texts,
      counts: { liveEntries: this.liveEntries, deadEntries: this.deadEntries, sealedBelow: this.sealedBelow },
    };
  }

  /**
   * The index an image describes, given the entities it was built from, in the order they were put (ids and names
   * are taken from them, not copied): slots are given as put() gives them, the last put of an id wins. Awaits
   * `pause` between slices of the work, so a million entities do not hold the thread in one piece.
   */
  static async fromImage(image: NameIndexImage, entities: readonly NamedEntity[], pause: () => Promise<void> = async () => undefined): Promise<NameSearchIndex> {
    const index = new NameSearchIndex();
    index.growable().forEach((column, i) => {
      column.data = image.columns[i]!.length > 0 ? image.columns[i]! : new Int32Array(1);
      column.length = image.columns[i]!.length;
    });
    [index.sealedStart, index.sealedEntries] = image.arrays;
    index.wholeHead = image.arrays.slice(2);
    index.words.load(image.words);
    for (const word of image.words) index.wordTree.set(word, index.words.ids.get(word)!);
    image.keys.forEach((texts, k) => index.keys[k]!.load(texts));
    index.kinds.load(image.kinds);
    ({ liveEntries: index.liveEntries, deadEntries: index.deadEntries, sealedBelow: index.sealedBelow } = image.counts);
    const last: NamedEntity[] = [];
    for (let from = 0; from < entities.length; from += IMAGE_SLICE) {
      await pause();
      for (const entity of entities.slice(from, from + IMAGE_SLICE)) {
        let slot = index.slotOf.get(entity.id);
        if (slot === undefined) {
          slot = index.entityIds.length;
          index.slotOf.set(entity.id, slot);
          index.entityIds.push(entity.id);
        }
        last[slot] = entity;
      }
    }
    if (index.entityIds.length !== index.entityKind.length) throw new Error(`the name index image holds ${index.entityKind.length} entities, but ${index.entityIds.length} were given`);
    const numbers = index.entryLabelNumber.data;
    const entityOf = index.entryEntity.data;
    for (let from = 0; from < index.entryEntity.length; from += IMAGE_SLICE) {
      await pause();
      for (let e = from; e < Math.min(from + IMAGE_SLICE, index.entryEntity.length); e++) {
        const entity = last[entityOf[e]!]!;
        const number = numbers[e]!;
        index.entryLabels.push(number === 0 ? entity.name : labelsOf(entity)[number]!.label);
      }
    }
    return index;
  }

  // ---- reading

  private entryWords(entry: number): Int32Array {
    const start = this.entryWordStart.data[entry]!;
    return this.wordPool.data.subarray(start, start + this.entryWordCount.data[entry]!);
  }

  /** The hash of a name's whole key of `kind` (its words, or one of their keys: 1 + key), as hashInts of those ids. */
  private wholeHashOf(kind: number, entry: number): number {
    const pool = this.wordPool.data;
    const start = this.entryWordStart.data[entry]!;
    const count = this.entryWordCount.data[entry]!;
    const keyOf = kind === WHOLE_WORDS ? null : this.wordKey[kind - 1]!.data;
    let h = hashStart(count);
    for (let i = start; i < start + count; i++) h = hashStep(h, keyOf ? keyOf[pool[i]!]! : pool[i]!);
    return hashEnd(h);
  }

  /** Whether a name's whole key of `kind` is exactly these ids. */
  private wholeIs(kind: number, entry: number, ids: readonly number[]): boolean {
    const count = this.entryWordCount.data[entry]!;
    if (count !== ids.length) return false;
    const pool = this.wordPool.data;
    const start = this.entryWordStart.data[entry]!;
    const keyOf = kind === WHOLE_WORDS ? null : this.wordKey[kind - 1]!.data;
    for (let i = 0; i < count; i++) if ((keyOf ? keyOf[pool[start + i]!]! : pool[start + i]!) !== ids[i]) return false;
    return true;
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
      if (kind === WHOLE_COMPACT ? this.compactOf(e) === compact : this.wholeIs(kind, e, ids)) visit(e);
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

  /**
   * Visits the living names that hold, for every group, some word of it (a name may be visited more than once),
   * found for `why`. A sealed list is walked in its order (letters, then entity id) and left as soon as its names
   * can no longer enter the best found so far; the recent chains are walked whole.
   */
  private everyGroup(groups: number[][], found: Found, why: number, visit: (entry: number) => void): void {
    if (groups.length === 0) return;
    const live = this.wordLive.data;
    const sizes = groups.map((g) => g.reduce((n, w) => n + live[w]!, 0));
    // Start from the rarest group, so a common word ("minister") costs only membership checks.
    let rarest = 0;
    for (let i = 1; i < groups.length; i++) if (sizes[i]! < sizes[rarest]!) rarest = i;
    if (sizes[rarest] === 0) return;
    const others = groups.filter((_, i) => i !== rarest).map((g) => (g.length > 8 ? new Set(g) : g));
    const flags = this.entryFlags.data;
    const letters = this.entryLetters.data;
    const holds = (e: number) => {
      if (!(flags[e]! & LIVE_FLAG)) return false;
      if (others.length === 0) return true;
      const words = this.entryWords(e);
      return others.every((g) => (g instanceof Set ? words.some((x) => g.has(x)) : words.some((x) => g.includes(x))));
    };
    const sealed = this.sealedEntries;
    const queryLetters = found.queryLetters;
    for (const w of groups[rarest]!) {
      if (w < this.sealedStart.length - 1) {
        const end = this.sealedStart[w + 1]!;
        for (let i = this.sealedStart[w]!; i < end; i++) {
          const e = sealed[i]!;
          const length = letters[e]!;
          if (length < SEALED_LETTERS_MAX && found.beyond(e, why)) {
            // From here on names are no shorter and, at equal length, of larger ids: once one cannot enter the best,
            // none after it can. Names no longer than the text are all fully covered (closeness 1), so a longer
            // one may still enter: skip only the rest of this length.
            if (length >= queryLetters) break;
            i = firstLonger(sealed, letters, i, end, length) - 1;
            continue;
          }
          if (holds(e)) visit(e);
        }
      }
      const nodeEntry = this.nodeEntry.data;
      const nodeNext = this.nodeNext.data;
      for (let node = this.wordHead.data[w]!; node >= 0; node = nodeNext[node]!) {
        const e = nodeEntry[node]!;
        if (holds(e)) visit(e);
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

/** The first position in `list[from, end)` (sorted by letters) whose name is longer than `length`. */
function firstLonger(list: Int32Array, letters: Int32Array, from: number, end: number, length: number): number {
  let [lo, hi] = [from, end];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (letters[list[mid]!]! <= length) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** FNV-1a over 32-bit ids, mixed: where a whole-name key is looked for (hits are checked, collisions cost a comparison). */
function hashInts(ids: readonly number[]): number {
  let h = hashStart(ids.length);
  for (const id of ids) h = hashStep(h, id);
  return hashEnd(h);
}

const hashStart = (count: number) => 0x811c9dc5 ^ count;
function hashStep(h: number, id: number): number {
  const mixed = Math.imul(h ^ id, 0x01000193);
  return mixed ^ (mixed >>> 15);
}
const hashEnd = (h: number) => h & 0x7fffffff;

function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 15)) & 0x7fffffff;
}
