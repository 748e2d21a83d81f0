/**
 * The embedded store reads the entity lookups of concurrent callers (separate GraphQL requests, say) together:
 * one engine query for all asked within a turn of the event loop, each caller still given its own answer in its own
 * order, unknown ids as null; lookups in separate turns are separate queries.
 */
import type { LadybugGraphStore } from '../../src/graph/embedded/store';
import type { Entity } from '../../src/graph/port';
import { openEmbeddedStore } from '../support/engines';
import { seedEntityIds } from '../support/seed';

describe('entity lookups on the embedded store', () => {
  let store: LadybugGraphStore;
  beforeAll(async () => {
    store = await openEmbeddedStore({ seeded: true });
  });
  afterAll(() => store?.close());

  it('asked at once by several callers, are one engine query; each caller gets its own answer', async () => {
    const [a, b, c] = seedEntityIds('Person');
    const before = store.roundTrips;
    const answers = await Promise.all([store.getEntities([a!]), store.getEntities([b!, 'no-such-entity', a!]), store.getEntities([c!, b!])]);
    expect(store.roundTrips - before).toBe(1);
    expect(answers.map((list) => list.map((e) => e?.id ?? null))).toEqual([[a], [b, null, a], [c, b]]);
  });

  it('asked by callbacks of separate tasks in one turn of the event loop (two requests read off one socket poll), are one query', async () => {
    const [a, b] = seedEntityIds('Person');
    const before = store.roundTrips;
    const answers = await new Promise<(Entity | null)[][]>((resolve) => {
      const asked: Promise<(Entity | null)[]>[] = [];
      setImmediate(() => asked.push(store.getEntities([a!])));
      setImmediate(() => {
        asked.push(store.getEntities([b!]));
        resolve(Promise.all(asked));
      });
    });
    expect(store.roundTrips - before).toBe(1);
    expect(answers.map((list) => list.map((e) => e?.id ?? null))).toEqual([[a], [b]]);
  });

  it('asked in turn, are separate queries', async () => {
    const [a, b] = seedEntityIds('Person');
    const before = store.roundTrips;
    await store.getEntities([a!]);
    await store.getEntities([b!]);
    expect(store.roundTrips - before).toBe(2);
  });
});
