/**
 * The embedded engine's export reads storage row ranges in rounds and cuts them into slices: with rounds of a few
 * rows, a seed graph crosses many rounds, slices and the holes a merge leaves, and the slices must still hold the
 * whole graph, each entity once, each with exactly its outgoing relationships and mentions.
 */
import type { GraphSlice, GraphStore } from '../../src/graph/port';
import { mergeEntities } from '../../src/knowledge/decisions';
import { openEmbeddedStore } from '../support/engines';

const byId = <T extends { id: string }>(items: T[]) => [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

async function slicesOf(store: GraphStore, batchSize: number): Promise<GraphSlice[]> {
  const slices: GraphSlice[] = [];
  for await (const slice of store.exportSlices({ batchSize })) slices.push(slice);
  return slices;
}

// Rounds of one row make the merged entity's hole a whole empty round; rounds of five cut several slices each.
describe.each([1, 5])('export slices across rounds of %i storage rows (embedded)', (exportRoundRows) => {
  let store: GraphStore;
  beforeAll(async () => {
    store = await openEmbeddedStore({ seeded: true, exportRoundRows });
    // A merge deletes an entity: its storage row becomes a hole in the ranges.
    await mergeEntities(store, { keep: 'russian-delegation', merge: 'regional-states', actor: 'test' });
    expect(await store.getEntities(['regional-states'])).toEqual([null]);
  });
  afterAll(() => store.close());

  it.each([1, 2, 3, 5, 7])('slices of %i hold the whole graph, each slice with its own relationships and mentions', async (batchSize) => {
    const dump = await store.exportGraph();
    const slices = await slicesOf(store, batchSize);
    const entitySlices = slices.filter((s) => s.entities.length > 0);
    expect(entitySlices.length).toBeGreaterThanOrEqual(dump.entities.length / batchSize);
    expect(entitySlices.every((s) => s.entities.length <= batchSize)).toBe(true);
    expect(byId(entitySlices.flatMap((s) => s.entities))).toEqual(dump.entities);
    for (const slice of entitySlices) {
      const own = new Set(slice.entities.map((e) => e.id));
      expect(slice.relationships).toEqual(dump.relationships.filter((r) => own.has(r.from)));
      expect(slice.mentions.map((m) => m.entityId).every((id) => own.has(id))).toBe(true);
    }
    expect(slices.flatMap((s) => s.mentions)).toHaveLength(dump.mentions.length);
  });
});
