/**
 * Drafting a facts document from raw text, for a person to complete: the source block, the graph's entities
 * the text names (linked by id), candidate new entities found by compromise (an NLP library), and every
 * sentence naming two or more entities as a candidate relationship. Nothing here touches the graph; a draft
 * cannot be ingested until each candidate relationship has been given a type (or deleted).
 */
import nlp from 'compromise';
import YAML, { isMap, isSeq, type YAMLMap, type YAMLSeq } from 'yaml';
import type { EntityLabel } from '../graph/port';
import { allowsRelationship, relationshipTypeNames, type KindName } from '../ontology/ontology';
import { MentionMatcher, sentencesOf, type MentionSpan } from './mentions';
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
  /** For candidates: which finder of the NLP library proposed it. */
  foundAs?: 'person' | 'place' | 'organization';
  /** Further names the text uses for it (a lone surname), proposed as aliases. */
  newAliases?: string[];
}

/** A sentence that names two or more entities: candidate evidence for a relationship between them. */
export interface CandidateEvidence {
  sentence: string;
  offset: number;
  /** Ids of the entities named, in text order. */
  entities: string[];
  /** The pair proposed for the relationship stub and the types the ontology allows between them. */
  from: string;
  to: string;
  allowedTypes: string[];
}

export interface Draft {
  sourceId: string;
  title: string;
  entities: DraftEntity[];
  evidence: CandidateEvidence[];
  /** The facts document skeleton as YAML, with comments guiding the person completing it. */
  yaml: string;
}

interface Found {
  name: string;
  kind: KindName;
  foundAs: NonNullable<DraftEntity['foundAs']>;
  start: number;
  end: number;
}

/** Drafts a facts document for `text`, linking the names `graph` knows. */
export function draftFacts(text: string, graph: NameIndex, options: DraftOptions = {}): Draft {
  const title = options.title ?? text.split('\n').map((l) => l.trim()).find(Boolean) ?? 'Untitled';
  const sourceId = options.sourceId ?? mintId(title, 'Event', () => false).replace(/-event$/, '');

  const knownSpans = new MentionMatcher(graph.all()).find(text);
  const covered = [...knownSpans.values()].flat();
  const mentioned = new Map<string, EntityLabel>([...knownSpans.keys()].map((id) => [id, { ...graph.get(id)!, aliases: [] }]));
  const people = () => [...mentioned.values(), ...candidates].filter((e) => e.kind === 'Person');

  // Candidates: names the NLP library finds that the graph does not know and no known mention covers.
  const taken = new Set([...graph.all()].map((e) => e.id));
  const candidates: EntityLabel[] = [];
  const foundAs = new Map<string, DraftEntity['foundAs']>();
  const seen = new Set<string>();
  for (const f of candidateNames(text)) {
    if (covered.some((s) => overlaps(s, f))) continue;
    const name = withoutTitles(f.name, f.kind);
    const key = nameKey(name, f.kind);
    if (!key || (f.kind === 'Person' && PERSON_TITLES.includes(key))) continue;
    if (seen.has(`${f.kind}\u0000${key}`) || graph.match(f.kind, [name]).size > 0) continue;
    seen.add(`${f.kind}\u0000${key}`);
    // A lone surname ("Putin", "Novak") is another name of a person already named in full.
    const fullName = f.kind === 'Person' && !key.includes(' ') ? people().find((p) => nameKey(p.name, 'Person').split(' ').pop() === key) : undefined;
    if (fullName) {
      fullName.aliases.push(name);
      continue;
    }
    const id = mintId(name, f.kind, (x) => taken.has(x));
    taken.add(id);
    candidates.push({ id, kind: f.kind, name, aliases: [] });
    foundAs.set(id, f.foundAs);
  }

  const spans = new MentionMatcher([...mentioned.values(), ...candidates].map((e) => (graph.get(e.id) ? { ...e, aliases: [...graph.get(e.id)!.aliases, ...e.aliases] } : e))).find(text);
  const firstMention = (id: string) => spans.get(id)?.[0]?.start ?? Number.MAX_SAFE_INTEGER;
  const entities: DraftEntity[] = [...mentioned.values(), ...candidates]
    .map((e) => ({
      id: e.id,
      kind: e.kind,
      name: e.name,
      known: mentioned.has(e.id),
      offsets: (spans.get(e.id) ?? []).map((s) => s.start),
      ...(e.aliases.length ? { newAliases: e.aliases } : {}),
      ...(foundAs.has(e.id) ? { foundAs: foundAs.get(e.id) } : {}),
    }))
    .sort((x, y) => firstMention(x.id) - firstMention(y.id));

  const byId = new Map(entities.map((e) => [e.id, e]));
  const allSpans: { id: string; start: number }[] = [...spans].flatMap(([id, spans]) => spans.map((s) => ({ id, start: s.start })));
  const evidence: CandidateEvidence[] = [];
  for (const sentence of sentencesOf(text)) {
    const named = [...new Set(allSpans.filter((s) => s.start >= sentence.start && s.start < sentence.end).sort((a, b) => a.start - b.start).map((s) => s.id))];
    if (named.length < 2) continue;
    evidence.push({ sentence: sentence.text, offset: sentence.start, entities: named, ...proposedPair(named.map((id) => byId.get(id)!)) });
  }

  return { sourceId, title, entities, evidence, yaml: renderDraft(text, sourceId, title, entities, evidence, options) };
}

/** People, places and organisations compromise finds, with their character ranges, names cleaned of punctuation and possessives. */
function candidateNames(text: string): Found[] {
  const doc = nlp(text);
  const out: Found[] = [];
  const take = (view: { json(options: object): unknown }, foundAs: Found['foundAs'], kindOf: (tags: string[]) => KindName) => {
    for (const match of view.json({ offset: true }) as { offset: { start: number; length: number }; terms: { tags: string[] }[] }[]) {
      const raw = text.slice(match.offset.start, match.offset.start + match.offset.length);
      // Names start at a capital: "northern Iran" is Iran.
      const name = raw
        .replace(/^(?:\p{Ll}[\p{L}\p{N}]*\s+)+/u, '')
        .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
        .replace(/['\u2019]s$/u, '')
        .trim();
      if (name.length < 2) continue;
      const start = match.offset.start + raw.indexOf(name);
      out.push({ name, kind: kindOf(match.terms.flatMap((t) => t.tags)), foundAs, start, end: start + name.length });
    }
  };
  take(doc.people(), 'person', () => 'Person');
  // Names compromise does not know ("Vitaly Savelyev") still follow a title: "Transport Minister Vitaly Savelyev".
  for (const run of doc.match('#ProperNoun+').json({ offset: true }) as { terms: { text: string; offset: { start: number; length: number } }[] }[]) {
    let last = -1;
    run.terms.forEach((t, i) => {
      if (TITLE_WORDS.has(t.text.toLowerCase().replace(/[^a-z]/g, ''))) last = i;
    });
    const rest = run.terms.slice(last + 1);
    if (last < 0 || rest.length === 0 || !rest.every((t) => /^\p{Lu}/u.test(t.text))) continue;
    const start = rest[0]!.offset.start;
    const end = rest[rest.length - 1]!.offset.start + rest[rest.length - 1]!.offset.length;
    const name = text.slice(start, end).replace(/[^\p{L}\p{N}]+$/u, '');
    out.push({ name, kind: 'Person', foundAs: 'person', start, end: start + name.length });
  }
  take(doc.places(), 'place', (tags) => (tags.includes('Country') ? 'Country' : 'Place'));
  take(doc.organizations(), 'organization', () => 'Organization');
  return out.sort((a, b) => a.start - b.start);
}

const TITLE_WORDS = new Set([...PERSON_TITLES.flatMap((t) => t.split(' ')), 'deputy'].filter((w) => w !== 'of'));

/** A person's name without the titles in front of it ("President Ebrahim Raisi" → "Ebrahim Raisi"); other kinds unchanged. */
function withoutTitles(name: string, kind: KindName): string {
  const tokens = nameTokens(name);
  const kept = nameKeyTokens(tokens.map((t) => t.key), kind);
  if (kept.length === tokens.length || kept.length === 0) return name;
  return name.slice(tokens[tokens.length - kept.length]!.start);
}

function overlaps(a: MentionSpan, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** The first pair, in text order, that some relationship type can join (either way round), with those types. */
function proposedPair(named: DraftEntity[]): { from: string; to: string; allowedTypes: string[] } {
  for (let i = 0; i < named.length; i++) {
    for (let j = i + 1; j < named.length; j++) {
      const [a, b] = [named[i]!, named[j]!];
      const forward = relationshipTypeNames.filter((t) => allowsRelationship(t, a.kind, b.kind));
      if (forward.length > 0) return { from: a.id, to: b.id, allowedTypes: forward };
      const backward = relationshipTypeNames.filter((t) => allowsRelationship(t, b.kind, a.kind));
      if (backward.length > 0) return { from: b.id, to: a.id, allowedTypes: backward };
    }
  }
  return { from: named[0]!.id, to: named[1]!.id, allowedTypes: [] };
}

function renderDraft(text: string, sourceId: string, title: string, entities: DraftEntity[], evidence: CandidateEvidence[], options: DraftOptions): string {
  const plain = {
    source: { id: sourceId, title, ...(options.textPath ? { textPath: options.textPath } : { text }) },
    entities: entities.map((e) => ({ id: e.id, kind: e.kind, name: e.name, ...(e.newAliases ? { aliases: e.newAliases } : {}) })),
    relationships: evidence.map((c) => ({ type: TYPE_TO_CHOOSE, from: c.from, to: c.to, evidence: c.sentence })),
    // The graph's entities the text names are listed above: one the person deletes is not linked either.
    mentions: 'listed',
  };
  const doc = new YAML.Document(plain);
  doc.commentBefore = [
    ` Draft facts document for "${title}", written by \`kg draft\`. Nothing here is in the graph yet.`,
    ' To complete it:',
    ' - check every candidate entity (kind, name; add aliases, a description, properties) or delete it;',
    ` - for every relationship, replace ${TYPE_TO_CHOOSE} with a type the comment above it allows (swap from/to`,
    '   if needed), shorten the evidence to the words that state the tie, or delete the relationship;',
    ' - then `kg ingest <this file> --dry-run` to see what would change, and `kg ingest <this file>`.',
  ].join('\n');
  const entityItems = doc.get('entities') as YAMLSeq;
  entities.forEach((e, i) => {
    const node = entityItems.items[i] as YAMLMap;
    const times = `${e.offsets.length} mention${e.offsets.length === 1 ? '' : 's'}`;
    node.commentBefore = e.known
      ? ` known to the graph (${times})`
      : ` candidate (${e.foundAs} found by compromise, ${times}): check the kind and name, or delete`;
  });
  const relItems = doc.get('relationships');
  if (isSeq(relItems)) {
    evidence.forEach((c, i) => {
      const node = relItems.items[i];
      if (!isMap(node)) return;
      const names = c.entities.join(', ');
      const types = c.allowedTypes.length
        ? `types from ${c.from} to ${c.to}: ${c.allowedTypes.join(', ')}`
        : 'the ontology has no type between the first two; choose other ends';
      node.commentBefore = ` names: ${names}\n ${types}`;
    });
  }
  return doc.toString({ lineWidth: 0, blockQuote: 'literal' });
}
