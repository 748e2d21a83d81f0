// `kg export --format jsonld`, read by real linked-data tools: the `jsonld` library expands, compacts and converts
// the document to N-Quads without touching the network (its context is embedded), and an `n3` store of those quads
// holds every relationship of the graph (as a direct link and reified), every evidence quote as a prov:Entity
// derived from its source, and the ingest of each source as a prov:Activity with its time when the graph has it.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import fs from 'node:fs';
import jsonld, { type RemoteDocument } from 'jsonld';
import { DataFactory, Parser, Store, type Quad_Object } from 'n3';
import type { GraphDump } from '../../src/graph/port';
import { loadSeed } from '../../src/knowledge/load';
import { INGEST_TIME_UNRECORDED, JSONLD_NAMESPACES } from '../../src/transfer/graph-jsonld';
import { openEmbeddedStore, SEED_DIR, tempDataDir } from '../support/engines';
import { SEED_DOCUMENTS, seedEvidence, seedRelationshipIds } from '../support/seed';
import { hostileDump } from './hostile-graph';
import { runKg } from './kg-cli';

const { namedNode, literal } = DataFactory;
const PROV = JSONLD_NAMESPACES.prov;
const RDF = JSONLD_NAMESPACES.rdf;
const KGV = JSONLD_NAMESPACES.kgv;
const XSD = JSONLD_NAMESPACES.xsd;
const node = (kind: string, id: string) => namedNode(`urn:kg:${kind}/${encodeURIComponent(id)}`);

/**
 * Records every attempt to reach the network while `work` runs, and stops it: a TCP connection (what http, https,
 * fetch and the jsonld library's own loader all end in), an http(s) request, and a document the loader is asked for.
 */
async function offline<T>(work: (documentLoader: (url: string) => Promise<RemoteDocument>) => Promise<T>): Promise<{ value?: T; error?: Error; attempts: string[] }> {
  const attempts: string[] = [];
  const refuse = (what: string) => {
    attempts.push(what);
    throw new Error(`network use refused in this test: ${what}`);
  };
  const spies = [
    jest.spyOn(net.Socket.prototype, 'connect').mockImplementation(function connect(...args: unknown[]) {
      return refuse(`connect ${JSON.stringify(args[0])}`);
    }),
    jest.spyOn(http, 'request').mockImplementation((...args: unknown[]) => refuse(`http ${String(args[0])}`)),
    jest.spyOn(https, 'request').mockImplementation((...args: unknown[]) => refuse(`https ${String(args[0])}`)),
    jest.spyOn(globalThis, 'fetch').mockImplementation(async (input) => refuse(`fetch ${String(input)}`)),
  ];
  const documentLoader = async (url: string): Promise<RemoteDocument> => refuse(`load ${url}`);
  try {
    return { value: await work(documentLoader), attempts };
  } catch (e) {
    return { error: e as Error, attempts };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

interface Exported {
  doc: { '@context': Record<string, unknown>; '@graph': Record<string, unknown>[] };
  original: GraphDump;
  started: string;
  finished: string;
}

async function exportJsonld(input: GraphDump | 'seed', name: string): Promise<Exported> {
  const work = tempDataDir(`kg-jsonld-${name}-`);
  const data = path.join(work, 'data');
  const store = await openEmbeddedStore({ dataDir: data });
  const started = new Date().toISOString();
  if (input === 'seed') await loadSeed(store, SEED_DIR);
  else await store.importGraph(input);
  const finished = new Date().toISOString();
  const original = await store.exportGraph();
  await store.close();
  const file = path.join(work, 'graph.jsonld');
  const run = await runKg(['export', '--format', 'jsonld', '--out', file], { KG_DATA_DIR: data, NEO4J_URI: undefined, KG_LOG_LEVEL: 'silent' });
  expect(run.exitCode).toBe(0);
  return { doc: JSON.parse(fs.readFileSync(file, 'utf8')), original, started, finished };
}

/** Sorts expanded JSON-LD so two expansions of the same data compare equal whatever the node and value order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical).sort((a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonical(v)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
  return value;
}

describe('the offline guard of these tests', () => {
  it('catches a remote context, a TCP connection and a fetch (so its silence below means something)', async () => {
    const remote = await offline((documentLoader) => jsonld.expand({ '@context': 'https://schema.org/', name: 'x' }, { documentLoader }));
    expect(remote.error).toBeDefined();
    expect(remote.attempts).toEqual(['load https://schema.org/']);
    const socket = await offline(async () => net.connect(80, 'schema.org'));
    expect(socket.attempts).toEqual([expect.stringMatching(/^connect /)]);
    const fetched = await offline(() => fetch('https://schema.org/'));
    expect(fetched.attempts).toEqual(['fetch https://schema.org/']);
  });
});

describe.each([
  ['seed', 'seed' as const],
  ['hostile values, imported from a file without ingest times', hostileDump],
])('JSON-LD export of the %s graph', (name, input) => {
  let exported: Exported;
  let expanded: Record<string, unknown>[];
  let compacted: Record<string, unknown>;
  let nquads: string;
  let attempts: string[];
  let store: Store;

  beforeAll(async () => {
    exported = await exportJsonld(input, name.replace(/\W/g, '').slice(0, 20));
    const run = await offline(async (documentLoader) => {
      // safe mode: anything that does not expand to an IRI (and would be dropped silently) is an error instead.
      const e = await jsonld.expand(exported.doc, { documentLoader, safe: true });
      const c = await jsonld.compact(e, exported.doc['@context'], { documentLoader, safe: true });
      const q = await jsonld.toRDF(exported.doc, { format: 'application/n-quads', documentLoader, safe: true });
      return { e, c, q };
    });
    if (run.error) throw run.error;
    ({ e: expanded, c: compacted, q: nquads } = run.value!);
    attempts = run.attempts;
    store = new Store(new Parser({ format: 'N-Quads' }).parse(nquads));
  });

  const has = (s: ReturnType<typeof namedNode>, p: string, o: Quad_Object) => store.countQuads(s, namedNode(p), o, null) === 1;
  const objects = (s: ReturnType<typeof namedNode> | null, p: string) => store.getObjects(s, namedNode(p), null);
  const ofType = (type: string) => store.getSubjects(namedNode(`${RDF}type`), namedNode(type), null);

  it('expands, compacts and converts to N-Quads with the jsonld library, asking the network for nothing', () => {
    expect(attempts).toEqual([]);
    // Expansion keeps every node; compacting with the document's own context and expanding again gives the same data.
    expect(expanded).toHaveLength(exported.doc['@graph'].length);
    expect(Array.isArray(compacted['@graph'])).toBe(true);
    return offline((documentLoader) => jsonld.expand(compacted, { documentLoader, safe: true })).then((again) => {
      expect(again.attempts).toEqual([]);
      expect(canonical(again.value)).toEqual(canonical(expanded));
    });
  });

  it('finds every relationship of the graph in the triples, as a link and as a reified statement', () => {
    const { original } = exported;
    const expectedIds = input === 'seed' ? seedRelationshipIds() : hostileDump.relationships.map((r) => r.id).sort();
    expect(original.relationships.map((r) => r.id).sort()).toEqual(expectedIds);
    const statements = ofType(`${RDF}Statement`);
    expect(statements).toHaveLength(expectedIds.length);
    for (const r of original.relationships) {
      expect({ r: r.id, link: has(node('entity', r.from), `${KGV}${r.type}`, node('entity', r.to)) }).toEqual({ r: r.id, link: true });
      const st = node('statement', r.id);
      expect([has(st, `${RDF}subject`, node('entity', r.from)), has(st, `${RDF}predicate`, namedNode(`${KGV}${r.type}`)), has(st, `${RDF}object`, node('entity', r.to))]).toEqual([true, true, true]);
    }
    // Nothing else speaks in the graph's relationship vocabulary.
    const links = original.relationships.map((r) => r.type);
    const linkQuads = store.getQuads(null, null, null, null).filter((q) => q.predicate.value.startsWith(KGV) && links.includes(q.predicate.value.slice(KGV.length) as never));
    expect(linkQuads).toHaveLength(expectedIds.length);
  });

  it('finds every evidence quote: a prov:Entity with its words, derived from its source, generated by its ingest', () => {
    const { original } = exported;
    const expected = input === 'seed' ? seedRelationshipIds().flatMap((id) => seedEvidence(id).map((e) => ({ id, ...e }))) : hostileDump.relationships.flatMap((r) => r.evidence.map((e) => ({ id: r.id, ...e })));
    const quotes = store.getSubjects(namedNode(`${PROV}value`), null, null);
    expect(quotes).toHaveLength(expected.length);
    for (const e of expected) {
      const evidence = objects(node('statement', e.id), `${KGV}evidence`).filter((q) => has(namedNode(q.value), `${PROV}value`, literal(e.quote)));
      expect({ ...e, found: evidence.length }).toEqual({ ...e, found: 1 });
      const q = namedNode(evidence[0]!.value);
      expect(has(q, `${RDF}type`, namedNode(`${PROV}Entity`))).toBe(true);
      expect(has(q, `${PROV}wasDerivedFrom`, node('source', e.sourceId))).toBe(true);
      expect(has(q, `${PROV}wasGeneratedBy`, node('ingest', e.sourceId))).toBe(true);
    }
    expect(original.relationships.flatMap((r) => r.evidence)).toHaveLength(expected.length);
  });

  it('gives each source its ingest as a prov:Activity with the time the graph recorded, and says when there is none', () => {
    const { original, started, finished } = exported;
    const sourceIds = input === 'seed' ? SEED_DOCUMENTS.map((d) => d.id) : hostileDump.sources.map((s) => s.id);
    expect(original.sources.map((s) => s.id).sort()).toEqual([...sourceIds].sort());
    expect(ofType(`${PROV}Activity`)).toHaveLength(sourceIds.length);
    for (const s of original.sources) {
      const activity = node('ingest', s.id);
      expect(has(node('source', s.id), `${PROV}wasGeneratedBy`, activity)).toBe(true);
      expect(has(node('source', s.id), `${RDF}type`, namedNode(`${PROV}Entity`))).toBe(true);
      // The address as an IRI an RDF reader takes, even when the graph holds it with quotes in it.
      if (s.url) expect(objects(node('source', s.id), 'https://schema.org/url')).toEqual([namedNode(new URL(s.url).href.replace(/"/g, '%22'))]);
      const times = objects(activity, `${PROV}endedAtTime`);
      if (input === 'seed') {
        // Recorded by this test's own ingest, so it lies between the moments before and after it.
        expect(s.ingestedAt! >= started && s.ingestedAt! <= finished).toBe(true);
        expect(times).toEqual([literal(s.ingestedAt!, namedNode(`${XSD}dateTime`))]);
        expect(objects(activity, `${JSONLD_NAMESPACES.rdfs}comment`)).toEqual([]);
      } else {
        expect(s.ingestedAt).toBeNull();
        expect(times).toEqual([]);
        expect(objects(activity, `${JSONLD_NAMESPACES.rdfs}comment`)).toEqual([literal(INGEST_TIME_UNRECORDED)]);
      }
    }
  });

  it('types entities with schema.org where a type fits, and always with the graph own kind', () => {
    for (const e of exported.original.entities) {
      const types = objects(node('entity', e.id), `${RDF}type`).map((t) => t.value);
      expect(types).toContain(`${KGV}${e.kind}`);
      if (['Person', 'Organization', 'Country', 'Place', 'Project', 'Event'].includes(e.kind)) expect(types).toContain(`https://schema.org/${e.kind}`);
      expect(objects(node('entity', e.id), 'https://schema.org/name')).toEqual([literal(e.name)]);
    }
  });

  it('keeps which sources mention each entity', () => {
    for (const m of exported.original.mentions) expect(has(node('source', m.sourceId), 'https://schema.org/mentions', node('entity', m.entityId))).toBe(true);
  });
});
