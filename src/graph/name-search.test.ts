/**
 * The followed name index on a graph large enough to be built in a worker thread: searches are answered by the
 * scan (empty here) until it is ready, documents written meanwhile are not lost, and a stale index is rebuilt.
 */
import type { Entity } from './port';
import { FollowedNameIndex, NAME_INDEX_IN_THREAD_MAX, type NameSource } from './name-search';
import { until } from '../../test/support/condition';

/** An in-memory graph's names: what the store gives the index. */
function graphOf(count: number) {
  const entities = new Map<string, Entity>();
  for (let i = 0; i < count; i++) {
    const id = `person-${i}`;
    entities.set(id, { id, kind: 'Person', name: `Given${i} Family${i % 97}`, aliases: [], description: null, properties: {} });
  }
  const source: NameSource = {
    entityLabels: async () => [...entities.values()].map(({ id, kind, name, aliases }) => ({ id, kind, name, aliases })),
    getEntities: async (ids) => ids.map((id) => entities.get(id) ?? null),
  };
  return { entities, source };
}

/** The best hit of a search the index answered. */
const best = async (index: FollowedNameIndex, text: string) => (await index.search(text, { first: 5 }))?.hits[0];

const person = (id: string, name: string): Entity => ({ id, kind: 'Person', name, aliases: [], description: null, properties: {} });

describe('a large graph’s name index', () => {
  const { entities, source } = graphOf(NAME_INDEX_IN_THREAD_MAX + 1000);
  const index = new FollowedNameIndex(source);
  afterAll(() => index.close());

  test('is built in a worker: the first search does not wait for it; documents written meanwhile are applied', async () => {
    entities.set('likhachev', person('likhachev', 'Alexey Likhachev'));
    expect(await index.search('Likhachov', { first: 5 })).toBeNull();
    expect(index.ready).toBe(false);
    entities.set('jalali', person('jalali', 'Kazem Jalali'));
    index.written(['jalali']);
    await until(() => index.ready, 'the name index to be built', 60_000);
    expect((await best(index, 'Likhachov'))).toMatchObject({ why: 'variant', entity: { id: 'likhachev' } });
    expect((await best(index, 'Djalali'))).toMatchObject({ why: 'variant', entity: { id: 'jalali' } });
  });

  test('follows writes once built, and rebuilds after a write it cannot follow', async () => {
    entities.set('lavrov', person('lavrov', 'Sergei Lavrov'));
    index.written(['lavrov']);
    expect((await best(index, 'Sergey Lavrov'))).toMatchObject({ entity: { id: 'lavrov' } });
    entities.delete('lavrov');
    index.markStale();
    expect(await index.search('Sergey Lavrov', { first: 5 })).toBeNull();
    await until(() => index.ready, 'the name index to be rebuilt', 60_000);
    // Answered by the index, which says how many entities it holds: the store decides on that whether to scan.
    expect(await index.search('Sergey Lavrov', { first: 5 })).toEqual({ hits: [], indexed: entities.size });
    expect((await best(index, 'Likhachov'))).toMatchObject({ entity: { id: 'likhachev' } });
  });
});

describe('a graph the store knows to be large', () => {
  test('has its labels read in the background: the first search is answered (by the scan) without waiting for them', async () => {
    const { source } = graphOf(10);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: NameSource = {
      ...source,
      entityLabels: async () => {
        await gate;
        return source.entityLabels();
      },
      approximateEntityCount: async () => NAME_INDEX_IN_THREAD_MAX + 1,
    };
    const index = new FollowedNameIndex(slow);
    try {
      // Without the background read this search would wait for the gate, which opens only below.
      expect(await index.search('Given1 Family1', { first: 5 })).toBeNull();
      expect(index.ready).toBe(false);
      release();
      await until(() => index.ready, 'the name index to be built', 60_000);
      expect((await best(index, 'Given1 Family1'))).toMatchObject({ why: 'exact', entity: { id: 'person-1' } });
    } finally {
      await index.close();
    }
  });
});
