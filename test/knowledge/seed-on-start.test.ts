/**
 * The server seeds on first start only: documents whose source the graph already holds are not merged again.
 */
import { loadSeed } from '../../src/knowledge/load';
import { enginesUnderTest, SEED_DIR } from '../support/engines';
import { SEED_DOCUMENTS } from '../support/seed';

describe('seeding on start', () => {
  it('loads every seed document into an empty graph, and none into a graph that holds them', async () => {
    const store = await enginesUnderTest()[0]!.open();
    try {
      expect(await loadSeed(store, SEED_DIR, { onlyMissing: true })).toHaveLength(SEED_DOCUMENTS.length);
      const before = await store.stats();
      expect(await loadSeed(store, SEED_DIR, { onlyMissing: true })).toEqual([]);
      expect(await store.stats()).toEqual(before);
    } finally {
      await store.close();
    }
  });
});
