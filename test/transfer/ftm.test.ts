// FollowTheMoney: the seeded graph exported with `kg export --format ftm` is valid against the FtM model (every
// schema, property, vocabulary value and entity reference), and `kg import --format ftm` into an empty folder
// rebuilds the same sources, entities, relationships and evidence through the normal ingest. A foreign file
// with schemata the graph has no kind for is imported as far as it can be and every left-out line is named.
import fs from 'node:fs';
import path from 'node:path';
import { Model, defaultModel } from '@opensanctions/followthemoney';
import type { GraphDump, GraphStore } from '../../src/graph/port';
import { loadSeed } from '../../src/knowledge/load';
import { loadConfig } from '../../src/config';
import { Neo4jGraphStore } from '../../src/graph/neo4j/neo4j-store';
import { enginesUnderTest, type EngineUnderTest, openEmbeddedStore, SEED_DIR, tempDataDir } from '../support/engines';
import { SEED_DOCUMENTS, seedEntityIds, seedRelationshipIds } from '../support/seed';
import { runKg, type KgRun } from './kg-cli';

const model = new Model(defaultModel);
interface Line {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
}

/** A dump with evidence in a fixed order: FtM values are sets, so the order of quotes is not carried. */
const canonical = (d: GraphDump) => ({
  ...d,
  relationships: d.relationships.map((r) => ({ ...r, evidence: [...r.evidence].sort((a, b) => `${a.sourceId}${a.quote}`.localeCompare(`${b.sourceId}${b.quote}`)) })),
  mentions: d.mentions.map((m) => `${m.sourceId} -> ${m.entityId}`),
});

/**
 * Where a graph lives for `kg`: a data folder for the embedded engine; for Neo4j the database NEO4J_URI names
 * (one database, so `fresh` wipes it).
 */
interface GraphPlace {
  env: Record<string, string | undefined>;
  fresh(): Promise<void>;
  open(): Promise<GraphStore>;
}

function placeOn(engine: EngineUnderTest, dataDir: string): GraphPlace {
  if (engine.name === 'embedded') {
    return { env: { KG_DATA_DIR: dataDir, NEO4J_URI: undefined }, fresh: async () => fs.rmSync(dataDir, { recursive: true, force: true }), open: async () => openEmbeddedStore({ dataDir }) };
  }
  return {
    env: { KG_DATA_DIR: dataDir },
    fresh: async () => (await engine.open()).close(),
    open: async () => opened(new Neo4jGraphStore(loadConfig().neo4j!)),
  };
}

async function opened(store: GraphStore): Promise<GraphStore> {
  await store.init();
  return store;
}

async function dumpOf(place: GraphPlace): Promise<GraphDump> {
  const store = await place.open();
  try {
    return await store.exportGraph();
  } finally {
    await store.close();
  }
}

describe.each(enginesUnderTest().map((e) => [e.name, e] as const))('FollowTheMoney export and import on %s', (engineName, engine) => {
  const work = tempDataDir('kg-ftm-');
  const original = placeOn(engine, path.join(work, 'original'));
  const rebuilt = placeOn(engine, path.join(work, 'rebuilt'));
  const file = path.join(work, 'graph.ftm.json');
  const kg = (place: GraphPlace, ...args: string[]) => runKg(args, { ...place.env, KG_LOG_LEVEL: 'silent' });
  let exported: KgRun;
  let imported: KgRun;
  let again: KgRun;
  let lines: Line[];
  let a: GraphDump;
  let b: GraphDump;
  let importStarted: string;

  beforeAll(async () => {
    await original.fresh();
    const seeding = await original.open();
    await loadSeed(seeding, SEED_DIR);
    await seeding.close();
    exported = await kg(original, 'export', '--format', 'ftm', '--out', file);
    lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Line);
    a = await dumpOf(original);
    await rebuilt.fresh();
    importStarted = new Date().toISOString();
    imported = await kg(rebuilt, 'import', '--format', 'ftm', file);
    again = await kg(rebuilt, 'import', '--format', 'ftm', file);
    b = await dumpOf(rebuilt);
  });

  it('writes one line per source, entity and statement (a relationship as each source states it)', () => {
    expect(exported).toMatchObject({ exitCode: 0, stderr: `kg: wrote the ${engineName} graph to ${file} (ftm)` });
    const statements = new Set(a.relationships.flatMap((r) => r.evidence.map((e) => `${r.id} ${e.sourceId}`))).size;
    expect(lines).toHaveLength(SEED_DOCUMENTS.length + seedEntityIds().length + statements);
    expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length);
  });

  it('is valid against the FtM model: schemata, properties, vocabularies and entity references', () => {
    const byId = new Map(lines.map((l) => [l.id, l]));
    for (const line of lines) {
      const schema = model.schemata[line.schema]!;
      expect({ id: line.id, schema: line.schema, known: Boolean(schema), abstract: schema?.abstract }).toEqual({ id: line.id, schema: line.schema, known: true, abstract: false });
      expect(line.id).toMatch(/^[0-9a-zA-Z]([0-9a-zA-Z.-]*[0-9a-zA-Z])?$/);
      for (const name of schema.required) expect({ id: line.id, required: name, present: (line.properties[name] ?? []).length > 0 }).toEqual({ id: line.id, required: name, present: true });
      for (const [name, values] of Object.entries(line.properties)) {
        expect({ id: line.id, property: name, exists: schema.hasProperty(name) }).toEqual({ id: line.id, property: name, exists: true });
        const prop = schema.getProperty(name);
        expect(values.length).toBeGreaterThan(0);
        for (const v of values) {
          expect(typeof v).toBe('string');
          if (prop.type.values.size > 0) expect({ property: name, value: v, known: prop.type.values.has(v) }).toEqual({ property: name, value: v, known: true });
          if (prop.type.name === 'number') expect(Number.isFinite(Number(v))).toBe(true);
          if (prop.type.name === 'entity') {
            const target = byId.get(v);
            expect({ ref: `${line.id}.${name}`, target: v, found: Boolean(target) }).toEqual({ ref: `${line.id}.${name}`, target: v, found: true });
            expect({ ref: `${line.id}.${name}`, fits: model.getSchema(target!.schema).isA(prop.getRange()) }).toEqual({ ref: `${line.id}.${name}`, fits: true });
          }
        }
      }
    }
    // Every quote is kept with the Document it comes from.
    const quotes = lines.filter((l) => l.properties.recordId).flatMap((l) => l.properties.summary!.map((q) => `${l.properties.recordId![0]} ${l.properties.proof![0]} ${q}`));
    expect(quotes.sort()).toEqual(a.relationships.flatMap((r) => r.evidence.map((e) => `${r.id} source.${e.sourceId} ${e.quote}`)).sort());
    // Each source's ingest time, to the second (FtM dates carry no fractions or zone).
    for (const src of a.sources) expect(lines.find((l) => l.id === `source.${src.id}`)!.properties.processedAt).toEqual([src.ingestedAt!.slice(0, 19)]);
    expect(lines.find((l) => l.id === 'russia')).toMatchObject({ schema: 'PublicBody', properties: { topics: ['gov.national'], jurisdiction: ['ru'] } });
  });

  it('imports into an empty graph through the ingest, leaving nothing out', async () => {
    expect(imported.exitCode).toBe(0);
    expect(imported.stdout).not.toMatch(/not carried over|^rejected/m);
    expect(imported.stdout).toMatch(new RegExp(`^documents: ${SEED_DOCUMENTS.length} \\(${SEED_DOCUMENTS.length} ingested, 0 rejected\\)`));
  });

  it('rebuilds the same sources, entities, relationships and evidence', () => {
    expect(a.entities.map((e) => e.id)).toEqual(seedEntityIds());
    expect(a.relationships.map((r) => r.id).sort()).toEqual(seedRelationshipIds());
    const [ca, cb] = [canonical(a), canonical(b)];
    // The import is an ingest of its own, and records its own time (FtM's processedAt is "the most recent ingestion").
    const withoutTime = (d: GraphDump) => d.sources.map(({ ingestedAt: _time, ...rest }) => rest);
    expect(withoutTime(b)).toEqual(withoutTime(a));
    for (const s of b.sources) expect(s.ingestedAt! >= importStarted).toBe(true);
    expect(cb.entities).toEqual(ca.entities);
    expect(cb.relationships).toEqual(ca.relationships);
    // Mentions are recomputed from the texts: every source still names every entity it named.
    expect(cb.mentions).toEqual(expect.arrayContaining(ca.mentions));
  });

  it('points a plain `kg import` of an FtM file at --format ftm, changing nothing', async () => {
    const run = await kg(placeOn(engine, path.join(work, 'untouched')), 'import', file);
    expect(run).toMatchObject({ exitCode: 1, stderr: `kg: BAD_USER_INPUT: ${file} holds FollowTheMoney entities, one a line: import it with \`kg import --format ftm graph.ftm.json\`` });
  });

  it('changes nothing when imported again', () => {
    expect(again.exitCode).toBe(0);
    // The last row: the total, or the one document's own row when there is one.
    expect(again.stdout).toMatch(/│ [^│]+│ 0 +│ 0 +│ \d+ +│ 0 +│ 0 +│ \d+ +│ \d+ +│\n└/);
  });

  it('imports a foreign file as far as it can and names every line it leaves out', async () => {
    const text = 'Acme Holdings hired Jane Roe as director. Roe is a member of the Chess Club. The ship Sea Star sailed.';
    const foreign: (Line | string)[] = [
      { id: 'doc1', schema: 'PlainText', properties: { fileName: ['memo.txt'], title: ['Memo'], bodyText: [text], publishedAt: ['2024'] } },
      { id: 'acme', schema: 'Company', properties: { name: ['Acme Holdings'], proof: ['doc1'], jurisdiction: ['gb'] } },
      { id: 'jane', schema: 'Person', properties: { name: ['Jane Roe'], alias: ['Roe'], proof: ['doc1'], nationality: ['gb'] } },
      { id: 'club', schema: 'Organization', properties: { name: ['Chess Club'] } },
      { id: 'm1', schema: 'Membership', properties: { member: ['jane'], organization: ['club'], proof: ['doc1'], summary: ['Roe is a member of the Chess Club'] } },
      { id: 'd1', schema: 'Directorship', properties: { director: ['jane'], organization: ['acme'], proof: ['doc1'], summary: ['hired Jane Roe as director'] } },
      { id: 'ship', schema: 'Vessel', properties: { name: ['Sea Star'], proof: ['doc1'] } },
      { id: 'x', schema: 'Spaceship', properties: { name: ['Enterprise'] } },
      'this is not json',
      { id: 'loner', schema: 'Person', properties: { name: ['Nobody Known'], favouriteColour: ['blue'] } },
      { id: 'm2', schema: 'Membership', properties: { member: ['jane'], organization: ['acme'], proof: ['doc1'] } },
    ];
    const foreignFile = path.join(work, 'foreign.ftm.json');
    fs.writeFileSync(foreignFile, foreign.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
    const foreignPlace = placeOn(engine, path.join(work, 'foreign'));
    await foreignPlace.fresh();
    const run = await kg(foreignPlace, 'import', '--format', 'ftm', foreignFile);
    expect(run.exitCode).toBe(1);
    const problems = run.stdout.slice(run.stdout.indexOf('not carried over')).split('\n').slice(1).map((l) => l.trim());
    expect(problems).toEqual([
      expect.stringMatching(/^line 1 \(PlainText doc1\)\.publishedAt: "2024" is not a full date/),
      'line 6 (Directorship d1): cannot tell which relationship type this Directorship is (no graph type in "recordId"); not imported',
      'line 7 (Vessel ship): FtM schema Vessel has no counterpart among the graph\'s kinds; not imported',
      'line 8 (x): unknown FtM schema "Spaceship"; not imported',
      expect.stringMatching(/^line 9: bad JSON: /),
      'line 10 (Person loner).favouriteColour: FtM schema Person has no property "favouriteColour"; left out',
      'line 10 (Person loner): no source proves, mentions or states anything about this entity, and the graph takes facts only from sources; not imported',
      'line 11 (Membership m2).summary: the graph keeps a relationship only with a quote ("summary") from its source ("proof"); not imported',
    ]);
    {
      const dump = await dumpOf(foreignPlace);
      expect(dump.entities.map((e) => [e.id, e.kind, e.name])).toEqual([
        ['acme', 'Organization', 'Acme Holdings'],
        ['club', 'Organization', 'Chess Club'],
        ['jane', 'Person', 'Jane Roe'],
      ]);
      expect(dump.relationships).toEqual([
        { id: 'jane|MEMBER_OF|club', type: 'MEMBER_OF', from: 'jane', to: 'club', properties: {}, evidence: [{ quote: 'Roe is a member of the Chess Club', sourceId: 'doc1' }] },
      ]);
      expect(dump.sources).toEqual([{ id: 'doc1', title: 'Memo', url: null, publisher: null, published: null, text, ingestedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) }]);
    }

    // FtM → graph → FtM: every line of the foreign file comes back in the graph's own export, or the import named
    // it as not imported; never both, never neither.
    const back = path.join(work, 'foreign-back.ftm.json');
    expect((await kg(foreignPlace, 'export', '--format', 'ftm', back)).exitCode).toBe(0);
    const again = fs.readFileSync(back, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Line);
    // The name of the thing a value refers to (Documents, the proof, are compared by their text instead).
    const nameOf = (id: string, lines: readonly (Line | string)[]) => {
      const target = lines.find((l): l is Line => typeof l !== 'string' && l.id === id);
      return target && model.schemata[target.schema] && !model.getSchema(target.schema).isA('Document') ? target.properties.name?.[0] : undefined;
    };
    const comesBack = (l: Line | string): boolean => {
      if (typeof l === 'string' || !model.schemata[l.schema]) return false;
      const schema = model.getSchema(l.schema);
      if (schema.isA('Document')) return again.some((a) => a.properties.bodyText?.[0] === l.properties.bodyText?.[0]);
      if (schema.isA('Thing')) return again.some((a) => a.properties.name?.[0] === l.properties.name?.[0]);
      const ends = (x: Line, lines: readonly (Line | string)[]) =>
        Object.values(x.properties)
          .flat()
          .map((v) => nameOf(v, lines))
          .filter(Boolean)
          .sort();
      return again.some((a) => JSON.stringify(ends(a, again)) === JSON.stringify(ends(l, foreign)) && (l.properties.summary ?? []).every((q) => a.properties.summary?.includes(q)));
    };
    const notImported = new Set(problems.filter((p) => /not imported$/.test(p) || /bad JSON/.test(p)).map((p) => Number(/^line (\d+)/.exec(p)![1])));
    const fate = foreign.map((l, i) => ({ line: i + 1, back: comesBack(l), reported: notImported.has(i + 1) }));
    expect(fate.filter((f) => f.back === f.reported)).toEqual([]);
    expect(fate.filter((f) => f.back).map((f) => f.line)).toEqual([1, 2, 3, 4, 5]);
  });
});
