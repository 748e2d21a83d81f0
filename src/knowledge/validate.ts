/**
 * Checks a facts document against the ontology and its own source text, and turns it into a DocumentWrite.
 * Every problem is reported with the record and field it concerns; nothing is written here.
 */
import { InvalidDocumentError, type DocumentProblem } from '../errors';
import {
  RELATIONSHIP_TYPES,
  allowsRelationship,
  isKind,
  isRelationshipType,
  kindNames,
  kindProperties,
  relationshipProperties,
  type KindName,
  type PropertySpec,
  type RelationshipTypeName,
} from '../ontology/ontology';
import type { DocumentWrite, Entity, Json, Relationship } from '../graph/port';
import { relationshipId } from '../graph/merge';
import { foldForSearch, quoteOccursIn } from '../text/normalise';
import { factsDocumentSchema, type FactsDocument, type PropertyValue } from './facts';

/** What the validator needs to know about entities already in the graph. */
export type KnownEntities = (ids: string[]) => Promise<Map<string, { kind: KindName }>>;

/** Parses and checks `raw` (already decoded JSON/YAML). `text` is the source text when the document gives a path. */
export async function validateDocument(
  name: string,
  raw: unknown,
  options: { text?: string; knownEntities: KnownEntities },
): Promise<DocumentWrite> {
  const parsed = factsDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InvalidDocumentError(
      name,
      parsed.error.issues.map((i) => ({ path: formatPath(i.path) || '(document)', message: i.message })),
    );
  }
  const doc: FactsDocument = parsed.data;
  const problems: DocumentProblem[] = [];
  const text = doc.source.text ?? options.text;
  if (!text) problems.push({ path: 'source.textPath', message: 'the source text could not be read' });

  const entities: Entity[] = [];
  const kindsById = new Map<string, KindName>();
  doc.entities.forEach((e, i) => {
    const at = `entities[${i}]${e.id ? ` (${e.id})` : ''}`;
    if (!e.id) {
      problems.push({ path: `${at}.id`, message: 'an id is required (entity resolution by name arrives with `kg ingest`)' });
      return;
    }
    if (kindsById.has(e.id)) problems.push({ path: `${at}.id`, message: `duplicate id "${e.id}"` });
    if (!isKind(e.kind)) {
      problems.push({ path: `${at}.kind`, message: `unknown kind "${e.kind}"; the ontology knows ${kindNames.join(', ')}` });
      return;
    }
    checkProperties(e.properties, kindProperties(e.kind), `${at}.properties`, `kind ${e.kind}`, problems);
    kindsById.set(e.id, e.kind);
    entities.push({
      id: e.id,
      kind: e.kind,
      name: e.name,
      aliases: e.aliases,
      description: e.description ?? null,
      properties: definedProperties(e.properties),
    });
  });

  const referenced = [...new Set(doc.relationships.flatMap((r) => [r.from, r.to]))].filter((id) => !kindsById.has(id));
  const known = referenced.length > 0 ? await options.knownEntities(referenced) : new Map<string, { kind: KindName }>();
  const kindOf = (id: string) => kindsById.get(id) ?? known.get(id)?.kind;

  const relationships: Relationship[] = [];
  const seen = new Set<string>();
  doc.relationships.forEach((r, i) => {
    const at = `relationships[${i}] (${r.from} ${r.type} ${r.to})`;
    if (!isRelationshipType(r.type)) {
      problems.push({ path: `${at}.type`, message: `unknown relationship type "${r.type}"; the ontology knows ${Object.keys(RELATIONSHIP_TYPES).join(', ')}` });
      return;
    }
    const type: RelationshipTypeName = r.type;
    const fromKind = kindOf(r.from);
    const toKind = kindOf(r.to);
    if (!fromKind) problems.push({ path: `${at}.from`, message: `no entity "${r.from}" in this document or the graph` });
    if (!toKind) problems.push({ path: `${at}.to`, message: `no entity "${r.to}" in this document or the graph` });
    if (fromKind && toKind && !allowsRelationship(type, fromKind, toKind)) {
      const spec = RELATIONSHIP_TYPES[type];
      problems.push({
        path: `${at}.type`,
        message: `${type} cannot join ${fromKind} to ${toKind}; it joins ${spec.from.join('|')} to ${spec.to.join('|')}`,
      });
    }
    checkProperties(r.properties, relationshipProperties(type), `${at}.properties`, `relationship ${type}`, problems);
    const quotes = Array.isArray(r.evidence) ? r.evidence : [r.evidence];
    quotes.forEach((quote, q) => {
      if (text && !quoteOccursIn(quote, text)) {
        problems.push({
          path: `${at}.evidence${Array.isArray(r.evidence) ? `[${q}]` : ''}`,
          message: `quote not found in the source text: "${quote.length > 80 ? `${quote.slice(0, 77)}...` : quote}"`,
        });
      }
    });
    const id = relationshipId(r.from, type, r.to);
    if (seen.has(id)) problems.push({ path: at, message: 'the same relationship is stated twice; give both quotes as a list' });
    seen.add(id);
    relationships.push({
      id,
      type,
      from: r.from,
      to: r.to,
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
  return { source, entities, relationships, mentions: mentionOffsets(entities, source.text) };
}

/** Character offsets where each entity's name or an alias occurs (case-, dash- and quote-insensitive). */
export function mentionOffsets(entities: Entity[], text: string): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const e of entities) {
    const offsets = new Set<number>();
    for (const label of [e.name, ...e.aliases]) {
      if (foldForSearch(label).length < 3) continue;
      const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${labelPattern(label)}(?![\\p{L}\\p{N}])`, 'giu');
      for (const m of text.matchAll(pattern)) offsets.add(m.index!);
    }
    out[e.id] = [...offsets].sort((a, b) => a - b);
  }
  return out;
}

function labelPattern(label: string): string {
  return label
    .trim()
    .split('')
    .map((ch) => {
      if (/[-\u2010-\u2015\u2212]/.test(ch)) return '[-\\u2010-\\u2015\\u2212]';
      if (/['\u2018\u2019\u02BC]/.test(ch)) return "['\\u2018\\u2019\\u02BC]";
      if (/\s/.test(ch)) return '\\s+';
      return ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
}

function checkProperties(
  props: Record<string, PropertyValue>,
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
      spec.type === 'string[]' ? Array.isArray(value) : spec.type === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === spec.type;
    if (!ok) problems.push({ path: `${at}.${key}`, message: `must be a ${spec.type}${spec.type === 'number' ? ' (write 25000000000, not "$25 billion")' : ''}` });
  }
}

function definedProperties(props: Record<string, PropertyValue>): Record<string, Json> {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== null)) as Record<string, Json>;
}

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
}
