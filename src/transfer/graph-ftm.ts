/**
 * FollowTheMoney (FtM) entity streams, one JSON entity a line (`{"id", "schema", "properties": {name: [values]}}`):
 * written from the graph through the table in ftm-mapping.ts, and read back into facts documents (one per source
 * Document) that `kg import --format ftm` sends through the normal validation and entity resolution.
 *
 * Each relationship becomes one interval entity per source that states it (a statement), with that source's
 * Document as `proof` and its verbatim quotes in `summary`, so which source said what survives FtM's unordered
 * property values.
 */
import { createHash } from 'node:crypto';
import { Model, defaultModel, type Schema } from '@opensanctions/followthemoney';
import type { DocumentProblem } from '../errors';
import type { Entity, GraphSlice, Json, Relationship, Source } from '../graph/port';
import type { FactsDocumentInput } from '../knowledge/facts';
import {
  isRelationshipType,
  kindNames,
  kindProperties,
  relationshipProperties,
  type KindName,
  type PropertySpec,
  type RelationshipTypeName,
} from '../ontology/ontology';
import { quoteOccursIn } from '../text/normalise';
import {
  ALIAS_PROPERTIES_ON_IMPORT,
  CORE_PROPERTIES as CORE,
  DEFAULT_TYPE_OF_SCHEMA,
  DOCUMENT_LINKS,
  FALLBACK_PROPERTY,
  FOREIGN_SCHEMATA,
  KIND_SCHEMATA,
  RELATIONSHIP_SCHEMATA,
  SOURCE_PROPERTIES,
  SOURCE_SCHEMA,
  SOURCE_SCHEMA_BASE,
  UNKNOWN_LINK,
  linkMappingFor,
  sourceFtmId,
  type LinkMapping,
} from './ftm-mapping';

/** One FtM entity as it travels in a line of the file. */
export interface FtmEntity {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
}

/** The FtM model this product reads and writes against. */
export const ftmModel = new Model(defaultModel);

// FtM entity ids: letters, digits, dots and dashes (followthemoney's `entity` type).
const FTM_ID = /^[0-9a-zA-Z]([0-9a-zA-Z.-]*[0-9a-zA-Z])?$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

/** FtM id of an entity: its own id when FtM can carry it (graph ids are slugs), else a stable hash. */
export function entityFtmId(id: string): string {
  return FTM_ID.test(id) && !id.includes('.') ? id : `entity.${sha1(id).slice(0, 24)}`;
}

/** FtM id of one source's statement of a relationship. */
export function statementFtmId(relationshipId: string, sourceId: string): string {
  return `link.${sha1(`${relationshipId}\u0000${sourceId}`).slice(0, 24)}`;
}

/** Country names FtM knows (lower case) → their codes. */
const countryCodes = new Map([...ftmModel.getType('country').values].map(([code, label]) => [label.toLowerCase(), code]));

const textValues = (v: Json): string[] => (Array.isArray(v) ? v.map(String) : v === null ? [] : [String(v)]);

/** Adds values to an FtM property, skipping empty ones. */
function put(props: Record<string, string[]>, name: string, values: readonly (string | null | undefined)[]): void {
  const kept = values.filter((v): v is string => typeof v === 'string' && v.length > 0);
  if (kept.length === 0) return;
  (props[name] ??= []).push(...kept);
}

/** Ontology properties as FtM values: mapped ones under their FtM name, the rest as `name: value` in `fallback`. */
function putProperties(props: Record<string, string[]>, values: Record<string, Json>, mapped: Record<string, string>, fallback: string): void {
  for (const [name, value] of Object.entries(values)) {
    const target = mapped[name];
    if (target) put(props, target, textValues(value));
    else put(props, fallback, textValues(value).map((v) => `${name}: ${v}`));
  }
}

/** The Document entity of a source, with its full text. */
export function sourceToFtm(s: Source): FtmEntity {
  const p: Record<string, string[]> = {};
  put(p, CORE.name, [s.title]);
  put(p, SOURCE_PROPERTIES.title, [s.title]);
  put(p, SOURCE_PROPERTIES.url, [s.url]);
  put(p, SOURCE_PROPERTIES.publisher, [s.publisher]);
  put(p, SOURCE_PROPERTIES.published, [s.published]);
  put(p, SOURCE_PROPERTIES.text, [s.text]);
  // FtM dates stop at the second and carry no zone; the graph's times are UTC.
  put(p, SOURCE_PROPERTIES.ingestedAt, [s.ingestedAt ? s.ingestedAt.slice(0, 19) : null]);
  put(p, 'fileName', [`${s.id}.txt`]);
  return { id: sourceFtmId(s.id), schema: SOURCE_SCHEMA, properties: p };
}

interface SourceInfo {
  url: string | null;
  publisher: string | null;
}

/** An entity as an FtM thing; `proof` names the sources that mention it. */
export function entityToFtm(e: Entity, proofs: readonly string[], sources: ReadonlyMap<string, SourceInfo>): FtmEntity {
  const m = KIND_SCHEMATA[e.kind];
  const p: Record<string, string[]> = {};
  put(p, CORE.name, [e.name]);
  for (const also of m.nameAlso ?? []) put(p, also, [e.name]);
  put(p, CORE.aliases, e.aliases);
  put(p, CORE.description, [e.description]);
  if (m.marker) put(p, m.marker.property, [m.marker.value]);
  if (e.kind === 'Country') {
    const code = [e.name, ...e.aliases].map((n) => countryCodes.get(n.toLowerCase())).find(Boolean);
    put(p, CORE.countryCode, [code]);
  }
  putProperties(p, e.properties, m.properties, FALLBACK_PROPERTY.thing);
  put(p, CORE.proof, proofs.map(sourceFtmId));
  put(p, CORE.sourceUrl, [...new Set(proofs.map((s) => sources.get(s)?.url))]);
  put(p, CORE.publisher, [...new Set(proofs.map((s) => sources.get(s)?.publisher))]);
  return { id: entityFtmId(e.id), schema: m.schema, properties: p };
}

/** A relationship as one FtM interval per source that states it, each with that source's quotes. */
export function relationshipToFtm(r: Relationship, toKind: KindName, sources: ReadonlyMap<string, SourceInfo>): FtmEntity[] {
  const m = linkMappingFor(r.type, toKind);
  const bySource = new Map<string, string[]>();
  for (const e of r.evidence) bySource.set(e.sourceId, [...(bySource.get(e.sourceId) ?? []), e.quote]);
  return [...bySource].map(([sourceId, quotes]) => {
    const p: Record<string, string[]> = {};
    put(p, m.from, [entityFtmId(r.from)]);
    put(p, m.to, [entityFtmId(r.to)]);
    for (const [name, value] of Object.entries(m.constants ?? {})) put(p, name, [value]);
    putProperties(p, r.properties, m.properties, FALLBACK_PROPERTY.interval);
    put(p, CORE.relationshipId, [r.id]);
    put(p, CORE.proof, [sourceFtmId(sourceId)]);
    put(p, CORE.quotes, quotes);
    put(p, CORE.sourceUrl, [sources.get(sourceId)?.url]);
    put(p, CORE.publisher, [sources.get(sourceId)?.publisher]);
    return { id: statementFtmId(r.id, sourceId), schema: m.schema, properties: p };
  });
}

/** The FtM lines of a graph, slice by slice: memory holds one slice and the sources' urls and publishers. */
export async function* ftmLines(slices: AsyncIterable<GraphSlice>): AsyncGenerator<string> {
  const sources = new Map<string, SourceInfo>();
  for await (const slice of slices) {
    const out: string[] = [];
    for (const s of slice.sources) {
      sources.set(s.id, { url: s.url, publisher: s.publisher });
      out.push(JSON.stringify(sourceToFtm(s)));
    }
    const proofs = new Map<string, string[]>();
    for (const m of slice.mentions) proofs.set(m.entityId, [...(proofs.get(m.entityId) ?? []), m.sourceId]);
    for (const e of slice.entities) out.push(JSON.stringify(entityToFtm(e, proofs.get(e.id) ?? [], sources)));
    for (const r of slice.relationships) {
      for (const line of relationshipToFtm(r, slice.kinds[r.to]!, sources)) out.push(JSON.stringify(line));
    }
    if (out.length > 0) yield `${out.join('\n')}\n`;
  }
}

// ---- reading ---------------------------------------------------------------------------------------

/** FtM lines read into facts documents, and everything that could not be carried over. */
export interface FtmReading {
  documents: { name: string; document: FactsDocumentInput }[];
  /** Each problem names the line (1-based) and, where known, the FtM id and property. */
  problems: DocumentProblem[];
  lines: number;
}

interface Located {
  line: number;
  entity: FtmEntity;
  schema: Schema;
}

const at = (l: Located, property?: string) => `line ${l.line} (${l.entity.schema} ${l.entity.id})${property ? `.${property}` : ''}`;

/** A slug the facts document accepts, from an FtM id; undefined when nothing is left. */
function slugOf(id: string): string | undefined {
  if (SLUG.test(id)) return id;
  const slug = id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || undefined;
}

/** The kind an FtM thing reads as, or undefined when the ontology has none for its schema. */
function kindOf(e: FtmEntity): KindName | undefined {
  const candidates = kindNames.filter((k) => KIND_SCHEMATA[k].schema === e.schema);
  const marked = candidates.find((k) => {
    const marker = KIND_SCHEMATA[k].marker;
    return marker && (e.properties[marker.property] ?? []).includes(marker.value);
  });
  return marked ?? candidates.find((k) => !KIND_SCHEMATA[k].marker) ?? FOREIGN_SCHEMATA[e.schema];
}

/** Reads `name: value` fallback strings and mapped FtM properties back into ontology properties. */
function readProperties(
  l: Located,
  specs: Record<string, PropertySpec>,
  mapped: Record<string, string>,
  fallback: string,
  problems: DocumentProblem[],
): Record<string, string | number | boolean | string[]> {
  const raw = new Map<string, string[]>();
  for (const [name, ftmName] of Object.entries(mapped)) {
    if (specs[name] && l.entity.properties[ftmName]?.length) raw.set(name, [...l.entity.properties[ftmName]!]);
  }
  for (const v of l.entity.properties[fallback] ?? []) {
    const match = /^([A-Za-z]+): ([\s\S]*)$/.exec(v);
    if (match && specs[match[1]!]) raw.set(match[1]!, [...(raw.get(match[1]!) ?? []), match[2]!]);
  }
  const out: Record<string, string | number | boolean | string[]> = {};
  for (const [name, values] of raw) {
    const spec = specs[name]!;
    if (spec.type === 'string[]') {
      out[name] = values;
      continue;
    }
    if (values.length > 1) problems.push({ path: at(l, name), message: `the graph keeps one value of "${name}"; kept "${values[0]}", left out ${values.slice(1).map((v) => `"${v}"`).join(', ')}` });
    const value = values[0]!;
    if (spec.type === 'number') {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) problems.push({ path: at(l, name), message: `"${value}" is not a number; left out` });
      else out[name] = n;
    } else if (spec.type === 'boolean') out[name] = value === 'true';
    else out[name] = value;
  }
  return out;
}

/** Parses one line into an FtM entity checked against the model; null (with a problem) when it cannot be used. */
function parseLine(text: string, line: number, problems: DocumentProblem[]): Located | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    problems.push({ path: `line ${line}`, message: `bad JSON: ${(e as Error).message}` });
    return null;
  }
  const o = raw as Partial<FtmEntity> | null;
  if (!o || typeof o !== 'object' || typeof o.id !== 'string' || !o.id || typeof o.schema !== 'string') {
    problems.push({ path: `line ${line}`, message: 'not an FtM entity: it needs "id", "schema" and "properties"' });
    return null;
  }
  const schema = ftmModel.schemata[o.schema];
  if (!schema) {
    problems.push({ path: `line ${line} (${o.id})`, message: `unknown FtM schema "${o.schema}"; not imported` });
    return null;
  }
  const properties: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(o.properties ?? {})) {
    if (!schema.hasProperty(name)) {
      problems.push({ path: `line ${line} (${o.schema} ${o.id}).${name}`, message: `FtM schema ${o.schema} has no property "${name}"; left out` });
      continue;
    }
    const list = (Array.isArray(values) ? values : [values]).filter((v) => typeof v === 'string' && v.length > 0) as string[];
    if (list.length > 0) properties[name] = list;
  }
  return { line, entity: { id: o.id, schema: o.schema, properties }, schema };
}

/** The graph type of an FtM interval, and the mapping its ends are read with. */
function linkOf(l: Located): { type: RelationshipTypeName; mapping: LinkMapping } | undefined {
  const recorded = (l.entity.properties[CORE.relationshipId] ?? []).map((id) => id.split('|')[1]).find((t) => t && isRelationshipType(t));
  const type = (recorded as RelationshipTypeName | undefined) ?? DEFAULT_TYPE_OF_SCHEMA[l.entity.schema];
  if (!type) return undefined;
  const all = [...Object.values(RELATIONSHIP_SCHEMATA).flat(), UNKNOWN_LINK];
  const mapping = RELATIONSHIP_SCHEMATA[type].find((m) => m.schema === l.entity.schema) ?? all.find((m) => m.schema === l.entity.schema);
  return mapping ? { type, mapping } : undefined;
}

/**
 * Reads FtM lines into one facts document per source Document. Entities join the documents that prove them,
 * mention them, or state a relationship of theirs; whatever cannot be carried over is named in `problems`.
 */
export function readFtm(file: string, lines: Iterable<string>): FtmReading {
  const problems: DocumentProblem[] = [];
  const documents = new Map<string, Located>();
  const things = new Map<string, { l: Located; kind: KindName }>();
  const statements: { l: Located; type: RelationshipTypeName; mapping: LinkMapping }[] = [];
  const links: { l: Located; document: string; entity: string }[] = [];
  let count = 0;
  for (const text of lines) {
    count++;
    if (!text.trim()) continue;
    const l = parseLine(text, count, problems);
    if (!l) continue;
    const { entity, schema } = l;
    if (schema.isA(SOURCE_SCHEMA_BASE)) documents.set(entity.id, l);
    else if (DOCUMENT_LINKS[entity.schema]) {
      const spec = DOCUMENT_LINKS[entity.schema]!;
      for (const d of entity.properties[spec.document] ?? []) for (const e of entity.properties[spec.entity] ?? []) links.push({ l, document: d, entity: e });
    } else if (schema.isA('Interval') && !schema.isA('Thing')) {
      const link = linkOf(l);
      if (link) statements.push({ l, ...link });
      else problems.push({ path: at(l), message: `cannot tell which relationship type this ${entity.schema} is (no graph type in "${CORE.relationshipId}"); not imported` });
    } else {
      const kind = kindOf(entity);
      if (kind) things.set(entity.id, { l, kind });
      else problems.push({ path: at(l), message: `FtM schema ${entity.schema} has no counterpart among the graph's kinds; not imported` });
    }
  }

  // Sources: a Document is one only with its text, against which every quote is checked again.
  const sources = new Map<string, { doc: FactsDocumentInput; entities: Set<string> }>();
  for (const [id, l] of documents) {
    const p = l.entity.properties;
    const text = p[SOURCE_PROPERTIES.text]?.join('\n\n');
    const sourceId = slugOf(id.startsWith('source.') ? id.slice('source.'.length) : id);
    if (!text || !sourceId) {
      problems.push({ path: at(l), message: !text ? `a source needs its text (${SOURCE_PROPERTIES.text}); nothing it proves is imported` : 'no usable source id' });
      continue;
    }
    const published = p[SOURCE_PROPERTIES.published]?.[0];
    const url = p[SOURCE_PROPERTIES.url]?.[0];
    if (published && !/^\d{4}-\d{2}-\d{2}/.test(published)) problems.push({ path: at(l, SOURCE_PROPERTIES.published), message: `"${published}" is not a full date (YYYY-MM-DD); left out` });
    if (url && !URL.canParse(url)) problems.push({ path: at(l, SOURCE_PROPERTIES.url), message: `"${url}" is not a URL; left out` });
    const title = p[SOURCE_PROPERTIES.title]?.[0] ?? p[CORE.name]?.[0] ?? p.fileName?.[0] ?? sourceId;
    sources.set(id, {
      entities: new Set(),
      doc: {
        source: {
          id: sourceId,
          title,
          ...(url && URL.canParse(url) ? { url } : {}),
          ...(p[SOURCE_PROPERTIES.publisher]?.[0] ? { publisher: p[SOURCE_PROPERTIES.publisher]![0] } : {}),
          ...(published && /^\d{4}-\d{2}-\d{2}/.test(published) ? { published } : {}),
          text,
        },
        entities: [],
        relationships: [],
      },
    });
  }
  const proofOf = (l: Located, id: string) => {
    const s = sources.get(id);
    if (!s && !documents.has(id)) problems.push({ path: at(l, CORE.proof), message: `no Document "${id}" in this file; that proof is left out` });
    return s;
  };

  // Entities join the documents that prove or mention them.
  const refOf = (ftmId: string) => (things.has(ftmId) ? slugOf(ftmId) ?? things.get(ftmId)!.l.entity.properties[CORE.name]?.[0] : slugOf(ftmId)) ?? ftmId;
  for (const [id, { l }] of things) for (const d of l.entity.properties[CORE.proof] ?? []) proofOf(l, d)?.entities.add(id);
  for (const { l, document, entity } of links) {
    const s = proofOf(l, document);
    if (s && things.has(entity)) s.entities.add(entity);
  }

  for (const { l, type, mapping } of statements) {
    const p = l.entity.properties;
    const [from, to] = [mapping.from, mapping.to].map((name) => p[name]?.[0]);
    const quotes = p[CORE.quotes] ?? [];
    const proofs = (p[CORE.proof] ?? []).map((d) => proofOf(l, d)).filter((s) => s !== undefined);
    if (!from || !to) {
      problems.push({ path: at(l, !from ? mapping.from : mapping.to), message: `a ${l.entity.schema} needs both "${mapping.from}" and "${mapping.to}"; not imported` });
      continue;
    }
    if (quotes.length === 0 || proofs.length === 0) {
      problems.push({ path: at(l, quotes.length === 0 ? CORE.quotes : CORE.proof), message: `the graph keeps a relationship only with a quote ("${CORE.quotes}") from its source ("${CORE.proof}"); not imported` });
      continue;
    }
    const properties = readProperties(l, relationshipProperties(type), mapping.properties, FALLBACK_PROPERTY.interval, problems);
    const placed = new Set<string>();
    for (const s of proofs) {
      const own = quotes.filter((q) => quoteOccursIn(q, s.doc.source.text!));
      if (own.length === 0) continue;
      own.forEach((q) => placed.add(q));
      for (const end of [from, to]) if (things.has(end)) s.entities.add(end);
      const relationships = s.doc.relationships!;
      const same = relationships.find((r) => r.type === type && r.from === refOf(from) && r.to === refOf(to));
      if (same) same.evidence = [...new Set([...[same.evidence].flat(), ...own])];
      else relationships.push({ type, from: refOf(from), to: refOf(to), properties, evidence: own });
    }
    for (const q of quotes.filter((q) => !placed.has(q))) {
      problems.push({ path: at(l, CORE.quotes), message: `quote not found in the text of its proof: "${q.length > 80 ? `${q.slice(0, 77)}...` : q}"; left out` });
    }
  }

  const placed = new Set<string>();
  const documentsOut: FtmReading['documents'] = [];
  for (const s of sources.values()) {
    for (const id of s.entities) {
      placed.add(id);
      const { l, kind } = things.get(id)!;
      s.doc.entities!.push(entityRecord(l, kind, problems));
    }
    if (s.doc.entities!.length > 0 || s.doc.relationships!.length > 0) documentsOut.push({ name: `${file}#${s.doc.source.id}`, document: s.doc });
  }
  for (const [id, { l }] of things) {
    if (!placed.has(id)) problems.push({ path: at(l), message: 'no source proves, mentions or states anything about this entity, and the graph takes facts only from sources; not imported' });
  }
  const lineOf = (p: DocumentProblem) => Number(/^line (\d+)/.exec(p.path)?.[1] ?? 0);
  return { documents: documentsOut, problems: dedupe(problems).sort((x, y) => lineOf(x) - lineOf(y)), lines: count };
}

/** A facts document's entity record from an FtM thing. */
function entityRecord(l: Located, kind: KindName, problems: DocumentProblem[]): NonNullable<FactsDocumentInput['entities']>[number] {
  const p = l.entity.properties;
  const m = KIND_SCHEMATA[kind];
  const names = [...(p[CORE.name] ?? []), ...(p.full ?? [])];
  const name = names[0] ?? l.entity.id;
  const aliases = [...new Set([...names.slice(1), ...(p[CORE.aliases] ?? []), ...ALIAS_PROPERTIES_ON_IMPORT.flatMap((a) => p[a] ?? [])])].filter((a) => a !== name);
  const description = p[CORE.description]?.join('\n\n');
  const mapped = m.schema === l.entity.schema ? m.properties : {};
  return {
    ...(slugOf(l.entity.id) ? { id: slugOf(l.entity.id) } : {}),
    kind,
    name,
    aliases,
    ...(description ? { description } : {}),
    properties: readProperties(l, kindProperties(kind), mapped, FALLBACK_PROPERTY.thing, problems),
  };
}

/** The same problem once, even when an entity is read for several documents. */
function dedupe(problems: DocumentProblem[]): DocumentProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
