/**
 * Checks a facts document against the ontology, the graph and its own source text, resolves its entities
 * and links its mentions, and turns it into a DocumentWrite. Every problem is reported with the record and
 * field it concerns; nothing is written here.
 */
import { InvalidDocumentError, type DocumentProblem } from '../errors';
import {
  RELATIONSHIP_TYPES,
  isKind,
  isRelationshipType,
  kindProperties,
  relationshipProperties,
  type KindName,
  type PropertySpec,
  type RelationshipTypeName,
} from '../ontology/ontology';
import { endsProblem, kindProblem, relationshipTypeProblem } from '../ontology/checks';
import type { DocumentWrite, Entity, EntityLabel, Json, Relationship, StatedClaim } from '../graph/port';
import { propertyClaims, relationshipTimeClaim, type ClaimContext } from './claims';
import { relationshipId } from '../graph/relationship-key';
import { foldForSearch, normaliseTypography } from '../text/normalise';
import { factsDocumentSchema, type FactsDocument, type FactsEntity, type PropertyValue } from './facts';
import { MentionMatcher } from './mentions';
import { NameIndex, resolveEntities, resolveReference, type IncomingEntity, type Resolution } from './resolve';

/** A facts document ready to write, and how its entities were resolved. */
export interface PreparedDocument {
  write: DocumentWrite;
  resolutions: Resolution[];
  /** The document's entities under their resolved ids (to extend a name index once written). */
  labels: EntityLabel[];
}

/**
 * Parses and checks `raw` (already decoded JSON/YAML) against the graph whose names `graph` indexes.
 * `text` is the source text when the document gives a path.
 */
export function validateDocument(name: string, raw: unknown, options: { text?: string; graph: NameIndex }): PreparedDocument {
  const parsed = factsDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InvalidDocumentError(
      name,
      parsed.error.issues.map((i) => ({ path: formatPath(i.path) || '(document)', message: i.message })),
    );
  }
  const doc: FactsDocument = parsed.data;
  const graph = options.graph;
  const problems: DocumentProblem[] = [];
  const text = doc.source.text ?? options.text;
  if (!text) problems.push({ path: 'source.textPath', message: 'the source text could not be read' });

  const incoming: (IncomingEntity & { description: string | null; properties: Record<string, Json>; claims?: FactsEntity['claims'] })[] = [];
  doc.entities.forEach((e, i) => {
    const at = `entities[${i}]${e.id ? ` (${e.id})` : ` (${e.name})`}`;
    if (!isKind(e.kind)) {
      problems.push({ path: `${at}.kind`, message: kindProblem(e.kind)! });
      return;
    }
    checkProperties(e.properties, kindProperties(e.kind), `${at}.properties`, `kind ${e.kind}`, problems);
    incoming.push({
      at,
      id: e.id,
      kind: e.kind,
      name: e.name,
      aliases: e.aliases,
      distinct: e.distinct,
      description: e.description ?? null,
      properties: definedProperties(e.properties),
      claims: e.claims,
    });
  });

  const resolved = resolveEntities(incoming, graph);
  problems.push(...resolved.problems);
  const entities: Entity[] = [];
  const documentIds = new Map<string, string>();
  const documentNames = new NameIndex();
  const labels: EntityLabel[] = [];
  const byRecord = new Map(incoming.map((e) => [e.at, e]));
  for (const r of resolved.resolutions) {
    const e = byRecord.get(r.at)!;
    if (r.givenId) documentIds.set(r.givenId, r.id);
    documentIds.set(r.id, r.id);
    const label = { id: r.id, kind: e.kind, ...namesToWrite(e, graph.get(r.id)) };
    documentNames.add(label);
    labels.push(label);
    entities.push({ ...label, description: e.description, properties: e.properties });
  }
  const kindOf = (id: string): KindName | undefined => documentNames.get(id)?.kind ?? graph.get(id)?.kind;

  const normalisedText = text ? normaliseTypography(text) : '';
  const claimContext: ClaimContext = { normalisedText, published: doc.source.published ?? null, problems };
  const claims: StatedClaim[] = [];
  for (const r of resolved.resolutions) {
    const e = byRecord.get(r.at)!;
    claims.push(...propertyClaims(r.id, e.properties, e.claims, r.at, claimContext));
  }
  const relationships: Relationship[] = [];
  const seen = new Set<string>();
  doc.relationships.forEach((r, i) => {
    const at = `relationships[${i}] (${r.from} ${r.type} ${r.to})`;
    if (!isRelationshipType(r.type)) {
      problems.push({ path: `${at}.type`, message: relationshipTypeProblem(r.type)! });
      return;
    }
    const type: RelationshipTypeName = r.type;
    const spec = RELATIONSHIP_TYPES[type];
    const ends = (['from', 'to'] as const).map((end) => {
      const found = resolveReference(r[end], spec[end], { ids: documentIds, names: documentNames }, graph);
      if ('problem' in found) {
        problems.push({ path: `${at}.${end}`, message: found.problem });
        return undefined;
      }
      return found.id;
    });
    const [from, to] = ends;
    checkProperties(r.properties, relationshipProperties(type), `${at}.properties`, `relationship ${type}`, problems);
    const quotes = Array.isArray(r.evidence) ? r.evidence : [r.evidence];
    quotes.forEach((quote, q) => {
      if (text && !normalisedText.includes(normaliseTypography(quote))) {
        problems.push({
          path: `${at}.evidence${Array.isArray(r.evidence) ? `[${q}]` : ''}`,
          message: `quote not found in the source text: "${quote.length > 80 ? `${quote.slice(0, 77)}...` : quote}"`,
        });
      }
    });
    if (!from || !to) return;
    const fromKind = kindOf(from)!;
    const toKind = kindOf(to)!;
    const badEnds = endsProblem(type, fromKind, toKind);
    if (badEnds) problems.push({ path: `${at}.type`, message: badEnds });
    const id = relationshipId(from, type, to);
    if (seen.has(id)) problems.push({ path: at, message: `the same relationship (${id}) is stated twice; give both quotes as a list` });
    seen.add(id);
    claims.push(...propertyClaims(id, definedProperties(r.properties), r.claims, at, claimContext));
    const time = relationshipTimeClaim(id, r, quotes, at, claimContext);
    if (time) claims.push(time);
    relationships.push({
      id,
      type,
      from,
      to,
      properties: definedProperties(r.properties),
      evidence: quotes.map((quote) => ({ quote, sourceId: doc.source.id })),
    });
  });

  if (problems.length > 0) throw new InvalidDocumentError(name, problems);
  const source = {
    id: doc.source.id,
    title: doc.source.title,
    url: doc.source.url ?? null,
    publisher: doc.source.publisher ?? null,
    published: doc.source.published ?? null,
    text: text!,
  };
  return { write: { source, entities, relationships, mentions: linkMentions(source.text, labels, graph, doc.mentions), claims }, resolutions: resolved.resolutions, labels };
}

/**
 * The name and aliases to merge into an existing entity: its own name stays, and only spellings it does not
 * already have (ignoring case, dashes and quotes) become aliases, so "Rasht-Astara Railway" adds nothing.
 */
function namesToWrite(incoming: { name: string; aliases: string[] }, existing: EntityLabel | undefined): { name: string; aliases: string[] } {
  if (!existing) return { name: incoming.name, aliases: incoming.aliases };
  const have = new Set([existing.name, ...existing.aliases].map(foldForSearch));
  const aliases: string[] = [];
  for (const label of [incoming.name, ...incoming.aliases]) {
    const folded = foldForSearch(label);
    if (have.has(folded)) continue;
    have.add(folded);
    aliases.push(label);
  }
  return { name: existing.name, aliases };
}

/**
 * Where the source names each entity: every entity of the document (linked even when its name does not
 * occur verbatim, found by every name it has in the graph too) and, unless the document says `mentions: listed`,
 * every entity the graph already holds whose name or an alias occurs in the text.
 */
export function linkMentions(text: string, documentEntities: readonly EntityLabel[], graph: NameIndex, scope: 'all' | 'listed' = 'all'): Record<string, number[]> {
  const labels = new Map<string, EntityLabel>();
  if (scope === 'all') for (const e of graph.all()) labels.set(e.id, e);
  else for (const e of documentEntities) if (graph.get(e.id)) labels.set(e.id, graph.get(e.id)!);
  for (const e of documentEntities) {
    const known = labels.get(e.id);
    labels.set(e.id, known ? { ...known, aliases: [...known.aliases, e.name, ...e.aliases] } : e);
  }
  const found = new MentionMatcher(labels.values()).offsets(text);
  const out: Record<string, number[]> = {};
  for (const e of documentEntities) out[e.id] = found.get(e.id) ?? [];
  for (const [id, offsets] of found) if (offsets.length > 0) out[id] = offsets;
  return out;
}

/** Checks properties against the ontology's declared ones, naming record and field of each problem. */
export function checkProperties(
  props: Record<string, PropertyValue | Json>,
  allowed: Record<string, PropertySpec>,
  at: string,
  owner: string,
  problems: DocumentProblem[],
): void {
  for (const [key, value] of Object.entries(props)) {
    const spec = allowed[key];
    if (!spec) {
      const names = Object.keys(allowed);
      problems.push({ path: `${at}.${key}`, message: `${owner} has no property "${key}"${names.length ? `; it has ${names.join(', ')}` : ''}` });
      continue;
    }
    if (value === null) continue;
    const ok =
      spec.type === 'string[]'
        ? Array.isArray(value) && value.every((v) => typeof v === 'string')
        : spec.type === 'number'
          ? typeof value === 'number' && Number.isFinite(value)
          : typeof value === spec.type;
    if (!ok) problems.push({ path: `${at}.${key}`, message: `must be a ${spec.type}${spec.type === 'number' ? ' (write 25000000000, not "$25 billion")' : ''}` });
  }
}

function definedProperties(props: Record<string, PropertyValue>): Record<string, Json> {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== null)) as Record<string, Json>;
}

/** `entities[3].kind` from a zod issue path. */
export function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
}
