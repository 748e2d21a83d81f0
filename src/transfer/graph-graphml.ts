/**
 * The graph as GraphML for graph tools (Gephi, yEd, Cytoscape, NetworkX): entities and sources as nodes
 * with kind and name, relationships and mentions as directed edges with type and evidence. Lists are written
 * as JSON arrays in string attributes, since GraphML has no list type.
 */
import { createCB } from 'xmlbuilder2';
import type { XMLBuilderCB } from 'xmlbuilder2/lib/interfaces';
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

const CORE_NODE_KEYS = ['label', 'kind', 'name', 'aliases', 'description', 'title', 'url', 'publisher', 'published', 'text'];
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
function xmlText(s: string): string {
  return s.replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
}

function dataValue(v: Json): string {
  if (typeof v === 'string') return xmlText(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return xmlText(JSON.stringify(v));
}

/** The GraphML document, produced piece by piece. */
export function* graphmlChunks(dump: GraphDump): Generator<string> {
  const chunks: string[] = [];
  const xml: XMLBuilderCB = createCB({ data: (chunk: string) => chunks.push(chunk), prettyPrint: true });
  const flush = function* () {
    yield chunks.join('');
    chunks.length = 0;
  };
  const data = (key: string, value: Json | undefined) => {
    if (value === undefined || value === null) return;
    xml.ele('data', { key }).txt(dataValue(value)).up();
  };
  const properties = (prefix: string, props: Properties) => {
    for (const [k, v] of Object.entries(props)) data(`${prefix}_${k}`, v);
  };

  xml.dec({ version: '1.0', encoding: 'UTF-8' });
  xml.ele(GRAPHML_NS, 'graphml').att(XSI_NS, 'xsi:schemaLocation', `${GRAPHML_NS} ${GRAPHML_NS}/1.0/graphml.xsd`);
  for (const key of keys()) {
    xml.ele('key', { id: key.id, for: key.domain, 'attr.name': key.name, 'attr.type': key.type }).up();
  }
  xml.ele('graph', { id: 'knowledge-graph', edgedefault: 'directed' });
  yield* flush();

  for (const e of dump.entities) {
    xml.ele('node', { id: e.id });
    data('n_label', e.name);
    data('n_kind', e.kind);
    data('n_name', e.name);
    data('n_aliases', e.aliases);
    data('n_description', e.description);
    properties('np', e.properties);
    xml.up();
    yield* flush();
  }
  for (const s of dump.sources) {
    xml.ele('node', { id: sourceNodeId(s.id) });
    data('n_label', s.title);
    data('n_kind', SOURCE_LABEL);
    data('n_name', s.title);
    data('n_title', s.title);
    data('n_url', s.url);
    data('n_publisher', s.publisher);
    data('n_published', s.published);
    data('n_text', s.text);
    xml.up();
    yield* flush();
  }
  for (const r of dump.relationships) {
    xml.ele('edge', { id: r.id, source: r.from, target: r.to });
    data('e_label', r.type);
    data('e_type', r.type);
    data('e_evidence', r.evidence.map((e) => e.quote));
    data('e_evidenceSources', r.evidence.map((e) => e.sourceId));
    properties('ep', r.properties);
    xml.up();
    yield* flush();
  }
  for (const m of dump.mentions) {
    xml.ele('edge', { id: `${sourceNodeId(m.sourceId)}|${MENTIONS}|${m.entityId}`, source: sourceNodeId(m.sourceId), target: m.entityId });
    data('e_label', MENTIONS);
    data('e_type', MENTIONS);
    data('e_offsets', m.offsets);
    xml.up();
    yield* flush();
  }
  xml.up().up().end();
  yield* flush();
}
