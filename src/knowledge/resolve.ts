/**
 * Entity resolution: the one place that decides whether an incoming entity is one the graph already holds.
 * Names are compared by their key (case, accents, dashes, punctuation, possessive 's, a leading "the" and,
 * for people, honorifics and titles removed), always within one kind. One match merges, several are refused.
 * Nothing weaker ever merges: a name alike by the name index's blocking keys (../text/names/blocking.ts: a
 * romanisation variant or another script, "Alexey Likhachov" / "Alexey Likhachev"; the same sound; a person's
 * family name, "Kazem Jalali" / "Jalali") creates the entity apart and reports the existing ones as possible
 * duplicates, for an analyst to decide; the duplicate review lists the same pairs afterwards.
 */
import type { DocumentProblem } from '../errors';
import type { EntityLabel } from '../graph/port';
import type { KindName } from '../ontology/ontology';
import { latinWords } from '../text/names/name-keys';
import { blockKeys, likenessHolds, likenessRank, type Likeness } from '../text/names/blocking';

/** A word of a name or a text, with where it sits in the original string. */
export interface NameToken {
  /** Folded form: lowercase, no accents, no apostrophes, possessive 's dropped; "&" becomes "and". */
  key: string;
  /** The characters as written. */
  raw: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+(?:['\u2018\u2019\u02BC][\p{L}\p{N}]+)*|&/gu;

/** Splits a name or a text into words; dashes, punctuation and spaces separate them. */
export function nameTokens(text: string): NameToken[] {
  const out: NameToken[] = [];
  for (const m of text.matchAll(WORD)) {
    const raw = m[0];
    out.push({ key: foldWord(raw), raw, start: m.index!, end: m.index! + raw.length });
  }
  return out;
}

function foldWord(raw: string): string {
  if (raw === '&') return 'and';
  return raw
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['\u2018\u2019\u02BC]s$/u, '')
    .replace(/['\u2018\u2019\u02BC]/gu, '');
}

/**
 * Honorifics and titles a person's name may carry ("President Vladimir Putin", "Dr. Ali Larijani"),
 * longest first so "deputy prime minister" goes before "minister".
 */
export const PERSON_TITLES: readonly string[] = [
  'first deputy prime minister',
  'deputy prime minister',
  'prime minister',
  'vice president',
  'deputy foreign minister',
  'foreign minister',
  'deputy minister',
  'minister',
  'president',
  'his excellency',
  'her excellency',
  'excellency',
  'secretary general',
  'secretary of state',
  'secretary',
  'ambassador',
  'envoy',
  'chancellor',
  'governor',
  'senator',
  'mayor',
  'general',
  'admiral',
  'colonel',
  'ayatollah',
  'sheikh',
  'imam',
  'king',
  'queen',
  'prince',
  'princess',
  'professor',
  'prof',
  'doctor',
  'dr',
  'sir',
  'dame',
  'lord',
  'lady',
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'hon',
].sort((a, b) => b.split(' ').length - a.split(' ').length);

const TITLE_WORDS = PERSON_TITLES.map((t) => t.split(' '));

/** The key words of a name: what two names must share, word for word, to be the same entity. */
export function nameKeyTokens(tokens: readonly string[], kind?: KindName): string[] {
  let words = [...tokens];
  if (words.length > 1 && words[0] === 'the') words = words.slice(1);
  if (kind === 'Person') {
    // Strip titles one after another ("Mr President …"), but never the whole name.
    for (let stripped = true; stripped; ) {
      stripped = false;
      for (const title of TITLE_WORDS) {
        if (words.length > title.length && title.every((w, i) => words[i] === w)) {
          words = words.slice(title.length);
          stripped = true;
          break;
        }
      }
    }
  }
  return words;
}

/** The resolution key of a name within a kind, e.g. `nameKey("President Vladimir Putin", "Person")` is "vladimir putin". */
export function nameKey(name: string, kind?: KindName): string {
  return nameKeyTokens(
    nameTokens(name).map((t) => t.key),
    kind,
  ).join(' ');
}

/** Names and aliases of the graph's entities, looked up by kind and key. */
export class NameIndex {
  private readonly byKindKey = new Map<string, Set<string>>();
  /** Kind + likeness + blocking key (../text/names/blocking.ts) → ids. */
  private readonly byKindBlock = new Map<string, Set<string>>();
  private readonly labels = new Map<string, EntityLabel>();

  constructor(entities: Iterable<EntityLabel> = []) {
    for (const e of entities) this.add(e);
  }

  /** Adds (or extends) an entity; its name and every alias become keys. */
  add(entity: EntityLabel): void {
    const previous = this.labels.get(entity.id);
    const merged: EntityLabel = previous
      ? { ...previous, aliases: [...new Set([...previous.aliases, ...(previous.name !== entity.name ? [entity.name] : []), ...entity.aliases])] }
      : { ...entity, aliases: [...entity.aliases] };
    this.labels.set(entity.id, merged);
    for (const label of [merged.name, ...merged.aliases]) {
      const key = nameKey(label, merged.kind);
      if (!key) continue;
      addId(this.byKindKey, `${merged.kind}\u0000${key}`, merged.id);
      for (const b of labelBlocks(label, merged.kind)) addId(this.byKindBlock, `${merged.kind}\u0000${b.why}\u0000${b.key}`, merged.id);
    }
  }

  /**
   * Entities of `kind` that `names` are alike by a blocking key, each with the strongest likeness and the
   * incoming name that showed it (a transliteration of the same name counts as a variant).
   */
  alike(kind: KindName, names: readonly string[]): Map<string, { why: Likeness; name: string }> {
    const found = new Map<string, { why: Likeness; name: string }>();
    for (const name of names) {
      const words = labelWords(name, kind);
      for (const b of blockKeys(words, kind === 'Person')) {
        const why: Likeness = b.why === 'same-name' ? 'variant' : b.why;
        for (const id of this.byKindBlock.get(`${kind}\u0000${b.why}\u0000${b.key}`) ?? []) {
          const e = this.labels.get(id)!;
          if (!e || ![e.name, ...e.aliases].some((label) => likenessHolds(b.why, words, labelWords(label, kind)))) continue;
          const previous = found.get(id);
          if (!previous || likenessRank(why) < likenessRank(previous.why)) found.set(id, { why, name });
        }
      }
    }
    return found;
  }

  get(id: string): EntityLabel | undefined {
    return this.labels.get(id);
  }

  has(id: string): boolean {
    return this.labels.has(id);
  }

  all(): IterableIterator<EntityLabel> {
    return this.labels.values();
  }

  /** Entities of `kind` one of whose names has the same key as one of `names`, with the name that matched. */
  match(kind: KindName, names: readonly string[]): Map<string, string> {
    const found = new Map<string, string>();
    for (const name of names) {
      const key = nameKey(name, kind);
      if (!key) continue;
      for (const id of this.byKindKey.get(`${kind}\u0000${key}`) ?? []) if (!found.has(id)) found.set(id, name);
    }
    return found;
  }
}

/** The key words of a name within a kind, as blocking takes them: titles stripped, transliterated. */
function labelWords(name: string, kind: KindName): string[] {
  return nameKeyTokens(latinWords(name), kind);
}

/** The blocking keys of a name within a kind. */
function labelBlocks(name: string, kind: KindName) {
  return blockKeys(labelWords(name, kind), kind === 'Person');
}

function addId(map: Map<string, Set<string>>, slot: string, id: string): void {
  const ids = map.get(slot) ?? new Set<string>();
  ids.add(id);
  map.set(slot, ids);
}

/** An entity of a facts document, before resolution. `at` names the record for error messages. */
export interface IncomingEntity {
  at: string;
  id?: string;
  kind: KindName;
  name: string;
  aliases: string[];
  /** Declared to be none of the graph's entities: resolution by name is skipped. */
  distinct?: boolean;
}

/** How one incoming entity was resolved. */
export interface Resolution {
  /** The record, e.g. `entities[3]`. */
  at: string;
  name: string;
  kind: KindName;
  /** The id the document gave, if any. */
  givenId: string | null;
  /** The id the entity has in the graph after this document. */
  id: string;
  /**
   * `known-id`: the document named an id the graph holds; `matched`: merged with an existing entity by name;
   * `new`: a new entity (its id given by the document or minted from its name).
   */
  outcome: 'known-id' | 'matched' | 'new';
  /** For `matched`: the incoming name or alias that matched, and the existing entity's name. */
  matchedOn: string | null;
  existingName: string | null;
  /** For `new`: entities of the same kind it may be (not merged; for review), with why. Absent when none. */
  possibleDuplicates?: PossibleDuplicate[];
}

/** An existing entity an incoming one may be, by a weaker match than merging takes. */
export interface PossibleDuplicate {
  id: string;
  name: string;
  /** `variant`: a romanisation variant or another script; `sound`: the names sound alike; `family-name`: a person's family name alone. */
  why: Exclude<Likeness, 'same-name'>;
}

/**
 * Resolves every incoming entity against the graph's names. Problems (ambiguity, an id of another kind,
 * the same entity twice) are returned, never guessed around.
 */
export function resolveEntities(incoming: readonly IncomingEntity[], graph: NameIndex): { resolutions: Resolution[]; problems: DocumentProblem[] } {
  const problems: DocumentProblem[] = [];
  const resolutions: Resolution[] = [];
  const taken = new Set<string>();
  const givenIds = new Map<string, string>();
  for (const e of incoming) {
    if (!e.id) continue;
    const other = givenIds.get(e.id);
    if (other) problems.push({ path: `${e.at}.id`, message: `duplicate id "${e.id}" (also ${other})` });
    givenIds.set(e.id, e.at);
  }

  for (const e of incoming) {
    const base = { at: e.at, name: e.name, kind: e.kind, givenId: e.id ?? null, matchedOn: null, existingName: null };
    const known = e.id ? graph.get(e.id) : undefined;
    if (known) {
      if (known.kind !== e.kind) {
        problems.push({ path: `${e.at}.kind`, message: `"${e.id}" is a ${known.kind} in the graph, not a ${e.kind}` });
        continue;
      }
      resolutions.push({ ...base, id: known.id, outcome: 'known-id' });
      continue;
    }
    if (e.distinct) {
      if (!e.id) {
        problems.push({ path: `${e.at}.id`, message: 'an entity marked distinct needs an id of its own' });
        continue;
      }
      resolutions.push({ ...base, id: e.id, outcome: 'new' });
      continue;
    }
    const matches = graph.match(e.kind, [e.name, ...e.aliases]);
    if (matches.size > 1) {
      const candidates = [...matches.keys()].map((id) => `${id} ("${graph.get(id)!.name}")`).join(', ');
      problems.push({
        path: `${e.at}.name`,
        message: `ambiguous: "${e.name}" matches ${matches.size} ${e.kind} entities: ${candidates}; give the id of the one you mean (or mark it distinct with an id of its own)`,
      });
      continue;
    }
    if (matches.size === 1) {
      const [[id, matchedOn]] = [...matches];
      resolutions.push({ ...base, id: id!, outcome: 'matched', matchedOn: matchedOn!, existingName: graph.get(id!)!.name });
      continue;
    }
    // Weaker likeness never merges: the entity is created apart and the candidates are reported, strongest first.
    const possibleDuplicates: PossibleDuplicate[] = [...graph.alike(e.kind, [e.name, ...e.aliases])]
      .map(([id, { why }]) => ({ id, name: graph.get(id)!.name, why: why as PossibleDuplicate['why'] }))
      .sort((a, b) => likenessRank(a.why) - likenessRank(b.why) || (a.id < b.id ? -1 : 1));
    resolutions.push({ ...base, id: e.id ?? '', outcome: 'new', ...(possibleDuplicates.length > 0 ? { possibleDuplicates } : {}) });
  }

  // Ids for new entities without one: a slug of the name, never one the graph or this document uses.
  for (const r of resolutions) if (r.id) taken.add(r.id);
  for (const id of givenIds.keys()) taken.add(id);
  for (const r of resolutions) {
    if (r.id) continue;
    r.id = mintId(r.name, r.kind, (id) => taken.has(id) || graph.has(id));
    taken.add(r.id);
  }

  // Two records of one document that turn out to be one entity: say so rather than merge silently.
  const byResolvedId = new Map<string, Resolution>();
  for (const r of resolutions) {
    const first = byResolvedId.get(r.id);
    if (!first) {
      byResolvedId.set(r.id, r);
    } else if (!(r.givenId && r.givenId === first.givenId)) {
      problems.push({ path: `${r.at}.name`, message: `${r.at} ("${r.name}") and ${first.at} ("${first.name}") are the same entity ${r.id}; state it once` });
    }
  }
  const newByKey = new Map<string, Resolution>();
  const byRecord = new Map(incoming.map((e) => [e.at, e]));
  for (const r of resolutions) {
    if (r.outcome !== 'new') continue;
    const e = byRecord.get(r.at)!;
    for (const label of [e.name, ...e.aliases]) {
      const slot = `${e.kind}\u0000${nameKey(label, e.kind)}`;
      const first = newByKey.get(slot);
      if (first && first.at !== r.at) {
        problems.push({ path: `${r.at}.name`, message: `${r.at} ("${r.name}") and ${first.at} ("${first.name}") share the name "${label}"; state the entity once` });
        break;
      }
      newByKey.set(slot, r);
    }
  }
  return { resolutions, problems };
}

/** A slug id from a name ("Ebrahim Raisi" → "ebrahim-raisi"), with the kind and then a number added when taken. */
export function mintId(name: string, kind: KindName, isTaken: (id: string) => boolean): string {
  const words = nameTokens(name)
    .map((t) => t.key.replace(/[^a-z0-9]+/g, ''))
    .filter(Boolean);
  const base = words.join('-').slice(0, 80).replace(/-+$/, '') || kind.toLowerCase();
  const tries = [base, `${base}-${kind.toLowerCase()}`];
  for (const id of tries) if (!isTaken(id)) return id;
  for (let n = 2; ; n++) if (!isTaken(`${tries[1]}-${n}`)) return `${tries[1]}-${n}`;
}

/**
 * Resolves a relationship end: an id of this document, an id of the graph, or a name of an entity of
 * the document or the graph (within the kinds the relationship type allows at that end).
 */
export function resolveReference(
  ref: string,
  kinds: readonly KindName[],
  /** `ids`: every id the document's records may be referred to by (given and final) → final id; `names`: its entities under final ids. */
  document: { ids: Map<string, string>; names: NameIndex },
  graph: NameIndex,
): { id: string } | { problem: string } {
  const byId = document.ids.get(ref) ?? (graph.has(ref) ? ref : undefined);
  if (byId) return { id: byId };
  for (const index of [document.names, graph]) {
    const found = new Set<string>();
    for (const kind of kinds) for (const id of index.match(kind, [ref]).keys()) found.add(id);
    if (found.size === 1) return { id: [...found][0]! };
    if (found.size > 1) {
      const candidates = [...found].map((id) => `${id} ("${(document.names.get(id) ?? graph.get(id))?.name ?? id}")`).join(', ');
      return { problem: `ambiguous: "${ref}" names ${found.size} entities: ${candidates}; use an id` };
    }
  }
  return { problem: `no entity "${ref}" in this document or the graph` };
}
