// `kg import`: a graph file with a problem is refused with the record and field named, and the graph is left as
// it was, whether the problem is found by the checks or by the engine halfway through the one transaction.
import fs from 'node:fs';
import path from 'node:path';
import type { GraphDump, GraphStore } from '../../src/graph/port';
import { graphJsonChunks, parseGraphJson } from '../../src/transfer/graph-json';
import { openEmbeddedStore, tempDataDir } from '../support/engines';
import { runKg } from './kg-cli';
import { seedEntityIds } from '../support/seed';

const ENTITIES = seedEntityIds().length;

const fileText = (dump: GraphDump) => [...graphJsonChunks(dump, 'embedded')].join('');

describe('importing a graph file', () => {
  let seed: GraphDump;

  beforeAll(async () => {
    const store = await openEmbeddedStore({ seeded: true });
    seed = await store.exportGraph();
    await store.close();
  });

  const edited = (edit: (d: GraphDump) => void): GraphDump => {
    const copy = structuredClone(seed);
    edit(copy);
    return copy;
  };

  const problemsOf = (text: string) => {
    try {
      parseGraphJson('graph.json', text);
    } catch (e) {
      return { code: (e as { code: string }).code, problems: (e as { details: { problems: unknown[] } }).details.problems };
    }
    throw new Error('the file was accepted');
  };

  it('accepts its own export', () => {
    expect(parseGraphJson('graph.json', fileText(seed))).toEqual(seed);
  });

  it.each<[string, string, { path: string; message: string | RegExp }]>([
    ['text that is not JSON', '{"format": "kg-graph", ', { path: '(document)', message: /^bad JSON: / }],
    ['a file of another kind', '{"source": {}, "entities": []}', { path: 'format', message: /^not a graph file: "format" must be "kg-graph"/ }],
  ])('refuses %s', (_what, text, problem) => {
    const { code, problems } = problemsOf(text);
    expect(code).toBe('INVALID_DOCUMENT');
    expect(problems[0]).toEqual({ path: problem.path, message: expect.stringMatching(problem.message) });
  });

  it.each<[string, (d: GraphDump) => void, string, string]>([
    ['an unknown kind', (d) => (d.entities[0]!.kind = 'Planet' as never), `entities[0] (${seedEntityIds()[0]}).kind`, 'unknown kind "Planet"'],
    ['a duplicate entity', (d) => d.entities.push({ ...d.entities.find((e) => e.id === 'china')! }), `entities[${ENTITIES}] (china).id`, 'duplicate entity id "china"'],
    ['a property the kind lacks', (d) => (d.entities[0]!.properties.wingspan = 3), `entities[0] (${seedEntityIds()[0]}).properties.wingspan`, 'kind Person has no property "wingspan"'],
    ['a property of the wrong type', (d) => (d.entities.find((e) => e.kind === 'Group')!.properties.size = 'eighty'), '.properties.size', 'must be a number'],
    ['an unknown relationship type', (d) => (d.relationships[0]!.type = 'LIKES' as never), 'relationships[0]', 'unknown relationship type "LIKES"'],
    ['a relationship to a missing entity', (d) => (d.relationships[0]!.to = 'atlantis'), '.to', 'no entity "atlantis" in this file'],
    ['a relationship the ontology forbids', (d) => Object.assign(d.relationships[0]!, { type: 'ENVOY_OF', from: 'iran', to: 'russia' }), '.type', 'ENVOY_OF cannot join Country to Country'],
    ['a quote the source does not contain', (d) => (d.relationships[0]!.evidence[0]!.quote = 'Putin sold Alaska'), '.evidence[0].quote', 'quote not found in source'],
    ['evidence from an unknown source', (d) => (d.relationships[0]!.evidence[0]!.sourceId = 'tass'), '.evidence[0].sourceId', 'no source "tass" in this file'],
    ['a mention past the end of the text', (d) => (d.mentions[0]!.offsets = [10 ** 7]), 'mentions[0]', 'lies beyond the end of the source text'],
  ])('refuses %s, naming the record and field', (_what, edit, where, message) => {
    const { code, problems } = problemsOf(fileText(edited(edit)));
    expect(code).toBe('INVALID_DOCUMENT');
    expect(problems).toContainEqual({ path: expect.stringContaining(where), message: expect.stringContaining(message) });
  });

  describe('with kg import', () => {
    const work = tempDataDir('kg-import-');
    const dataDir = path.join(work, 'graph');
    const kg = (...args: string[]) => runKg(args, { KG_DATA_DIR: dataDir, NEO4J_URI: undefined, KG_LOG_LEVEL: 'silent' });
    const write = (name: string, text: string) => {
      const file = path.join(work, name);
      fs.writeFileSync(file, text);
      return file;
    };

    async function graphNow(): Promise<GraphDump> {
      const store = await openEmbeddedStore({ dataDir });
      try {
        return await store.exportGraph();
      } finally {
        await store.close();
      }
    }

    beforeAll(async () => {
      const store = await openEmbeddedStore({ dataDir, seeded: true });
      await store.close();
    });

    it('lists every problem of a refused file and leaves the graph as it was', async () => {
      const before = await graphNow();
      const bad = edited((d) => {
        d.entities.push({ id: 'mars', kind: 'Planet' as never, name: 'Mars', aliases: [], description: null, properties: {} });
        d.relationships[1]!.to = 'atlantis';
      });
      const run = await kg('import', write('bad.json', fileText(bad)));
      expect(run.exitCode).toBe(1);
      expect(run.stderr.split('\n')).toEqual([
        `kg: INVALID_DOCUMENT: bad.json: entities[${ENTITIES}] (mars).kind: unknown kind "Planet"; the ontology knows Person, Organization, Group, Country, Place, Project, Agreement, Event, Investment, Policy, Sector (and 2 more problems)`,
        expect.stringMatching(/^ {2}relationships\[1\] \(.+\)\.to: no entity "atlantis" in this file$/),
        // The claims about that relationship now name one the file does not hold.
        expect.stringMatching(/^ {2}claims\[\d+\] \(.+\)\.subject: no entity or relationship ".+" in this file$/),
      ]);
      expect(await graphNow()).toEqual(before);
    });

    it('points a Cypher script or a GraphML file to the right tool', async () => {
      expect((await kg('import', write('graph.cypher', 'MATCH (n) RETURN n;'))).stderr).toMatch(/graph\.cypher is a Cypher script: run it in Neo4j \(cypher-shell -f graph\.cypher\)/);
      expect((await kg('import', write('graph.graphml', '<?xml version="1.0"?><graphml/>'))).stderr).toMatch(/looks like XML \(GraphML\?\); kg import reads the JSON/);
      expect((await kg('import', path.join(work, 'missing.json'))).stderr).toMatch(/^kg: BAD_USER_INPUT: cannot read .*missing\.json: ENOENT/);
    });
  });

  it('writes all of a dump in one transaction: a failure halfway leaves nothing behind', async () => {
    const store: GraphStore = await openEmbeddedStore();
    try {
      // Past the checks (importGraph trusts its caller) to the engine, which has no table for an unknown type:
      // it fails on the relationships, after the sources and entities of the same transaction were sent.
      const poisoned = edited((d) => (d.relationships[d.relationships.length - 1]!.type = 'LIKES' as never));
      await expect(store.importGraph(poisoned)).rejects.toThrow();
      expect(await store.stats()).toEqual({ entities: 0, relationships: 0, sources: 0, mentions: 0, entitiesByKind: {}, relationshipsByType: {} });
      await store.importGraph(seed);
      expect(await store.exportGraph()).toEqual(seed);
    } finally {
      await store.close();
    }
  });
});
