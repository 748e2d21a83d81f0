// `kg export --format graphml`: well-formed XML in the GraphML namespace that graph libraries open, with entities
// and sources as nodes (kind, name) and relationships and mentions as edges (type, evidence).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { MultiDirectedGraph } from 'graphology';
import { parse as parseGraphml } from 'graphology-graphml';
import type { GraphDump } from '../../src/graph/port';
import { graphmlChunks, sourceNodeId } from '../../src/transfer/graph-graphml';
import { openEmbeddedStore, tempDataDir } from '../support/engines';

const GRAPHML_NS = 'http://graphml.graphdrawing.org/xmlns';

/** Parses strictly: any XML error or warning fails. */
function strictXml(text: string): Document {
  const problems: string[] = [];
  const doc = new DOMParser({
    errorHandler: { warning: (m) => problems.push(m), error: (m) => problems.push(m), fatalError: (m) => problems.push(m) },
  }).parseFromString(text, 'application/xml');
  expect(problems).toEqual([]);
  return doc as unknown as Document;
}

const odd: GraphDump = {
  sources: [{ id: 'jalali', title: 'A <b>bold</b> & "quoted" title', url: null, publisher: null, published: null, text: 'Text with \u0001 a control character and \uFFFF a non-character. Jalali met Putin.' }],
  entities: [
    { id: 'jalali', kind: 'Person', name: 'Jalali <envoy> & co', aliases: ["J'"], description: 'Says "hello" & </data> goodbye', properties: { role: 'envoy' } },
    { id: 'deal', kind: 'Agreement', name: 'Deal', aliases: [], description: null, properties: { amount: 25_000_000_000, currency: 'USD' } },
    { id: `odd&"id'<>`, kind: 'Country', name: 'Odd', aliases: [], description: null, properties: {} },
  ],
  relationships: [],
  mentions: [
    { sourceId: 'jalali', entityId: 'jalali', offsets: [73] },
    { sourceId: 'jalali', entityId: `odd&"id'<>`, offsets: [0] },
  ],
};

describe('the GraphML export', () => {
  let dump: GraphDump;
  let xml: string;

  beforeAll(async () => {
    const store = await openEmbeddedStore({ seeded: true });
    dump = await store.exportGraph();
    await store.close();
    xml = [...graphmlChunks(dump)].join('');
  });

  it('is well-formed XML in the GraphML namespace, every data element naming a declared key of its domain', () => {
    const doc = strictXml(xml);
    const root = doc.documentElement;
    expect([root.localName, root.namespaceURI]).toEqual(['graphml', GRAPHML_NS]);
    const keys = new Map(Array.from(doc.getElementsByTagName('key')).map((k) => [k.getAttribute('id')!, k.getAttribute('for')]));
    const names = Array.from(doc.getElementsByTagName('key')).map((k) => `${k.getAttribute('for')}:${k.getAttribute('attr.name')}`);
    expect(new Set(names).size).toBe(names.length);
    for (const data of Array.from(doc.getElementsByTagName('data'))) {
      expect({ key: data.getAttribute('key'), for: keys.get(data.getAttribute('key')!) }).toEqual({ key: data.getAttribute('key'), for: data.parentNode!.nodeName });
    }
    const graph = doc.getElementsByTagName('graph')[0]!;
    expect(graph.getAttribute('edgedefault')).toBe('directed');
  });

  it('opens in graphology with every entity, source, relationship and mention', () => {
    const graph = parseGraphml(MultiDirectedGraph, xml);
    expect(graph.order).toBe(dump.entities.length + dump.sources.length);
    expect(graph.size).toBe(dump.relationships.length + dump.mentions.length);
    const putin = graph.getNodeAttributes('vladimir-putin');
    expect(putin).toMatchObject({ kind: 'Person', name: 'Vladimir Putin', label: 'Vladimir Putin' });
    const memorandum = dump.entities.find((e) => e.kind === 'Agreement' && typeof e.properties.amount === 'number')!;
    expect(graph.getNodeAttribute(memorandum.id, 'amount')).toBe(memorandum.properties.amount);
    const source = dump.sources[0]!;
    expect(graph.getNodeAttributes(sourceNodeId(source.id))).toMatchObject({ kind: 'Source', name: source.title, text: source.text });
    for (const r of dump.relationships) {
      const attributes = graph.getEdgeAttributes(r.id);
      expect(graph.source(r.id)).toBe(r.from);
      expect(graph.target(r.id)).toBe(r.to);
      expect({ type: attributes.type, evidence: JSON.parse(attributes.evidence), sources: JSON.parse(attributes.evidenceSources) }).toEqual({
        type: r.type,
        evidence: r.evidence.map((e) => e.quote),
        sources: r.evidence.map((e) => e.sourceId),
      });
    }
    const mentions = graph.filterEdges((_e, attributes) => attributes.type === 'MENTIONS');
    expect(mentions).toHaveLength(dump.mentions.length);
  });

  it('escapes markup and replaces characters XML cannot carry', () => {
    const text = [...graphmlChunks(odd)].join('');
    strictXml(text);
    const graph = parseGraphml(MultiDirectedGraph, text);
    expect(graph.getNodeAttributes('jalali')).toMatchObject({ name: 'Jalali <envoy> & co', description: 'Says "hello" & </data> goodbye', role: 'envoy', aliases: '["J\'"]' });
    expect(graph.getNodeAttribute('deal', 'amount')).toBe(25_000_000_000);
    expect(graph.getNodeAttribute(sourceNodeId('jalali'), 'text')).toBe('Text with \uFFFD a control character and \uFFFD a non-character. Jalali met Putin.');
    expect(graph.getNodeAttribute(sourceNodeId('jalali'), 'title')).toBe('A <b>bold</b> & "quoted" title');
    expect(graph.hasEdge(sourceNodeId('jalali'), `odd&"id'<>`)).toBe(true);
  });

  // NetworkX is what many analysts open GraphML with; run it when this machine has it.
  const python = spawnSync('python3', ['-c', 'import networkx'], { encoding: 'utf8' });
  const withNetworkx = python.status === 0 ? it : it.skip;
  if (python.status !== 0) process.stderr.write('\n*** python3 with networkx not found: the NetworkX GraphML check is SKIPPED. ***\n\n');

  withNetworkx('opens in NetworkX with the same nodes and edges', () => {
    const file = path.join(tempDataDir('kg-graphml-'), 'graph.graphml');
    fs.writeFileSync(file, xml);
    const script = [
      'import json, sys, networkx as nx',
      'g = nx.read_graphml(sys.argv[1], force_multigraph=True)',
      "kinds = sorted({d['kind'] for _, d in g.nodes(data=True)})",
      "types = sorted({d['type'] for _, _, d in g.edges(data=True)})",
      "print(json.dumps({'directed': g.is_directed(), 'nodes': g.number_of_nodes(), 'edges': g.number_of_edges(), 'kinds': kinds, 'types': types, 'putin': g.nodes['vladimir-putin']['name']}))",
    ].join('\n');
    const run = spawnSync('python3', ['-c', script, file], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      directed: true,
      nodes: dump.entities.length + dump.sources.length,
      edges: dump.relationships.length + dump.mentions.length,
      kinds: [...new Set([...dump.entities.map((e) => e.kind), 'Source'])].sort(),
      types: [...new Set([...dump.relationships.map((r) => r.type), 'MENTIONS'])].sort(),
      putin: 'Vladimir Putin',
    });
  });
});
