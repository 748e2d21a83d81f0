/**
 * KG_SEARCH_SCAN_MAX_ENTITIES: a graph larger than it is searched by the name index alone once the index is built,
 * so a text no name matches costs a lookup, not a scan of every entity; smaller graphs still look inside names and
 * descriptions. The store is made by the embedded plugin from the configuration, as `kg serve` makes it.
 */
import { loadConfig } from '../../src/config';
import { embeddedEngine } from '../../src/graph/embedded/plugin';
import type { GraphStore } from '../../src/graph/port';
import { loadSeed } from '../../src/knowledge/load';
import { SEED_DOCUMENTS, seedEntityId } from '../support/seed';
import { SEED_DIR, tempDataDir } from '../support/engines';

/** The seed graph in a store the plugin made from this configuration. */
async function seededStore(env: Record<string, string>): Promise<GraphStore> {
  const store = embeddedEngine.createStore(loadConfig({ ...process.env, KG_DATA_DIR: tempDataDir(), KG_BUFFER_POOL_MB: '128', ...env }));
  await store.init();
  await loadSeed(store, SEED_DIR);
  return store;
}

const BUSHEHR = SEED_DOCUMENTS.flatMap((d) => d.entities).find((e) => e.name === 'Bushehr Nuclear Power Plant')!;
// Inside "Bushehr", too short for a typo: only the scan finds it.
const INSIDE_A_NAME = 'ushe';

describe('the scan a search falls back to', () => {
  let small: GraphStore;
  let large: GraphStore;
  beforeAll(async () => {
    small = await seededStore({});
    // The seed graph has dozens of entities: a bound of one makes it "large" without a million of them.
    large = await seededStore({ KG_SEARCH_SCAN_MAX_ENTITIES: '1' });
  });
  afterAll(async () => {
    await small?.close();
    await large?.close();
  });

  it('looks inside names and descriptions on a graph within the bound', async () => {
    const hits = await small.search(INSIDE_A_NAME, { first: 10 });
    expect(hits.map((h) => h.entity.id)).toContain(seedEntityId(BUSHEHR));
    expect(hits.every((h) => h.why === 'contains')).toBe(true);
  });

  it('is not run on a larger graph: the name index alone answers, and still finds names', async () => {
    expect(await large.search(INSIDE_A_NAME, { first: 10 })).toEqual([]);
    expect((await large.search('bushher', { first: 10 }))[0]).toMatchObject({ why: 'typo', entity: { id: seedEntityId(BUSHEHR) } });
  });
});
