/**
 * Decisions replayed through the product's own doors: documents ingested (the seed, then an article naming the envoy
 * in full), an analyst's merge, the graph exported to a JSON graph file; then the same documents ingested again into
 * an empty graph holding only the imported decisions give the curated graph, the file imported whole gives it too,
 * the same article ingested into the curated graph finds the envoy by his new alias, and a rebuild without the decisions is the
 * uncurated graph (undone by rebuilding).
 */
import path from 'node:path';
import type { GraphDump, GraphStore } from '../../src/graph/port';
import { Ingestion } from '../../src/knowledge/ingest';
import { mergeEntities } from '../../src/knowledge/decisions';
import { loadSeed } from '../../src/knowledge/load';
import { graphJsonChunks, parseGraphJson } from '../../src/transfer/graph-json';
import { openEmbeddedStore, SEED_DIR } from '../support/engines';

const ARTICLE = path.join(__dirname, 'fixtures', 'envoy-full-name.facts.yaml');

/** A dump without what two loads of the same documents never share (ingest times, the decisions' own record). */
const comparable = (dump: GraphDump) => ({ ...dump, sources: dump.sources.map((s) => ({ ...s, ingestedAt: null })), decisions: undefined });

async function ingestArticle(store: GraphStore) {
  return (await new Ingestion(store).ingestPaths([ARTICLE])).documents[0]!;
}

describe('replaying decisions', () => {
  const opened: GraphStore[] = [];
  const open = async () => {
    const store = await openEmbeddedStore();
    opened.push(store);
    return store;
  };
  afterAll(async () => {
    for (const store of opened) await store.close();
  });

  let curated: GraphDump;
  let uncurated: GraphDump;
  let file: string;
  beforeAll(async () => {
    const store = await open();
    await loadSeed(store, SEED_DIR);
    const report = await ingestArticle(store);
    // A family name alone never merges at ingest: a new person, reported for review.
    expect(report.resolutions.find((r) => r.name === 'Kazem Jalali')).toMatchObject({ id: 'kazem-jalali', outcome: 'new', possibleDuplicates: [{ id: 'jalali', why: 'family-name' }] });
    uncurated = await store.exportGraph();
    await mergeEntities(store, { keep: 'jalali', merge: 'kazem-jalali', actor: 'ana', reason: 'the envoy, named in full' });
    curated = await store.exportGraph();
    file = [...graphJsonChunks(curated, store.engine)].join('');
  });

  test('the graph file carries the decisions, with who, when, why and the merged entity as it was', () => {
    const dump = parseGraphJson('curated.json', file);
    expect(dump.decisions).toEqual([
      expect.objectContaining({ id: 'merge|jalali|kazem-jalali', action: 'merge', actor: 'ana', reason: 'the envoy, named in full', merged: expect.objectContaining({ name: 'Kazem Jalali' }) }),
    ]);
    expect(dump).toEqual(curated);
  });

  test('the same documents ingested into an empty graph holding the imported decisions rebuild the curated graph', async () => {
    const store = await open();
    const { decisions } = parseGraphJson('curated.json', file);
    await store.importGraph({ sources: [], entities: [], relationships: [], mentions: [], decisions });
    await loadSeed(store, SEED_DIR);
    const report = await ingestArticle(store);
    expect(report.decisions).toEqual({ replayed: [{ decision: 'merge|jalali|kazem-jalali', keep: 'jalali', merged: 'kazem-jalali' }], refused: [] });
    const rebuilt = await store.exportGraph();
    expect(comparable(rebuilt)).toEqual(comparable(curated));
    expect(rebuilt.decisions).toEqual(curated.decisions);
  });

  test('the graph file imported whole into an empty graph is the curated graph, decisions included', async () => {
    const store = await open();
    const summary = await store.importGraph(parseGraphJson('curated.json', file));
    expect(summary.decisions).toBe(1);
    expect(await store.exportGraph()).toEqual(curated);
    expect((await store.importGraph(parseGraphJson('curated.json', file))).decisions).toBeUndefined();
  });

  test('the article ingested again into the curated graph resolves the full name to the envoy (now his alias) and creates nobody', async () => {
    const store = await open();
    await store.importGraph(parseGraphJson('curated.json', file));
    const report = await ingestArticle(store);
    expect(report.resolutions.find((r) => r.name === 'Kazem Jalali')).toMatchObject({ id: 'jalali' });
    expect(report.decisions).toBeUndefined();
    const again = comparable(await store.exportGraph());
    // Ingest's own rule, not the merge's: the document written last gives the value (the claims work settles which
    // value is current from the sources' dates); everything else is as curated.
    const jalali = again.entities.find((e) => e.id === 'jalali')!;
    expect(jalali.properties.role).toBe('Ambassador');
    jalali.properties.role = curated.entities.find((e) => e.id === 'jalali')!.properties.role!;
    expect(again).toEqual(comparable(curated));
  });

  test('rebuilt without the decisions, the graph is the uncurated one', async () => {
    const store = await open();
    await loadSeed(store, SEED_DIR);
    await ingestArticle(store);
    expect(comparable(await store.exportGraph())).toEqual(comparable(uncurated));
  });

  test('a decision in a graph file that contradicts itself is refused by record and field, nothing written', async () => {
    const bad = JSON.parse(file);
    bad.decisions[0].id = 'merge|kazem-jalali|jalali';
    bad.decisions.push({ ...bad.decisions[0], id: 'keep-apart|jalali|iran', action: 'keep-apart', subjects: ['jalali', 'iran'] });
    expect(() => parseGraphJson('bad.json', JSON.stringify(bad))).toThrow(
      expect.objectContaining({
        problems: [
          { path: 'decisions[0] (merge|kazem-jalali|jalali).id', message: 'must be "merge|jalali|kazem-jalali" (the action and the subjects)' },
          { path: 'decisions[1] (keep-apart|jalali|iran).id', message: 'must be "keep-apart|iran|jalali" (the action and the subjects in id order)' },
          { path: 'decisions[1] (keep-apart|jalali|iran).merged', message: 'keeping apart merges nothing: must be null' },
        ],
      }),
    );
  });
});
