/**
 * The graph as JSON-LD: entities typed with schema.org where a type fits, relationship types and ontology
 * properties in the graph's own vocabulary (`kgv:`), every relationship also reified as an `rdf:Statement` whose
 * evidence is a `prov:Entity` (the quote, `prov:value`) derived (`prov:wasDerivedFrom`) from its source, and
 * each source a `prov:Entity` and `schema:Article` with its title, url, publisher, date and text. The ingest of each
 * source is a `prov:Activity` (`prov:endedAtTime`: when it wrote the source) that generated (`prov:wasGeneratedBy`)
 * the source's record and the quotes taken from it; a source ingested before the graph recorded ingest times gets
 * the activity without a time and a comment saying so.
 * Written as one document, node by node, from slices of the graph.
 */
import { createHash } from 'node:crypto';
import type { Entity, GraphSlice, Relationship, Source } from '../graph/port';
import { kindNames, relationshipTypeNames, entityPropertyColumns, type KindName, type PropertySpec } from '../ontology/ontology';
import { relationshipPropertyColumns } from '../ontology/schema';

/** Namespaces: node IRIs, the graph's vocabulary, and the standards it uses. */
export const JSONLD_NAMESPACES = {
  kg: 'urn:kg:',
  kgv: 'urn:kg:vocab#',
  schema: 'https://schema.org/',
  prov: 'http://www.w3.org/ns/prov#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

/** schema.org types for kinds where one fits; every node is also typed `kgv:<Kind>`. */
export const SCHEMA_ORG_TYPES: Partial<Record<KindName, string>> = {
  Person: 'schema:Person',
  Organization: 'schema:Organization',
  Group: 'schema:Organization',
  Country: 'schema:Country',
  Place: 'schema:Place',
  Project: 'schema:Project',
  Event: 'schema:Event',
  Sector: 'schema:DefinedTerm',
};

const iri = (kind: 'entity' | 'source' | 'statement' | 'quote' | 'ingest', id: string) => `kg:${kind}/${encodeURIComponent(id)}`;
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex').slice(0, 24);

const typed = (spec: PropertySpec) =>
  spec.type === 'number'
    ? { '@type': 'xsd:double' }
    : spec.type === 'boolean'
      ? { '@type': 'xsd:boolean' }
      : spec.type === 'string[]'
        ? { '@container': '@set' }
        : {};

/** The `@context`: prefixes, the schema.org and PROV terms used, and the graph's own relationship types and properties. */
export function jsonldContext(): Record<string, unknown> {
  const ctx: Record<string, unknown> = {
    ...JSONLD_NAMESPACES,
    name: 'schema:name',
    alternateName: { '@id': 'schema:alternateName', '@container': '@set' },
    description: 'schema:description',
    title: 'schema:headline',
    url: { '@id': 'schema:url', '@type': '@id' },
    urlText: 'kgv:urlText',
    publisher: 'schema:publisher',
    datePublished: 'schema:datePublished',
    text: 'schema:text',
    mentionedIn: { '@reverse': 'schema:mentions', '@type': '@id', '@container': '@set' },
    kind: 'kgv:kind',
    subject: { '@id': 'rdf:subject', '@type': '@id' },
    predicate: { '@id': 'rdf:predicate', '@type': '@vocab' },
    object: { '@id': 'rdf:object', '@type': '@id' },
    evidence: { '@id': 'kgv:evidence', '@type': '@id', '@container': '@set' },
    quote: 'prov:value',
    wasDerivedFrom: { '@id': 'prov:wasDerivedFrom', '@type': '@id' },
    wasGeneratedBy: { '@id': 'prov:wasGeneratedBy', '@type': '@id' },
    endedAtTime: { '@id': 'prov:endedAtTime', '@type': 'xsd:dateTime' },
    label: 'rdfs:label',
    comment: 'rdfs:comment',
  };
  for (const type of relationshipTypeNames) ctx[type] = { '@id': `kgv:${type}`, '@type': '@id', '@container': '@set' };
  const props: Record<string, PropertySpec> = { ...entityPropertyColumns(), ...relationshipPropertyColumns() };
  for (const [name, spec] of Object.entries(props)) ctx[name] = { '@id': `kgv:${name}`, ...typed(spec) };
  for (const kind of kindNames) ctx[kind] = `kgv:${kind}`;
  return ctx;
}

/** Characters an RDF IRI cannot hold that a parsed URL may still contain. */
const NOT_IN_IRI = /[\u0000-\u0020<>"{}|^`\\]/g;

/**
 * A source's address as an IRI (`schema:url`): parsed and percent-encoded, so N-Quads and Turtle readers take it.
 * Text that is no absolute URL stays a plain string (`kgv:urlText`) rather than becoming a broken IRI.
 */
export function urlOf(url: string | null): Record<string, string> {
  if (!url) return {};
  if (!URL.canParse(url)) return { urlText: url };
  return { url: new URL(url).href.replace(NOT_IN_IRI, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`) };
}

/** What the output says where the graph has no ingest time for a source. */
export const INGEST_TIME_UNRECORDED = 'ingested before this graph recorded ingest times (or bulk-loaded): the time is unknown';

/** The ingest of a source: the activity that wrote it and its quotes into the graph, with its time when recorded. */
export function ingestNode(s: Source): Record<string, unknown> {
  return {
    '@id': iri('ingest', s.id),
    '@type': 'prov:Activity',
    label: `ingest of source ${s.id}`,
    ...(s.ingestedAt ? { endedAtTime: s.ingestedAt } : { comment: INGEST_TIME_UNRECORDED }),
  };
}

/** A source: a PROV entity and a schema.org article, generated in the graph by its ingest. */
export function sourceNode(s: Source): Record<string, unknown> {
  return {
    '@id': iri('source', s.id),
    '@type': ['prov:Entity', 'schema:Article'],
    wasGeneratedBy: iri('ingest', s.id),
    title: s.title,
    ...urlOf(s.url),
    ...(s.publisher ? { publisher: s.publisher } : {}),
    ...(s.published ? { datePublished: s.published } : {}),
    text: s.text,
  };
}

/** An entity with its outgoing relationships as direct links, and the sources that mention it. */
export function entityNode(e: Entity, outgoing: readonly Relationship[], mentionedIn: readonly string[]): Record<string, unknown> {
  const links: Record<string, string[]> = {};
  for (const r of outgoing) (links[r.type] ??= []).push(iri('entity', r.to));
  const schemaType = SCHEMA_ORG_TYPES[e.kind];
  return {
    '@id': iri('entity', e.id),
    '@type': schemaType ? [schemaType, e.kind] : [e.kind],
    kind: e.kind,
    name: e.name,
    ...(e.aliases.length ? { alternateName: e.aliases } : {}),
    ...(e.description ? { description: e.description } : {}),
    ...e.properties,
    ...links,
    ...(mentionedIn.length ? { mentionedIn: mentionedIn.map((s) => iri('source', s)) } : {}),
  };
}

/** A relationship reified, and each of its quotes as a PROV entity derived from its source. */
export function statementNodes(r: Relationship): Record<string, unknown>[] {
  const quotes = r.evidence.map((e, i) => ({
    '@id': iri('quote', sha1(`${r.id}\u0000${i}\u0000${e.sourceId}\u0000${e.quote}`)),
    '@type': 'prov:Entity',
    quote: e.quote,
    wasDerivedFrom: iri('source', e.sourceId),
    wasGeneratedBy: iri('ingest', e.sourceId),
  }));
  return [
    {
      '@id': iri('statement', r.id),
      '@type': 'rdf:Statement',
      subject: iri('entity', r.from),
      predicate: r.type,
      object: iri('entity', r.to),
      ...r.properties,
      evidence: quotes.map((q) => q['@id']),
    },
    ...quotes,
  ];
}

/** The JSON-LD document, node by node: memory holds one slice. */
export async function* jsonldChunks(slices: AsyncIterable<GraphSlice>): AsyncGenerator<string> {
  yield `{"@context": ${JSON.stringify(jsonldContext())},\n"@graph": [`;
  let first = true;
  for await (const slice of slices) {
    const nodes: Record<string, unknown>[] = slice.sources.flatMap((s) => [sourceNode(s), ingestNode(s)]);
    const outgoing = new Map<string, Relationship[]>();
    for (const r of slice.relationships) outgoing.set(r.from, [...(outgoing.get(r.from) ?? []), r]);
    const mentions = new Map<string, string[]>();
    for (const m of slice.mentions) mentions.set(m.entityId, [...(mentions.get(m.entityId) ?? []), m.sourceId]);
    for (const e of slice.entities) nodes.push(entityNode(e, outgoing.get(e.id) ?? [], mentions.get(e.id) ?? []));
    for (const r of slice.relationships) nodes.push(...statementNodes(r));
    if (nodes.length === 0) continue;
    yield `${first ? '\n' : ',\n'}${nodes.map((n) => JSON.stringify(n)).join(',\n')}`;
    first = false;
  }
  yield '\n]}\n';
}
