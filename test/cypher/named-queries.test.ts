/**
 * The named-query library: every file's header, the Neo4j dialect checked by Neo4j's own linter, and every query
 * run on the embedded engine over the seed graph, its answer checked against the store's own operations.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lintCypherQuery } from '@neo4j-cypher/language-support';
import { ENTITY_LABEL, MENTIONS, SOURCE_LABEL, entityPropertyColumns, kindNames, relationshipTypeNames } from '../../src/ontology/ontology';
import type { GraphStore, Json } from '../../src/graph/port';
import { EMBEDDED_SUFFIX, bindParameters, libraryDir, namedQueries, namedQuery, parseNamedQuery, runNamedQuery, type NamedQuery } from '../../src/queries/library';
import { PROJECT_ROOT, enginesUnderTest, openSeeded } from '../support/engines';
import { WITH_EXAMPLES, seedEvidence, seedRelationshipIds } from '../support/seed';

const DIR = libraryDir(PROJECT_ROOT);
const LIMITS = { timeoutMs: 20000, maxRows: 1000 };
const ACTOR_KINDS = ['Person', 'Organization', 'Group', 'Country'];

/** Rows as objects keyed by column. */
function records(result: { columns: string[]; rows: Json[][] }): Record<string, any>[] {
  return result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c, r[i]])));
}

/** Values each declared parameter takes in the lint: its example, else its default. */
function sampleParameters(q: NamedQuery): Record<string, unknown> {
  return Object.fromEntries(q.parameters.map((p) => [p.name, p.example ?? p.default]));
}

describe('the named-query library', () => {
  const queries = namedQueries(DIR);

  test('holds the six questions analysts ask, each with a description and declared parameters', () => {
    expect(queries.map((q) => q.name).sort()).toEqual(
      expect.arrayContaining(['agreements', 'connected-to-project', 'mentioned-by-source', 'most-connected', 'person-links', 'shortest-path']),
    );
    for (const q of queries) {
      expect(q.description.length).toBeGreaterThan(20);
      for (const p of q.parameters) expect(p.description.length).toBeGreaterThan(3);
    }
  });

  test('every parameter a query uses is declared, and every declared one is used, in both dialects', () => {
    for (const q of queries) {
      for (const text of [q.text.neo4j, q.text.embedded]) {
        const body = text.replace(/\/\/[^\n]*/g, '');
        const used = new Set([...body.matchAll(/\$(\w+)/g)].map((m) => m[1]));
        expect({ query: q.name, used: [...used].sort() }).toEqual({ query: q.name, used: q.parameters.map((p) => p.name).sort() });
      }
    }
  });

  test('an embedded-dialect file sits beside a Neo4j file of the same name', () => {
    const files = fs.readdirSync(DIR);
    for (const f of files.filter((x) => x.endsWith(EMBEDDED_SUFFIX))) expect(files).toContain(f.replace(EMBEDDED_SUFFIX, '.cypher'));
    expect(queries.filter((q) => q.files.embedded !== q.files.neo4j).map((q) => q.name).sort()).toEqual(['connected-to-project', 'person-links', 'relationships-page', 'shortest-path']);
  });

  test.each(fs.readdirSync(DIR).filter((f) => f.endsWith('.cypher') && !f.endsWith(EMBEDDED_SUFFIX)))(
    '%s passes the Neo4j Cypher lint with no diagnostics',
    (file) => {
      const q = namedQuery(DIR, file.replace(/\.cypher$/, ''));
      const { diagnostics } = lintCypherQuery(q.text.neo4j, {
        labels: [ENTITY_LABEL, SOURCE_LABEL, ...kindNames],
        relationshipTypes: [...relationshipTypeNames, MENTIONS],
        propertyKeys: ['id', 'kind', 'name', 'title', 'url', 'publisher', 'published', 'text', 'aliases', 'description', 'evidence', 'sources', 'offsets', ...Object.keys(entityPropertyColumns())],
        parameters: sampleParameters(q),
      });
      expect(diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`)).toEqual([]);
    },
  );

  test('the Neo4j lint does catch a broken query (the check above can fail)', () => {
    const { diagnostics } = lintCypherQuery('MATCH (e:Entity {id: $id})\nRETRN e', { parameters: { id: 'x' } });
    expect(diagnostics.some((d) => d.severity === 1 && d.range.start.line === 1)).toBe(true);
  });

  test('a header with a mistake is refused naming the file and the field', () => {
    expect(() => parseNamedQuery('/q/bad.cypher', '// name: bad\n// description: Something useful to know.\n// params:\n//   k:\n//     type: int\n//     description: hops\nRETURN $k')).toThrow(
      /bad\.cypher: params\.k\.type/,
    );
    expect(() => parseNamedQuery('/q/other.cypher', '// name: bad\n// description: Something useful to know.\nRETURN 1')).toThrow(/must match the file name/);
    expect(() => parseNamedQuery('/q/x.cypher', '// name: x\n// description: a: b: c\nRETURN 1')).toThrow(/x\.cypher: the header comment is not valid YAML/);
  });

  test('parameters are checked against their declarations, naming the parameter', () => {
    const q = namedQuery(DIR, 'connected-to-project');
    expect(bindParameters(q, { project: 'rasht-astara-railway' })).toEqual({ project: 'rasht-astara-railway', k: 2 });
    expect(() => bindParameters(q, {})).toThrow(/needs parameter project/);
    expect(() => bindParameters(q, { project: 'x', k: 7 })).toThrow(/parameter k of connected-to-project: must be at most 6/);
    expect(() => bindParameters(q, { project: 'x', k: 1.5 })).toThrow(/whole number/);
    expect(() => bindParameters(q, { project: 3 })).toThrow(/parameter project .*expected a string/);
    expect(() => bindParameters(q, { project: 'x', hops: 2 })).toThrow(/has no parameter "hops" \(its parameters: project, k\)/);
    expect(() => namedQuery(DIR, 'nope')).toThrow(/no named query "nope"; there are: agreements/);
  });
});

describe('every named query answers on the embedded engine over the seed graph', () => {
  const embedded = enginesUnderTest().find((e) => e.name === 'embedded')!;
  let store: GraphStore;
  const run = async (name: string, params: Record<string, unknown>) => records(await runNamedQuery(store, namedQuery(DIR, name), params, LIMITS));

  beforeAll(async () => {
    store = await openSeeded(embedded, { examples: true });
  });
  afterAll(() => store.close());

  test('connected-to-project lists the actors within k hops, the same ones the store finds', async () => {
    for (const k of [1, 2, 3]) {
      const rows = await run('connected-to-project', { project: 'rasht-astara-railway', k });
      const expected = (await store.connectionsWithin('rasht-astara-railway', { maxHops: k, first: 1000 }))
        .filter((c) => ACTOR_KINDS.includes(c.entity.kind))
        .map((c) => ({ id: c.entity.id, hops: c.distance }));
      expect(rows.map((r) => ({ id: r.id, hops: r.hops }))).toEqual(expected.sort((a, b) => a.hops - b.hops || a.id.localeCompare(b.id)));
      for (const r of rows) expect(r.via).toHaveLength(r.hops);
    }
    const one = await run('connected-to-project', { project: 'rasht-astara-railway', k: 1 });
    expect(one).toEqual([
      // The railway piece ties Iran to the railway twice (it takes part, the line lies in it): either is a shortest step.
      { id: 'iran', name: 'Iran', kind: 'Country', hops: 1, via: [expect.stringMatching(/^(PARTICIPATES_IN|LOCATED_IN)$/)] },
      { id: 'russia', name: 'Russia', kind: 'Country', hops: 1, via: ['PARTICIPATES_IN'] },
    ]);
    const two = (await run('connected-to-project', { project: 'rasht-astara-railway' })).map((r) => r.id);
    // Putin, Novak and Azerbaijan come from the railway piece, Jalali from the interview: one graph.
    expect(two).toEqual(expect.arrayContaining(['russia', 'iran', 'vladimir-putin', 'alexander-novak', 'azerbaijan', 'jalali']));
  });

  test('shortest-path joins Putin to the Rasht–Astara railway through entities only, as long as the store’s shortest path', async () => {
    const [row] = await run('shortest-path', { from: 'vladimir-putin', to: 'rasht-astara-railway' });
    const expected = await store.shortestPath('vladimir-putin', 'rasht-astara-railway', { maxHops: 6 });
    expect(row!.hops).toBe(expected!.relationships.length);
    // The railway piece names Putin Russia's president; both sources put Russia in the railway.
    expect(row!.hops).toBe(2);
    const ids = row!.path.nodes.map((n: any) => n.id);
    expect(ids).toEqual(['vladimir-putin', 'russia', 'rasht-astara-railway']);
    expect(row!.names).toEqual(row!.path.nodes.map((n: any) => n.name));
    expect(row!.types).toEqual(row!.path.relationships.map((r: any) => r.type));
    // Each step is a real relationship of the graph between consecutive entities, in one direction or the other.
    const all = await store.relationshipsOfType([...relationshipTypeNames], {});
    row!.path.relationships.forEach((r: any, i: number) => {
      expect([ids[i], ids[i + 1]].sort()).toEqual([r.from, r.to].sort());
      expect(all.some((x) => x.type === r.type && x.from === r.from && x.to === r.to)).toBe(true);
      const stated = seedEvidence(`${r.from}|${r.type}|${r.to}`, WITH_EXAMPLES);
      expect(stated.length).toBeGreaterThan(0);
      expect(r.properties.evidence).toEqual(stated.map((e) => e.quote));
      expect(r.properties.sources).toEqual(stated.map((e) => e.sourceId));
    });
    expect(row!.path.nodes.every((n: any) => n.kind !== 'Source')).toBe(true);
  });

  test('agreements gives the $25 billion nuclear memorandum first, then the railway agreement, which carries no amount, and filters by party', async () => {
    const all = await run('agreements', {});
    expect(all).toEqual([
      {
        id: 'nuclear-energy-memorandum',
        name: 'Nuclear energy memorandum',
        type: 'memorandum',
        status: 'signed',
        amount: 25000000000,
        currency: 'USD',
        partyIds: expect.arrayContaining(['iran', 'russia']),
        parties: expect.arrayContaining(['Iran', 'Russia']),
        sectors: ['Nuclear energy'],
      },
      {
        id: 'rasht-astara-railway-agreement',
        name: 'Intergovernmental agreement on the Rasht–Astara railway',
        type: 'intergovernmental agreement',
        status: 'signed',
        amount: null,
        currency: null,
        partyIds: expect.arrayContaining(['iran', 'russia']),
        parties: expect.arrayContaining(['Iran', 'Russia']),
        sectors: [],
      },
    ]);
    for (const row of all) expect(row.partyIds).toHaveLength(2);
    expect((await run('agreements', { party: 'russia' })).map((r) => r.id)).toEqual(['nuclear-energy-memorandum', 'rasht-astara-railway-agreement']);
    expect(await run('agreements', { party: 'china' })).toEqual([]);
  });

  test('person-links gives every relationship of a person with the quotes that state it, as the store does', async () => {
    const sources = await store.getSources(['iran-russia-envoy-interview', 'rasht-astara-railway-agreement']);
    const textOf = new Map(sources.map((s) => [s!.id, s!.text]));
    for (const person of ['jalali', 'vladimir-putin', 'ali-larijani', 'russian-energy-minister', 'alexander-novak']) {
      const rows = await run('person-links', { person });
      const page = await store.relationshipsOf(person, { direction: 'BOTH', first: 100 });
      const expected = page.items.map((e) => `${e.direction} ${e.relationship.type} ${e.other.id}`).sort();
      expect(rows.map((r) => `${r.direction} ${r.relationship} ${r.otherId}`).sort()).toEqual(expected);
      for (const r of rows) {
        expect(r.evidence.length).toBeGreaterThan(0);
        expect(r.sources).toHaveLength(r.evidence.length);
        r.evidence.forEach((quote: string, i: number) => expect(textOf.get(r.sources[i])).toContain(quote));
      }
    }
    // Putin's ties come from both sources: the interview's meeting, the railway piece's office and ceremony.
    const putin = await run('person-links', { person: 'vladimir-putin' });
    expect(putin.map((r) => [r.relationship, r.otherId, r.sources]).sort()).toEqual([
      ['MET_WITH', 'ali-larijani', ['iran-russia-envoy-interview']],
      ['OFFICIAL_OF', 'russia', ['rasht-astara-railway-agreement']],
      ['PARTICIPATES_IN', 'rasht-astara-railway-agreement-signing', ['rasht-astara-railway-agreement']],
    ]);
    const jalali = await run('person-links', { person: 'jalali' });
    expect(jalali.map((r) => [r.relationship, r.otherId]).sort()).toEqual([
      ['ENVOY_OF', 'iran'],
      ['POSTED_TO', 'moscow'],
    ]);
  });

  test('mentioned-by-source lists every entity the interview mentions, with the offsets the store holds', async () => {
    const rows = await run('mentioned-by-source', { source: 'iran-russia-envoy-interview' });
    const expected = await store.entitiesMentionedBy('iran-russia-envoy-interview');
    expect(rows.map((r) => r.id).sort()).toEqual(expected.map((m) => m.entity.id).sort());
    for (const m of expected) {
      const row = rows.find((r) => r.id === m.entity.id)!;
      expect(row.offsets).toEqual(m.offsets);
      expect(row.mentions).toBe(m.offsets.length);
    }
    const counts = rows.map((r) => r.mentions);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(await run('mentioned-by-source', { source: 'no-such-source' })).toEqual([]);
  });

  test('most-connected ranks entities by their relationships, counted independently from every relationship of the graph', async () => {
    const rows = await run('most-connected', { limit: 5 });
    const degree = new Map<string, number>();
    for (const r of await store.relationshipsOfType([...relationshipTypeNames], {})) {
      degree.set(r.from, (degree.get(r.from) ?? 0) + 1);
      degree.set(r.to, (degree.get(r.to) ?? 0) + 1);
    }
    const expected = [...degree.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5);
    expect(rows.map((r) => [r.id, r.relationships])).toEqual(expected);
    // The same ranking from the facts documents themselves (a tie both sources state counts once).
    const stated = new Map<string, number>();
    for (const [from, , to] of seedRelationshipIds(WITH_EXAMPLES).map((id) => id.split('|'))) {
      stated.set(from!, (stated.get(from!) ?? 0) + 1);
      stated.set(to!, (stated.get(to!) ?? 0) + 1);
    }
    expect(expected).toEqual([...stated.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5));
    expect(rows[0]!.id).toBe('iran');
    // Without a limit, the header's default (never more than the entities there are).
    const limit = namedQuery(DIR, 'most-connected').parameters.find((p) => p.name === 'limit')!.default as number;
    expect(await run('most-connected', {})).toHaveLength(Math.min(limit, stated.size));
  });
});

describe('overrides by engine', () => {
  test('`<name>.<engine>.cypher` is that engine\'s text; the others run `<name>.cypher`', () => {
    const base = '// name: q\n// description: Something useful to know.\nRETURN 1 AS n';
    const q = parseNamedQuery('/q/q.cypher', base, { neo4j: 'RETURN 2 AS n' });
    expect(q.text).toEqual({ embedded: base, neo4j: 'RETURN 2 AS n' });
    expect(q.files).toEqual({ embedded: 'q.cypher', neo4j: 'q.neo4j.cypher' });
  });

  test('a file of one engine\'s own text without its `<name>.cypher` is refused, naming both', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-queries-'));
    fs.writeFileSync(path.join(dir, 'lonely.neo4j.cypher'), 'RETURN 1');
    expect(() => namedQueries(dir)).toThrow(/lonely\.neo4j\.cypher: a file of the neo4j engine's own text needs lonely\.cypher beside it/);
  });
});
