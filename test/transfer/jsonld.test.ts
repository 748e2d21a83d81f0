// `kg export --format jsonld`: well-formed JSON-LD (every key and type a term of the @context or a compact IRI of
// one of its prefixes, every node id an IRI), schema.org types where they fit, and every relationship reified with
// each quote a prov:Entity derived from its source. Checked by a small expansion written here, since the
// `jsonld` library is not installed.
import path from 'node:path';
import fs from 'node:fs';
import { LadybugGraphStore } from '../../src/graph/embedded/ladybug-store';
import type { GraphDump } from '../../src/graph/port';
import { loadSeed } from '../../src/knowledge/load';
import { JSONLD_NAMESPACES } from '../../src/transfer/graph-jsonld';
import { SEED_DIR, tempDataDir } from '../support/engines';
import { seedRelationshipIds } from '../support/seed';
import { hostileDump } from './hostile-graph';
import { runKg } from './kg-cli';

type Node = Record<string, unknown> & { '@id': string; '@type': string | string[] };
const KEYWORDS = new Set(['@id', '@type']);

/** The absolute IRI a term or compact IRI stands for under `ctx`; throws when it stands for nothing. */
function expandIri(ctx: Record<string, unknown>, value: string): string {
  const def = ctx[value];
  if (typeof def === 'string') return expandIri(ctx, def);
  if (def && typeof def === 'object') {
    const d = def as Record<string, string>;
    return expandIri(ctx, d['@id'] ?? d['@reverse']!);
  }
  const colon = value.indexOf(':');
  const prefix = value.slice(0, colon);
  if (colon > 0 && typeof ctx[prefix] === 'string' && /^[a-z]+:/.test(ctx[prefix] as string)) return `${ctx[prefix]}${value.slice(colon + 1)}`;
  if (/^(https?|urn):/.test(value)) return value;
  throw new Error(`"${value}" is neither a term of the context nor a compact IRI`);
}

async function exportJsonld(dump: GraphDump | 'seed', name: string): Promise<{ doc: { '@context': Record<string, unknown>; '@graph': Node[] }; original: GraphDump }> {
  const work = tempDataDir(`kg-jsonld-${name}-`);
  const data = path.join(work, 'data');
  const store = new LadybugGraphStore({ dataDir: data, bufferPoolMb: 128 });
  await store.init();
  if (dump === 'seed') await loadSeed(store, SEED_DIR);
  else await store.importGraph(dump);
  const original = await store.exportGraph();
  await store.close();
  const file = path.join(work, 'graph.jsonld');
  const run = await runKg(['export', '--format', 'jsonld', '--out', file], { KG_DATA_DIR: data, NEO4J_URI: undefined, KG_LOG_LEVEL: 'silent' });
  expect(run.exitCode).toBe(0);
  return { doc: JSON.parse(fs.readFileSync(file, 'utf8')), original };
}

describe.each([['seed', 'seed' as const], ['hostile values', hostileDump]])('JSON-LD export of the %s graph', (name, input) => {
  let doc: { '@context': Record<string, unknown>; '@graph': Node[] };
  let original: GraphDump;
  let byId: Map<string, Node>;
  let ctx: Record<string, unknown>;

  beforeAll(async () => {
    ({ doc, original } = await exportJsonld(input, name.replace(/\W/g, '')));
    ctx = doc['@context'];
    byId = new Map(doc['@graph'].map((n) => [n['@id'], n]));
  });

  it('is well-formed: every key, type and id expands to an absolute IRI under its own context', () => {
    for (const [prefix, ns] of Object.entries(JSONLD_NAMESPACES)) expect(ctx[prefix]).toBe(ns);
    expect(byId.size).toBe(doc['@graph'].length);
    for (const node of doc['@graph']) {
      expect(expandIri(ctx, node['@id'])).toMatch(/^urn:kg:(entity|source|statement|quote)\//);
      for (const t of [node['@type']].flat()) expect(expandIri(ctx, t)).toMatch(/^(https:\/\/schema\.org\/|urn:kg:vocab#|http:\/\/www\.w3\.org\/)/);
      for (const key of Object.keys(node)) if (!KEYWORDS.has(key)) expect({ key, iri: expandIri(ctx, key) }).toEqual({ key, iri: expect.stringMatching(/^[a-z]+:/) });
    }
    expect(() => expandIri(ctx, 'notATerm')).toThrow();
  });

  it('types entities with schema.org where a type fits', () => {
    for (const e of original.entities) {
      const node = byId.get(`kg:entity/${encodeURIComponent(e.id)}`)!;
      expect(node).toMatchObject({ kind: e.kind, name: e.name });
      const types = [node['@type']].flat().map((t) => expandIri(ctx, t));
      expect(types).toContain(`urn:kg:vocab#${e.kind}`);
      if (['Person', 'Organization', 'Country', 'Place', 'Project', 'Event'].includes(e.kind)) expect(types).toContain(`https://schema.org/${e.kind}`);
    }
  });

  it('reifies every relationship, each quote a prov:Entity derived from a source with its title', () => {
    if (input === 'seed') expect(original.relationships.map((r) => r.id).sort()).toEqual(seedRelationshipIds());
    for (const r of original.relationships) {
      const statement = byId.get(`kg:statement/${encodeURIComponent(r.id)}`)!;
      expect(statement).toMatchObject({ '@type': 'rdf:Statement', subject: `kg:entity/${encodeURIComponent(r.from)}`, object: `kg:entity/${encodeURIComponent(r.to)}`, ...r.properties });
      expect(expandIri(ctx, statement.predicate as string)).toBe(`urn:kg:vocab#${r.type}`);
      const quotes = (statement.evidence as string[]).map((id) => byId.get(id)!);
      expect(quotes.map((q) => ({ quote: q.quote, source: q.wasDerivedFrom }))).toEqual(r.evidence.map((e) => ({ quote: e.quote, source: `kg:source/${encodeURIComponent(e.sourceId)}` })));
      for (const q of quotes) {
        expect(expandIri(ctx, q['@type'] as string)).toBe('http://www.w3.org/ns/prov#Entity');
        const source = original.sources.find((s) => `kg:source/${encodeURIComponent(s.id)}` === q.wasDerivedFrom)!;
        expect(byId.get(q.wasDerivedFrom as string)).toMatchObject({ title: source.title, text: source.text, ...(source.published ? { datePublished: source.published } : {}) });
      }
      // The plain link too, for tools that do not read reification.
      expect(byId.get(`kg:entity/${encodeURIComponent(r.from)}`)![r.type]).toContain(`kg:entity/${encodeURIComponent(r.to)}`);
    }
  });

  it('keeps which sources mention each entity', () => {
    for (const m of original.mentions) expect(byId.get(`kg:entity/${encodeURIComponent(m.entityId)}`)!.mentionedIn).toContain(`kg:source/${encodeURIComponent(m.sourceId)}`);
  });
});
