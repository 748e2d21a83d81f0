/**
 * The graph as GraphML for graph tools (Gephi, yEd, Cytoscape, NetworkX): entities and sources as nodes
 * with kind and name, relationships and mentions as directed edges with type and evidence. Lists are written
 * as JSON arrays in string attributes, since GraphML has no list type. Written directly rather than through an
 * XML builder: escaping is all it takes, and builders cost ~150 µs an element (minutes for a large graph); the
 * tests read the output back with two XML parsers and two graph libraries.
 */
import type { GraphDump, Json, Properties } from '../graph/port';
import { MENTIONS, SOURCE_LABEL, entityPropertyColumns, type PropertySpec } from '../ontology/ontology';
import { relationshipPropertyColumns } from '../ontology/schema';

const GRAPHML_NS = 'http://graphml.graphdrawing.org/xmlns';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** Source node ids are prefixed: a source and an entity may share a slug. */
export const sourceNodeId = (id: string) => `source:${id}`;

type Domain = 'node' | 'edge';
interface Key {
  id: string;
  domain: Domain;
  name: string;
  type: 'string' | 'double' | 'boolean';
}

const CORE_NODE_KEYS = ['label', 'kind', 'name', 'aliases', 'description', 'title', 'url', 'publisher', 'published', 'text', 'ingestedAt'];
const CORE_EDGE_KEYS = ['label', 'type', 'evidence', 'evidenceSources', 'offsets'];

function keys(): Key[] {
  const list: Key[] = [
    ...CORE_NODE_KEYS.map((name) => ({ id: `n_${name}`, domain: 'node' as const, name, type: 'string' as const })),
    ...CORE_EDGE_KEYS.map((name) => ({ id: `e_${name}`, domain: 'edge' as const, name, type: 'string' as const })),
  ];
  const propertyKeys = (domain: Domain, columns: Record<string, PropertySpec>, core: string[]) =>
    Object.entries(columns).map(([name, spec]) => ({
      id: `${domain[0]}p_${name}`,
      domain,
      // A property named like a core attribute keeps a prefix, so no two keys share a name.
      name: core.includes(name) ? `property_${name}` : name,
      type: spec.type === 'number' ? ('double' as const) : spec.type === 'boolean' ? ('boolean' as const) : ('string' as const),
    }));
  return [...list, ...propertyKeys('node', entityPropertyColumns(), CORE_NODE_KEYS), ...propertyKeys('edge', relationshipPropertyColumns(), CORE_EDGE_KEYS)];
}

/** Characters XML 1.0 cannot carry even escaped become U+FFFD. */
const NOT_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const MARKUP: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text or an attribute value, escaped for XML. */
export function xmlEscape(s: string): string {
  return s.replace(NOT_XML, '\uFFFD').replace(/[&<>"']/g, (ch) => MARKUP[ch]!);
}

function dataValue(v: Json): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

const attributes = (attrs: Record<string, string>) =>
  Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${xmlEscape(v)}"`)
    .join('');

/** One `<node>` or `<edge>` with its data, on its own lines. */
function element(name: 'node' | 'edge', attrs: Record<string, string>, data: [string, Json | undefined][]): string {
  const lines = data
    .filter((d): d is [string, Json] => d[1] !== undefined && d[1] !== null)
    .map(([key, value]) => `      <data key="${key}">${xmlEscape(dataValue(value))}</data>\n`);
  return `    <${name}${attributes(attrs)}>\n${lines.join('')}    </${name}>\n`;
}

const propertyData = (prefix: string, props: Properties): [string, Json][] => Object.entries(props).map(([k, v]) => [`${prefix}_${k}`, v]);

/** The GraphML document, produced piece by piece. */
export function* graphmlChunks(dump: GraphDump): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<graphml xmlns="${GRAPHML_NS}" xmlns:xsi="${XSI_NS}" xsi:schemaLocation="${GRAPHML_NS} ${GRAPHML_NS}/1.0/graphml.xsd">\n`;
  for (const key of keys()) {
    yield `  <key${attributes({ id: key.id, for: key.domain, 'attr.name': key.name, 'attr.type': key.type })}/>\n`;
  }
  yield '  <graph id="knowledge-graph" edgedefault="directed">\n';
  for (const e of dump.entities) {
    yield element('node', { id: e.id }, [
      ['n_label', e.name],
      ['n_kind', e.kind],
      ['n_name', e.name],
      ['n_aliases', e.aliases],
      ['n_description', e.description],
      ...propertyData('np', e.properties),
    ]);
  }
  for (const s of dump.sources) {
    yield element('node', { id: sourceNodeId(s.id) }, [
      ['n_label', s.title],
      ['n_kind', SOURCE_LABEL],
      ['n_name', s.title],
      ['n_title', s.title],
      ['n_url', s.url],
      ['n_publisher', s.publisher],
      ['n_published', s.published],
      ['n_text', s.text],
      ['n_ingestedAt', s.ingestedAt ?? null],
    ]);
  }
  for (const r of dump.relationships) {
    yield element('edge', { id: r.id, source: r.from, target: r.to }, [
      ['e_label', r.type],
      ['e_type', r.type],
      ['e_evidence', r.evidence.map((e) => e.quote)],
      ['e_evidenceSources', r.evidence.map((e) => e.sourceId)],
      ...propertyData('ep', r.properties),
    ]);
  }
  for (const m of dump.mentions) {
    yield element('edge', { id: `${sourceNodeId(m.sourceId)}|${MENTIONS}|${m.entityId}`, source: sourceNodeId(m.sourceId), target: m.entityId }, [
      ['e_label', MENTIONS],
      ['e_type', MENTIONS],
      ['e_offsets', m.offsets],
    ]);
  }
  yield '  </graph>\n</graphml>\n';
}
