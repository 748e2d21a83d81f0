/**
 * Drafting a facts document from raw text, for a person to review: the source block, the graph's entities the text
 * names (linked by id), candidate new entities found by compromise (an NLP library) — people with the title and
 * the country or organisation they serve ("Rosatom chief Alexey Likhachev"), organisations, countries, places —
 * money amounts and dates, and candidate relationships whose type comes from the ontology (the one type it allows
 * between the two kinds) or from the verb of the sentence among the allowed ones. Where neither decides, the type
 * is left as CHOOSE_A_TYPE with the allowed types listed, so such a draft cannot be ingested until a person chose.
 * Where names overlap, the longest wins ("energy" inside "Atomic Energy Organization" is not the sector).
 * Nothing here touches the graph.
 */
import nlp from 'compromise';
import YAML, { isMap, isSeq, type YAMLMap, type YAMLSeq } from 'yaml';
import type { EntityLabel } from '../graph/port';
import { allowsRelationship, relationshipTypeNames, type KindName, type RelationshipTypeName } from '../ontology/ontology';
import { MentionMatcher, sentencesOf, type Sentence } from './mentions';
import { NameIndex, PERSON_TITLES, mintId, nameKey, nameKeyTokens, nameTokens } from './resolve';

/** The relationship type a draft leaves for a person to choose; no such type exists, so a draft cannot be ingested as is. */
export const TYPE_TO_CHOOSE = 'CHOOSE_A_TYPE';

export interface DraftOptions {
  /** Source id; default a slug of the title. */
  sourceId?: string;
  /** Source title; default the first line of the text. */
  title?: string;
  /** Refer to the text by this path (relative to the facts document) instead of copying it in. */
  textPath?: string;
}

/** An entity the draft names, known to the graph or a candidate. */
export interface DraftEntity {
  id: string;
  kind: KindName;
  name: string;
  known: boolean;
  /** Where the text names it. */
  offsets: number[];
  /** For candidates: what proposed it (a finder of the NLP library, or the title in front of a person). */
  foundAs?: 'person' | 'place' | 'organization' | 'title' | 'pattern';
  /** Further names the text uses for it (a lone surname), proposed as aliases. */
  newAliases?: string[];
  /** Properties the text states: a person's role from their title; an amount and currency. */
  properties?: Record<string, string | number>;
}

/** A sentence that names two or more entities. */
export interface CandidateEvidence {
  sentence: string;
  offset: number;
  /** Ids of the entities named, in text order. */
  entities: string[];
  /** The first pair some type can join, and the types the ontology allows between them. */
  from: string;
  to: string;
  allowedTypes: string[];
}

/** A proposed relationship: its type (or TYPE_TO_CHOOSE), ends, evidence and why that type. */
export interface DraftRelationship {
  type: RelationshipTypeName | typeof TYPE_TO_CHOOSE;
  from: string;
  to: string;
  /** Verbatim quotes from the text. */
  evidence: string[];
  /** Every type the ontology allows from `from` to `to`. */
  allowedTypes: RelationshipTypeName[];
  /** "only type" (the ontology allows one), "verb: signed", "title" (a person's office), or "choose". */
  why: string;
}

/** An amount of money the text states, as a number with its ISO 4217 currency. */
export interface DraftAmount {
  text: string;
  offset: number;
  amount: number;
  currency: string;
}

/** A date the text states, in ISO form at the precision given (day, month or year). */
export interface DraftDate {
  text: string;
  offset: number;
  date: string;
}

export interface Draft {
  sourceId: string;
  title: string;
  entities: DraftEntity[];
  evidence: CandidateEvidence[];
  relationships: DraftRelationship[];
  amounts: DraftAmount[];
  dates: DraftDate[];
  /** The facts document skeleton as YAML, with comments guiding the person completing it. */
  yaml: string;
}

/** A stretch of text naming an entity (known id, or a candidate by kind and name). */
interface Span {
  start: number;
  end: number;
  id?: string;
  kind: KindName;
  name: string;
  foundAs?: DraftEntity['foundAs'];
  /** A person's title: it names no entity, and nothing inside it does ("Transport" in "Transport Minister"). */
  title?: true;
  /** An owner written as an adjective ("Russian"): it names the country for the title only. */
  demonym?: true;
}

/** Drafts a facts document for `text`, linking the names `graph` knows. */
export function draftFacts(text: string, graph: NameIndex, options: DraftOptions = {}): Draft {
  const title = options.title ?? text.split('\n').map((l) => l.trim()).find(Boolean) ?? 'Untitled';
  const sourceId = options.sourceId ?? mintId(title, 'Event', () => false).replace(/-event$/, '');
  const doc = nlp(text);
  const sentences = sentencesOf(text);

  // Every stretch that may name an entity: the graph's names, then the NLP library's; the longest wins an overlap.
  const known: Span[] = [...new MentionMatcher(graph.all()).find(text)].flatMap(([id, spans]) => {
    const e = graph.get(id)!;
    return spans.map((s) => ({ ...s, id, kind: e.kind, name: e.name }));
  });
  const candidates = candidateNames(text, doc);
  const countries = [...[...graph.all()].filter((e) => e.kind === 'Country').flatMap((e) => [e.name, ...e.aliases]), ...candidates.filter((c) => c.kind === 'Country').map((c) => c.name)];
  const titled = titledPeople(text, doc, countries);
  const found = [...candidates, ...titled.flatMap((t) => [t.person, t.title, ...(t.owner && !t.owner.demonym ? [t.owner] : [])])];
  const spans = longestFirst([...known, ...found]);

  // Candidates become entities (one per kind and name); a lone surname joins the person named in full.
  const entities = new Map<string, DraftEntity>();
  const taken = new Set([...graph.all()].map((e) => e.id));
  const byKey = new Map<string, DraftEntity>();
  const entityOf = (s: Span): DraftEntity | undefined => {
    if (s.title) return undefined;
    if (s.id) {
      const e = graph.get(s.id)!;
      let entity = entities.get(s.id);
      if (!entity) entities.set(s.id, (entity = { id: s.id, kind: e.kind, name: e.name, known: true, offsets: [] }));
      return entity;
    }
    const name = s.kind === 'Person' ? withoutTitles(s.name) : s.name;
    const key = nameKey(name, s.kind);
    if (!key || (s.kind === 'Person' && PERSON_TITLES.includes(key))) return undefined;
    const inGraph = [...graph.match(s.kind, [name]).keys()][0];
    if (inGraph) return entityOf({ ...s, id: inGraph });
    const slot = `${s.kind}\u0000${key}`;
    let entity = byKey.get(slot);
    if (!entity && /^\p{Lu}{2,}$/u.test(name.replace(/\./g, ''))) {
      // An acronym ("US") of an entity of the same kind named in full ("United States").
      const initials = name.replace(/\./g, '');
      entity = [...entities.values()].find((e) => e.kind === s.kind && e.name.split(/\s+/).filter((w) => /^\p{Lu}/u.test(w)).map((w) => w[0]).join('') === initials);
      if (entity && !(entity.newAliases ?? []).includes(name)) entity.newAliases = [...(entity.newAliases ?? []), name];
    }
    if (!entity && s.kind === 'Person' && !key.includes(' ')) {
      // A lone surname ("Putin", "Novak") is another name of a person already named in full.
      entity = [...entities.values()].find((p) => p.kind === 'Person' && nameKey(p.name, 'Person').split(' ').pop() === key);
      if (entity && entity.name !== name && !(entity.newAliases ?? []).includes(name)) entity.newAliases = [...(entity.newAliases ?? []), name];
    }
    if (!entity) {
      const id = mintId(name, s.kind, (x) => taken.has(x));
      taken.add(id);
      entity = { id, kind: s.kind, name, known: false, offsets: [], foundAs: s.foundAs };
      byKey.set(slot, entity);
      entities.set(id, entity);
    }
    return entity;
  };
  const mentions: { start: number; end: number; entity: DraftEntity }[] = [];
  for (const s of spans) {
    const entity = entityOf(s);
    if (!entity) continue;
    entity.offsets.push(s.start);
    mentions.push({ start: s.start, end: s.end, entity });
  }
  // A known person's alias the text uses alone ("Putin" for Vladimir Putin) is proposed too, as before.
  for (const e of entities.values()) {
    if (!e.known || e.kind !== 'Person') continue;
    const family = nameKey(e.name, 'Person').split(' ').pop()!;
    const lone = mentions.find((m) => m.entity === e && nameKey(text.slice(m.start, m.end), 'Person') === family && family !== nameKey(e.name, 'Person'));
    const have = graph.get(e.id)?.aliases.map((a) => nameKey(a, 'Person')) ?? [];
    if (lone && !have.includes(family)) e.newAliases = [text.slice(lone.start, lone.end)];
  }
  mentions.sort((a, b) => a.start - b.start);

  const relationships = new Map<string, DraftRelationship>();
  const propose = (from: DraftEntity, to: DraftEntity, type: DraftRelationship['type'], quote: string, why: string, allowed: RelationshipTypeName[]) => {
    if (from.id === to.id) return;
    const key = type === TYPE_TO_CHOOSE ? `${[from.id, to.id].sort().join('|')}|${type}` : `${from.id}|${type}|${to.id}`;
    const seen = relationships.get(key);
    // A title's own quote says it best.
    if (seen?.why === 'title') return;
    if (seen) {
      if (!seen.evidence.includes(quote)) seen.evidence.push(quote);
      return;
    }
    relationships.set(key, { type, from: from.id, to: to.id, evidence: [quote], allowedTypes: allowed, why });
  };

  // A person's title names the office and whom they serve: "Rosatom chief Alexey Likhachev" is OFFICIAL_OF Rosatom.
  for (const t of titled) {
    const person = mentions.find((m) => m.start === t.person.start)?.entity;
    if (!person || person.kind !== 'Person') continue;
    if (!person.known) person.properties = { ...person.properties, role: t.role };
    const owner = t.owner && (mentions.find((m) => m.start === t.owner!.start)?.entity ?? (t.owner.demonym ? entityOf(t.owner) : undefined));
    if (owner && allowsRelationship('OFFICIAL_OF', 'Person', owner.kind)) {
      propose(person, owner, 'OFFICIAL_OF', text.slice(t.quoteStart, t.person.end), 'title', allowedBetween(person.kind, owner.kind));
    }
  }

  const evidence: CandidateEvidence[] = [];
  for (const sentence of sentences) {
    const named = mentions.filter((m) => m.start >= sentence.start && m.start < sentence.end);
    const ids = [...new Set(named.map((m) => m.entity.id))];
    if (ids.length < 2) continue;
    const first = firstJoinablePair(ids.map((id) => entities.get(id)!));
    evidence.push({ sentence: sentence.text, offset: sentence.start, entities: ids, ...first });
    // Neighbours in the sentence are the likeliest pairs; the verb between them (or in the sentence) picks the type.
    for (let i = 0; i + 1 < named.length; i++) {
      const [a, b] = [named[i]!, named[i + 1]!];
      if (a.entity.id === b.entity.id) continue;
      const between = text.slice(a.end, b.start);
      // The one who speaks is no party to what they report ("Jalali said Vladimir Putin …").
      if (/\b(?:said|says|added|told|according to)\b|[“”"]/.test(between)) continue;
      const pick = typeFor(a.entity, b.entity, between, sentence.text);
      if (pick) propose(pick.from, pick.to, pick.type, sentence.text, pick.why, pick.allowed);
    }
  }

  const amounts = moneyIn(text, doc);
  const dates = datesIn(text, doc);
  // An amount in a sentence that names one agreement or investment is its value.
  for (const a of amounts) {
    const sentence = sentences.find((s) => a.offset >= s.start && a.offset < s.end);
    const holders = [...new Set(mentions.filter((m) => sentence && m.start >= sentence.start && m.start < sentence.end && ['Agreement', 'Investment'].includes(m.entity.kind)).map((m) => m.entity))];
    if (holders.length === 1 && !holders[0]!.known && holders[0]!.properties?.amount === undefined) holders[0]!.properties = { ...holders[0]!.properties, amount: a.amount, currency: a.currency };
  }

  const list = [...entities.values()].sort((x, y) => Math.min(...x.offsets) - Math.min(...y.offsets));
  const rels = [...relationships.values()];
  return { sourceId, title, entities: list, evidence, relationships: rels, amounts, dates, yaml: renderDraft(text, sourceId, title, list, rels, amounts, dates, options) };
}

/** Keeps, of overlapping spans, the longest (a known name before a candidate of the same length). */
function longestFirst(spans: Span[]): Span[] {
  const ordered = [...spans].sort((a, b) => b.end - b.start - (a.end - a.start) || Number(Boolean(b.id)) - Number(Boolean(a.id)) || a.start - b.start);
  const kept: Span[] = [];
  for (const s of ordered) if (!kept.some((k) => k.start < s.end && s.start < k.end)) kept.push(s);
  return kept.sort((a, b) => a.start - b.start);
}

/** Every type the ontology allows from `from` to `to`. */
function allowedBetween(from: KindName, to: KindName): RelationshipTypeName[] {
  return relationshipTypeNames.filter((t) => allowsRelationship(t, from, to));
}

/** Words that say which relationship a sentence states (matched at the start of a lower-cased word). */
const VERB_HINTS: [RegExp, RelationshipTypeName][] = [
  [/\b(?:met|meet|meets|meeting|talks)\b/, 'MET_WITH'],
  [/\bvisit/, 'VISITED'],
  [/\b(?:sign|agree|memorand|treaty|deal)/, 'PARTY_TO'],
  [/\b(?:invest|loan|lend|investor)/, 'INVESTOR_IN'],
  [/\b(?:fund|financ)/, 'FUNDS'],
  [/\b(?:join|member)/, 'MEMBER_OF'],
  [/\b(?:held|hold|hosted|host|took place|takes place) in\b/, 'HELD_IN'],
  [/\b(?:attend|participat|took part|take part|takes part|involved|involving|exercises)/, 'PARTICIPATES_IN'],
  [/\b(?:represent|delegation|on behalf)/, 'REPRESENTS'],
  [/\b(?:cooperat|partnership|partners?\b|relations|ties)/, 'COOPERATES_WITH'],
  [/\b(?:propos|threaten|impos)/, 'PROPOSED'],
  [/\b(?:target|against|on imports from)/, 'TARGETS'],
  [/\b(?:implement|carr(?:y|ies|ied) out|builds?|built|construct)/, 'IMPLEMENTS'],
  [/\b(?:connect|link|between|runs? from|from .* to)/, 'CONNECTS'],
  [/\bpart of\b|\bunits? (?:at|of)\b|\bmissing link\b/, 'PART_OF'],
  [/\b(?:located|lies|in northern|in southern|in eastern|in western|cities of)\b/, 'LOCATED_IN'],
  [/\b(?:convened|meeting of|session of)\b/, 'CONVENED_BY'],
  [/\bdiscuss/, 'DISCUSSED'],
  [/\b(?:envoy|ambassador)\b/, 'ENVOY_OF'],
  [/\b(?:posted|based in|stationed)\b/, 'POSTED_TO'],
  [/\b(?:official|minister|president|chief|head)\b/, 'OFFICIAL_OF'],
];

/** The relationship between two neighbouring mentions: the one type allowed, else the type a verb names, else a choice to make. */
function typeFor(a: DraftEntity, b: DraftEntity, between: string, sentence: string): { from: DraftEntity; to: DraftEntity; type: DraftRelationship['type']; why: string; allowed: RelationshipTypeName[] } | undefined {
  const forward = allowedBetween(a.kind, b.kind);
  const backward = allowedBetween(b.kind, a.kind);
  const options = [...forward.map((type) => ({ from: a, to: b, type })), ...backward.map((type) => ({ from: b, to: a, type }))];
  if (options.length === 0) return undefined;
  const allowedOf = (o: { from: DraftEntity }) => (o.from === a ? forward : backward);
  // Listed side by side ("Savelyev and Iran’s minister") a person and a country are not tied by that.
  if (a.kind !== b.kind && /^\s*(?:,|and|or|, and)?\s*$/.test(between)) return undefined;
  // A type that joins the two kinds both ways (MET_WITH between people) is one choice, read in text order.
  if (new Set(options.map((o) => o.type)).size === 1) {
    // "A, including B": B is the part.
    const o = options[0]!.type === 'PART_OF' && /\b(?:including|includes|such as)\b/.test(between) && options.length > 1 ? options[1]! : options[0]!;
    return { ...o, why: 'only type', allowed: allowedOf(o) };
  }
  if (options.length === 1) return { ...options[0]!, why: 'only type', allowed: allowedOf(options[0]!) };
  for (const words of [between.toLowerCase(), sentence.toLowerCase()]) {
    const hinted = options.filter((o) => VERB_HINTS.some(([re, type]) => type === o.type && re.test(words)));
    if (hinted.length === 1) return { ...hinted[0]!, why: `verb: ${VERB_HINTS.find(([re, type]) => type === hinted[0]!.type && re.test(words))![0].exec(words)![0].trim()}`, allowed: allowedOf(hinted[0]!) };
    if (hinted.length > 1) break;
  }
  // Nothing decides: a choice for the person, from the direction that allows more.
  const from = forward.length >= backward.length ? a : b;
  return { from, to: from === a ? b : a, type: TYPE_TO_CHOOSE, why: 'choose', allowed: from === a ? forward : backward };
}

/** The first pair, in text order, that some relationship type can join (either way round), with those types. */
function firstJoinablePair(named: DraftEntity[]): { from: string; to: string; allowedTypes: string[] } {
  for (let i = 0; i < named.length; i++) {
    for (let j = i + 1; j < named.length; j++) {
      const [a, b] = [named[i]!, named[j]!];
      const forward = allowedBetween(a.kind, b.kind);
      if (forward.length > 0) return { from: a.id, to: b.id, allowedTypes: forward };
      const backward = allowedBetween(b.kind, a.kind);
      if (backward.length > 0) return { from: b.id, to: a.id, allowedTypes: backward };
    }
  }
  return { from: named[0]!.id, to: named[1]!.id, allowedTypes: [] };
}

/** Cleans a name the NLP library found: no leading lower-case words, possessive owner, punctuation or trailing 's. */
function cleanName(raw: string): { name: string; skip: number } {
  let name = raw.replace(/^(?:\p{Ll}[\p{L}\p{N}]*\s+)+/u, '');
  name = name.replace(/^\p{Lu}[\p{L}-]*['\u2019]s\s+/u, '');
  name = name.replace(/^[^\p{L}\p{N}]+/u, '');
  const skip = raw.indexOf(name);
  name = name.replace(/[^\p{L}\p{N}]+$/u, '').replace(/['\u2019]s$/u, '').trim();
  return { name, skip };
}

/** People, places and organisations compromise finds, with their character ranges. */
function candidateNames(text: string, doc: ReturnType<typeof nlp>): Span[] {
  const out: Span[] = [];
  const take = (view: { json(options: object): unknown }, foundAs: NonNullable<Span['foundAs']>, kindOf: (tags: string[]) => KindName) => {
    for (const match of view.json({ offset: true }) as { offset: { start: number; length: number }; terms: { tags: string[] }[] }[]) {
      const raw = text.slice(match.offset.start, match.offset.start + match.offset.length);
      const { name, skip } = cleanName(raw);
      if (name.length < 2) continue;
      const start = match.offset.start + skip;
      out.push({ name, kind: kindOf(match.terms.flatMap((t) => t.tags)), foundAs, start, end: start + name.length });
    }
  };
  take(doc.people(), 'person', () => 'Person');
  take(doc.places(), 'place', (tags) => (tags.includes('Country') || COUNTRY_ACRONYMS.test(tags.join(' ')) ? 'Country' : 'Place'));
  take(doc.organizations(), 'organization', () => 'Organization');
  for (const s of out) if (s.kind === 'Place' && COUNTRY_ACRONYMS.test(s.name)) s.kind = 'Country';
  // Patterns the library has no finder for: a speaker, a project, a sector, an event.
  for (const [re, kind, foundAs] of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const name = m[1]!.replace(/^(?:The|A|An)\s+/u, '');
      const start = m.index! + m[0].indexOf(m[1]!) + (m[1]!.length - name.length);
      out.push({ start, end: start + name.length, kind, name, foundAs });
    }
  }
  // Pronouns and list words are no names ("He said", "and trade").
  out.splice(0, out.length, ...out.filter((s) => !NOT_NAMES.has(s.name.toLowerCase())));
  // Two places joined by a dash ("Tehran–Moscow ties") and a demonym with a noun ("Iranian oil") name no entity.
  return out.filter((s) => !(['Place', 'Organization'].includes(s.kind) && (/[–-]/.test(s.name) || /^\p{Lu}\p{L}+(?:an|ese|i)\s+\p{Ll}/u.test(s.name))));
}

const NOT_NAMES = new Set(['he', 'she', 'it', 'they', 'we', 'i', 'you', 'this', 'that', 'and', 'or', 'according', 'the']);
const COUNTRY_ACRONYMS = /^(?:US|USA|U\.S\.|UK|U\.K\.|UAE)$/;
const CAPITALISED = String.raw`\p{Lu}[\p{L}]*(?:[–-]\p{Lu}[\p{L}]*)*`;

/** Names found by their shape: [pattern (group 1 is the name), kind, finder]. */
const PATTERNS: [RegExp, KindName, NonNullable<Span['foundAs']>][] = [
  // "Jalali said", "according to Jalali": one capitalised word as the speaker.
  [new RegExp(String.raw`(?<![\p{L}’'])(\p{Lu}\p{Ll}+)\s+(?:said|added|told|noted|stated|announced)\b`, 'gu'), 'Person', 'person'],
  [new RegExp(String.raw`\baccording to (\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)?)`, 'gu'), 'Person', 'person'],
  // "the North–South transport corridor", "Bushehr Nuclear Power Plant", "the Rasht–Astara railway".
  [new RegExp(String.raw`((?:${CAPITALISED}\s+)+(?:\p{Ll}+\s+)?(?:[Cc]orridor|[Rr]ailway|[Pp]ipeline|[Pp]lant|[Pp]ort|[Dd]am|[Bb]ridge|[Hh]ighway|[Rr]ailroad))\b`, 'gu'), 'Project', 'pattern'],
  // "the nuclear energy sector"; "cooperation in energy, transport, education, banking, and trade".
  [/\b(?:the|a)\s+((?:\p{Ll}+\s+)?\p{Ll}+)\s+(?:sector|industry)\b/gu, 'Sector', 'pattern'],
  // (Bounded lists with one way to read each word: a nested optional "and" made the look-behind exponential.)
  [/(?<=\bcooperation in (?:\p{Ll}+,?\s){0,12})(\p{Ll}{3,})(?=,|\s+and\b|\.)/gu, 'Sector', 'pattern'],
  [/(?<=\bcooperation in (?:\p{Ll}+,\s){1,12}and\s)(\p{Ll}{3,})\b/gu, 'Sector', 'pattern'],
  // "joint exercises", "indirect talks", "the signing ceremony".
  [/\b((?:joint|annual|indirect|direct|bilateral|military|naval|trilateral|signing)\s+(?:exercises|drills|talks|summit|meeting|ceremony|conference|forum))\b/gu, 'Event', 'pattern'],
];

/** Title words that head an office ("minister", "chief"); modifiers ("deputy", "transport") come before them. */
const TITLE_HEADS = new Set([
  ...PERSON_TITLES.map((t) => t.split(' ').pop()!),
  'chief', 'head', 'director', 'ambassador', 'envoy', 'chairman', 'chairwoman', 'chair', 'ceo', 'spokesman', 'spokeswoman', 'spokesperson',
  'secretary', 'governor', 'commander', 'mayor', 'leader', 'adviser', 'advisor', 'premier', 'speaker', 'president', 'minister',
].filter((w) => w.length > 3 || w === 'ceo'));
const TITLE_MODIFIERS = new Set(['deputy', 'vice', 'first', 'prime', 'foreign', 'general', 'executive', 'acting', 'former']);

/** A person named after a title, with the title as their role and, where the text gives one, whom they serve. */
interface Titled {
  person: Span;
  role: string;
  /** The title's own span. */
  title: Span;
  owner?: Span;
  /** Where the quote for OFFICIAL_OF starts (the owner, else the title). */
  quoteStart: number;
}

/** Adjective → country where the adjective is not the country's name plus an ending. */
const DEMONYM_EXCEPTIONS: Record<string, string> = { american: 'United States', british: 'United Kingdom', chinese: 'China', french: 'France', dutch: 'Netherlands', swiss: 'Switzerland', turkish: 'Turkey', emirati: 'United Arab Emirates', saudi: 'Saudi Arabia' };

/** The country a demonym names ("Russian" → Russia, "Iranian" → Iran), preferring a country the graph or the text names. */
function countryOfDemonym(word: string, countries: readonly string[]): string {
  const exception = DEMONYM_EXCEPTIONS[word.toLowerCase()];
  if (exception) return exception;
  const guesses = [word.slice(0, -1), word.slice(0, -3), word.slice(0, -2), word.replace(/ese$/u, '')];
  return guesses.find((g) => countries.some((c) => nameKey(c, 'Country') === nameKey(g, 'Country'))) ?? guesses[0]!;
}

/** People the text names after a title: "[owner] [modifiers] head [of …] [,] Name". */
function titledPeople(text: string, doc: ReturnType<typeof nlp>, countries: readonly string[]): Titled[] {
  type Term = { text: string; post: string; tags: string[]; offset: { start: number; length: number } };
  const out: Titled[] = [];
  // doc.json without text: sentences().json() computes each sentence's text, quadratic in a long sentence.
  for (const sentence of doc.json({ offset: true, text: false, normal: false }) as { terms: Term[] }[]) {
    const terms = sentence.terms;
    const word = (t: Term) => text.slice(t.offset.start, t.offset.start + t.offset.length);
    const clean = (t: Term) => word(t).replace(/[^\p{L}\p{N}'’-]+$/u, '');
    const capital = (t: Term) => /^\p{Lu}/u.test(word(t));
    for (let h = 0; h < terms.length; h++) {
      const head = clean(terms[h]!).toLowerCase();
      if (!TITLE_HEADS.has(head)) continue;
      // The title may go on: "Minister of Roads and Urban Development".
      let end = h;
      if (terms[h + 1] && /^of$/i.test(word(terms[h + 1]!))) {
        let k = h + 2;
        while (terms[k] && (capital(terms[k]!) || /^(?:and|the|for|of)$/i.test(clean(terms[k]!))) && !/[,.;:!?]/.test(terms[k - 1]!.post)) k++;
        if (k > h + 2) end = k - 1;
      }
      // Then the name: capitalised words right after, possibly after a comma.
      const n = end + 1;
      let nameEnd = n;
      const afterComma = /,/.test(terms[end]!.post);
      if (/[.;:!?]/.test(terms[end]!.post)) continue;
      while (terms[nameEnd] && capital(terms[nameEnd]!) && !TITLE_HEADS.has(clean(terms[nameEnd]!).toLowerCase()) && !terms[nameEnd]!.tags.includes('Demonym')) {
        nameEnd++;
        if (/[,.;:!?)]/.test(terms[nameEnd - 1]!.post)) break;
      }
      // A name of two words or more ("Alexey Likhachev"); one word only after a comma is too weak.
      if (nameEnd - n < 2 || (afterComma && end === h)) continue;
      const personStart = terms[n]!.offset.start;
      const last = terms[nameEnd - 1]!;
      const personName = clean(last) === word(last) ? text.slice(personStart, last.offset.start + last.offset.length) : text.slice(personStart, last.offset.start) + clean(last);
      // Modifiers and the owner before the head: "Russian Transport Minister", "Iran’s Minister", "Rosatom chief".
      let m = h - 1;
      while (m >= 0 && (TITLE_MODIFIERS.has(clean(terms[m]!).toLowerCase()) || (capital(terms[m]!) && !terms[m]!.tags.includes('Demonym') && !/['’]s$/.test(word(terms[m]!)) && m > 0 && (capital(terms[m - 1]!) || TITLE_MODIFIERS.has(clean(terms[m - 1]!).toLowerCase()))))) m--;
      const roleStart = terms[m + 1]!.offset.start;
      const roleEnd = terms[end]!.offset.start + clean(terms[end]!).length;
      const role = text.slice(roleStart, roleEnd);
      let owner: Span | undefined;
      let quoteStart = roleStart;
      const before = terms[m];
      if (before && capital(before)) {
        const raw = clean(before).replace(/['’]s$/u, '');
        if (before.tags.includes('Demonym')) {
          owner = { start: before.offset.start, end: before.offset.start + raw.length, kind: 'Country', name: countryOfDemonym(raw, countries), foundAs: 'title', demonym: true };
        } else if (/['’]s$/.test(clean(before)) || before.tags.includes('Place') || before.tags.includes('Country')) {
          owner = { start: before.offset.start, end: before.offset.start + raw.length, kind: before.tags.includes('Country') || /['’]s$/.test(clean(before)) ? 'Country' : 'Organization', name: raw, foundAs: 'title' };
        } else if (!before.tags.includes('Honorific')) {
          owner = { start: before.offset.start, end: before.offset.start + raw.length, kind: 'Organization', name: raw, foundAs: 'title' };
        }
        if (owner) quoteStart = owner.start;
      }
      out.push({
        person: { start: personStart, end: personStart + personName.length, kind: 'Person', name: personName, foundAs: 'title' },
        role,
        title: { start: roleStart, end: roleEnd, kind: 'Person', name: role, title: true },
        owner,
        quoteStart,
      });
      h = nameEnd - 1;
    }
  }
  return out;
}

/** A person's name without the titles in front of it ("President Ebrahim Raisi" → "Ebrahim Raisi"). */
function withoutTitles(name: string): string {
  const tokens = nameTokens(name);
  const kept = nameKeyTokens(tokens.map((t) => t.key), 'Person');
  if (kept.length === tokens.length || kept.length === 0) return name;
  return name.slice(tokens[tokens.length - kept.length]!.start);
}

/** Currency words and signs → ISO 4217. */
const CURRENCIES: [RegExp, string][] = [
  [/^(?:us\$|\$|usd|dollars?|us dollars?)$/i, 'USD'],
  [/^(?:€|eur|euros?)$/i, 'EUR'],
  [/^(?:£|gbp|pounds?(?: sterling)?)$/i, 'GBP'],
  [/^(?:₽|rub|roubles?|rubles?)$/i, 'RUB'],
  [/^(?:cny|yuan|renminbi)$/i, 'CNY'],
  [/^(?:irr|rials?)$/i, 'IRR'],
  [/^(?:¥|jpy|yen)$/i, 'JPY'],
  [/^(?:inr|rupees?)$/i, 'INR'],
];
const currencyOf = (word: string) => CURRENCIES.find(([re]) => re.test(word.trim()))?.[1];

/** Money the text states: numbers (as compromise reads them: "1.3 billion" is 1300000000) with a currency sign or word. */
function moneyIn(text: string, doc: ReturnType<typeof nlp>): DraftAmount[] {
  const out: DraftAmount[] = [];
  type Found = { offset: { start: number; length: number }; number: { num: number; unit?: string } };
  const numbers: Found[] = [];
  for (const n of doc.numbers().json({ offset: true, text: false, normal: false }) as Found[]) {
    // The library sometimes reads "300 million" as 300 and "million": join a bare scale word to the number before it.
    const previous = numbers[numbers.length - 1];
    const scale = /^(?:thousand|million|billion|trillion)$/i.test(text.slice(n.offset.start, n.offset.start + n.offset.length).replace(/[^\p{L}]+$/u, ''));
    if (previous && scale && /^\s+$/.test(text.slice(previous.offset.start + previous.offset.length, n.offset.start))) {
      numbers[numbers.length - 1] = { offset: { start: previous.offset.start, length: n.offset.start + n.offset.length - previous.offset.start }, number: { num: previous.number.num * n.number.num, unit: n.number.unit } };
    } else numbers.push(n);
  }
  for (const n of numbers) {
    const { start, length } = n.offset;
    const sign = /(?:US\$|\$|€|£|₽|¥)\s*$/.exec(text.slice(Math.max(0, start - 3), start + 3).slice(0, 3 + Math.min(3, length)))?.[0];
    const inside = /^(?:US\$|\$|€|£|₽|¥)/.exec(text.slice(start, start + length))?.[0];
    const after = /^\s*((?:US )?dollars?|euros?|pounds?|roubles?|rubles?|yuan|rials?|yen|rupees?|USD|EUR|GBP|RUB|CNY|IRR|JPY|INR)\b/i.exec(text.slice(start + length).replace(/^[.,]/, ''))?.[1];
    const currency = currencyOf(n.number.unit ?? '') ?? currencyOf(inside ?? '') ?? currencyOf(sign ?? '') ?? currencyOf(after ?? '');
    if (!currency || !Number.isFinite(n.number.num)) continue;
    const end = start + length + (after && !n.number.unit ? text.slice(start + length).indexOf(after) + after.length : 0);
    out.push({ text: text.slice(start, end).replace(/[.,;:]+$/, ''), offset: start, amount: n.number.num, currency });
  }
  return out;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Dates the text states ("17 May 2023", "May 17, 2023", "May 2023", "2023"), in ISO form at the precision given. */
function datesIn(text: string, doc: ReturnType<typeof nlp>): DraftDate[] {
  const out: DraftDate[] = [];
  for (const d of doc.match('#Date+').json({ offset: true }) as { offset: { start: number; length: number } }[]) {
    const raw = text.slice(d.offset.start, d.offset.start + d.offset.length).replace(/[.,;:]+$/, '');
    const words = raw.toLowerCase().split(/[\s,]+/).filter(Boolean);
    const month = words.findIndex((w) => MONTHS.includes(w));
    const year = words.find((w) => /^\d{4}$/.test(w));
    const day = words.find((w) => /^\d{1,2}(?:st|nd|rd|th)?$/.test(w));
    if (!year) continue;
    const mm = month >= 0 ? String(MONTHS.indexOf(words[month]!) + 1).padStart(2, '0') : undefined;
    const dd = mm && day ? String(parseInt(day, 10)).padStart(2, '0') : undefined;
    out.push({ text: raw, offset: d.offset.start, date: [year, mm, dd].filter(Boolean).join('-') });
  }
  return out;
}

function renderDraft(text: string, sourceId: string, title: string, entities: DraftEntity[], relationships: DraftRelationship[], amounts: DraftAmount[], dates: DraftDate[], options: DraftOptions): string {
  const plain = {
    source: { id: sourceId, title, ...(options.textPath ? { textPath: options.textPath } : { text }) },
    entities: entities.map((e) => ({
      id: e.id,
      kind: e.kind,
      name: e.name,
      ...(e.newAliases ? { aliases: e.newAliases } : {}),
      ...(e.properties ? { properties: e.properties } : {}),
    })),
    relationships: relationships.map((r) => ({ type: r.type, from: r.from, to: r.to, evidence: r.evidence.length === 1 ? r.evidence[0] : r.evidence })),
    // The graph's entities the text names are listed above: one the person deletes is not linked either.
    mentions: 'listed',
  };
  const doc = new YAML.Document(plain);
  const choices = relationships.filter((r) => r.type === TYPE_TO_CHOOSE).length;
  doc.commentBefore = [
    ` Draft facts document for "${title}", written by \`kg draft\`. Nothing here is in the graph yet.`,
    ' To complete it:',
    ' - check every candidate entity (kind, name; add aliases, a description, properties) or delete it;',
    ` - check every relationship (type, direction, evidence: shorten it to the words that state the tie) or delete it;`,
    choices
      ? `   ${choices} relationship${choices === 1 ? '' : 's'} need${choices === 1 ? 's' : ''} a type: replace ${TYPE_TO_CHOOSE} with one the comment above it lists;`
      : '   every relationship has a type the ontology allows between its two kinds;',
    ...(options.textPath ? [] : [' - add the source\'s url, publisher and published date (YYYY-MM-DD) if you know them;']),
    ' - then `kg ingest <this file> --dry-run` to see what would change, and `kg ingest <this file>`.',
    ...(amounts.length ? [' Amounts in the text:', ...amounts.map((a) => `   "${a.text}" = ${a.amount} ${a.currency}`)] : []),
    ...(dates.length ? [' Dates in the text:', ...dates.map((d) => `   "${d.text}" = ${d.date}`)] : []),
  ].join('\n');
  const entityItems = doc.get('entities') as YAMLSeq;
  entities.forEach((e, i) => {
    const node = entityItems.items[i] as YAMLMap;
    const times = `${e.offsets.length} mention${e.offsets.length === 1 ? '' : 's'}`;
    node.commentBefore = e.known
      ? ` known to the graph (${times})`
      : ` candidate (${e.foundAs === 'title' ? 'named by a title' : e.foundAs === 'pattern' ? 'found by its shape' : `${e.foundAs} found by compromise`}, ${times}): check the kind and name, or delete`;
  });
  const relItems = doc.get('relationships');
  if (isSeq(relItems)) {
    relationships.forEach((r, i) => {
      const node = relItems.items[i];
      if (!isMap(node)) return;
      node.commentBefore =
        r.type === TYPE_TO_CHOOSE
          ? ` choose the type: from ${r.from} to ${r.to} the ontology allows ${r.allowedTypes.join(', ')} (swap from/to for others)`
          : ` ${r.why === 'only type' ? `the only type the ontology allows from ${r.from} to ${r.to}` : r.why === 'title' ? 'from the title in front of the name' : `suggested by the ${r.why}`}${r.allowedTypes.length > 1 ? `; also allowed: ${r.allowedTypes.filter((t) => t !== r.type).join(', ')}` : ''}`;
    });
  }
  return doc.toString({ lineWidth: 0, blockQuote: 'literal' });
}
