/**
 * The embedded engine's fast traversals (adjacency index, bidirectional search) give the answers of the
 * shared Cypher implementation, on a generated graph with hubs, and stay right after writes.
 */
import { bulkLoadEmbedded } from '../../src/graph/embedded/bulk';
import { SeededRandom, generateGraph } from '../../src/bulk/synthetic-graph';
import { CypherGraphStore } from '../../src/graph/cypher-store';
import { LadybugGraphStore } from '../../src/graph/embedded/store';
import type { DocumentWrite, Path } from '../../src/graph/port';
import type { RelationshipTypeName } from '../../src/ontology/ontology';
import { openEmbeddedStore, tempDataDir } from '../support/engines';

const shared = CypherGraphStore.prototype;
let store: LadybugGraphStore;
let ids: string[];

beforeAll(async () => {
  const files = tempDataDir('kg-bulk-files-');
  generateGraph({ entities: 2000, relationships: 9000, seed: 11, outDir: files });
  store = await openEmbeddedStore();
  await bulkLoadEmbedded(store, files);
  const page = await store.runCypher('MATCH (e:Entity) RETURN e.id ORDER BY e.id', { readOnly: true, timeoutMs: 10000, maxRows: 5000 });
  ids = page.rows.map((r) => r[0] as string);
});

afterAll(async () => {
  await store?.close();
});

/** A path starts and ends where asked, and each relationship joins its two neighbours on the path. */
function expectWellFormed(path: Path, from: string, to: string, types?: string[]) {
  expect(path.entities[0]!.id).toBe(from);
  expect(path.entities[path.entities.length - 1]!.id).toBe(to);
  expect(path.relationships).toHaveLength(path.entities.length - 1);
  path.relationships.forEach((r, i) => {
    const ends = [path.entities[i]!.id, path.entities[i + 1]!.id].sort();
    expect([r.from, r.to].sort()).toEqual(ends);
    expect(r.evidence.length).toBeGreaterThan(0);
    if (types) expect(types).toContain(r.type);
  });
}

test('shortest paths are as short as the Cypher SHORTEST finds, and are real paths of the graph', async () => {
  const rng = new SeededRandom(3);
  const filters: (RelationshipTypeName[] | undefined)[] = [undefined, ['MEMBER_OF', 'PARTICIPATES_IN', 'LOCATED_IN', 'OFFICIAL_OF']];
  for (let i = 0; i < 24; i++) {
    const [from, to] = [rng.pick(ids), rng.pick(ids)];
    const types = filters[i % 2];
    const maxHops = 2 + (i % 5);
    const fast = await store.shortestPath(from, to, { maxHops, types });
    const slow = await shared.shortestPath.call(store, from, to, { maxHops, types });
    expect({ from, to, length: fast?.relationships.length ?? null }).toEqual({ from, to, length: slow?.relationships.length ?? null });
    if (fast) expectWellFormed(fast, from, to, types);
  }
});

test('connections within k hops list the same entities at the same distances, hubs included', async () => {
  const rng = new SeededRandom(5);
  const starts = ['country-0', 'sector-0', 'person-0', ...Array.from({ length: 9 }, () => rng.pick(ids))];
  for (const [i, id] of starts.entries()) {
    const options = { maxHops: 1 + (i % 3), first: 30, kinds: i % 4 === 1 ? (['Person', 'Organization'] as const).slice() : undefined };
    const fast = await store.connectionsWithin(id, options);
    const slow = await shared.connectionsWithin.call(store, id, options);
    expect(fast.map((c) => [c.entity.id, c.distance])).toEqual(slow.map((c) => [c.entity.id, c.distance]));
    for (const c of fast) {
      expect(c.path.relationships).toHaveLength(c.distance);
      expectWellFormed(c.path, id, c.entity.id);
    }
  }
});

test("a hub's relationships page exactly as the shared version pages them, cursor by cursor", async () => {
  const hub = ids.reduce((best, id) => (id.startsWith('country-') || id.startsWith('sector-') ? id : best), 'country-0');
  for (const options of [
    { direction: 'BOTH' as const, first: 7 },
    { direction: 'IN' as const, first: 5, types: ['LOCATED_IN', 'VISITED'] as RelationshipTypeName[] },
    { direction: 'OUT' as const, first: 3 },
  ]) {
    for (const id of [hub, 'country-0', 'sector-1']) {
      let after: string | undefined;
      for (let page = 0; page < 3; page++) {
        const fast = await store.relationshipsOf(id, { ...options, after });
        const slow = await shared.relationshipsOf.call(store, id, { ...options, after });
        expect(fast).toEqual(slow);
        if (!fast.hasNextPage) break;
        const last = fast.items[fast.items.length - 1]!;
        after = Buffer.from(`${last.direction}|${last.relationship.type}|${last.other.id}`).toString('base64url');
      }
    }
  }
  const degree = await store.relationshipsOf('sector-0', { direction: 'BOTH', first: 1 });
  expect(degree.totalCount).toBeGreaterThan(200);
});

test('paging an entity through its relationships a few at a time gives the one-page listing, across directions', async () => {
  let spansDirections = 0;
  for (const id of ['person-0', 'person-3', 'organization-5', 'place-2', 'sector-2']) {
    for (const store_ of [store, { relationshipsOf: shared.relationshipsOf.bind(store) }]) {
      const all = await store_.relationshipsOf(id, { direction: 'BOTH', first: 5000 });
      if (new Set(all.items.map((e) => e.direction)).size === 2) spansDirections++;
      const paged: typeof all.items = [];
      let after: string | undefined;
      for (;;) {
        const page = await store_.relationshipsOf(id, { direction: 'BOTH', first: 40, after });
        expect(page.totalCount).toBe(all.totalCount);
        paged.push(...page.items);
        if (!page.hasNextPage) break;
        const last = page.items[page.items.length - 1]!;
        after = Buffer.from(`${last.direction}|${last.relationship.type}|${last.other.id}`).toString('base64url');
      }
      expect(paged).toEqual(all.items);
      expect(paged).toHaveLength(all.totalCount);
    }
  }
  expect(spansDirections).toBeGreaterThan(0);
});

test('entities by id and the graph counts match the shared queries', async () => {
  const asked = ['person-3', 'nobody-here', 'country-1', 'person-3'];
  expect(await store.getEntities(asked)).toEqual(await shared.getEntities.call(store, asked));
  await store.warmUp();
  expect(await store.stats()).toEqual(await shared.stats.call(store));
});

test('a document written after the index was built shows in traversals; a Cypher delete does too', async () => {
  const [a, b] = ['person-500', 'group-50'];
  expect(ids).toEqual(expect.arrayContaining([a, b]));
  const before = await store.shortestPath(a, b, { maxHops: 6 });
  const text = 'Ada Shortcut is a member of the bridge group.';
  const write: DocumentWrite = {
    source: { id: 'test-shortcut', title: 'Shortcut', url: null, publisher: null, published: null, text },
    entities: [{ id: 'ada-shortcut', kind: 'Person', name: 'Ada Shortcut', aliases: [], description: null, properties: {} }],
    relationships: [
      { id: `ada-shortcut|MEMBER_OF|${b}`, type: 'MEMBER_OF', from: 'ada-shortcut', to: b, properties: {}, evidence: [{ quote: text, sourceId: 'test-shortcut' }] },
      { id: `${a}|MET_WITH|ada-shortcut`, type: 'MET_WITH', from: a, to: 'ada-shortcut', properties: { topics: ['trade'] }, evidence: [{ quote: text, sourceId: 'test-shortcut' }] },
    ],
    mentions: {},
  };
  await store.writeDocument(write);
  const after = await store.shortestPath(a, b, { maxHops: 6 });
  expect(after?.relationships.length).toBe(Math.min(2, before?.relationships.length ?? 2));
  expect((await shared.shortestPath.call(store, a, b, { maxHops: 6 }))?.relationships.length).toBe(after?.relationships.length);
  expect((await store.connectionsWithin('ada-shortcut', { maxHops: 1, first: 10 })).map((c) => c.entity.id).sort()).toEqual([b, a].sort());

  for (const pattern of ["(:Entity {id: 'ada-shortcut'})-[r]->()", "()-[r]->(:Entity {id: 'ada-shortcut'})"]) {
    await store.runCypher(`MATCH ${pattern} DELETE r`, { readOnly: false, timeoutMs: 10000, maxRows: 10 });
  }
  expect(await store.connectionsWithin('ada-shortcut', { maxHops: 2, first: 10 })).toEqual([]);
  expect((await store.shortestPath(a, b, { maxHops: 6 }))?.relationships.length).toBe(before?.relationships.length);
});

/** The cursor the shared version gives the last edge of a page. */
const cursorOf = (edge: { direction: string; relationship: { type: string }; other: { id: string } }) =>
  Buffer.from(`${edge.direction}|${edge.relationship.type}|${edge.other.id}`).toString('base64url');

test('pages asked together equal the shared pages one by one: hubs, leaves, filters, directions, odd cursors', async () => {
  const rng = new SeededRandom(17);
  const people = ids.filter((id) => id.startsWith('person-'));
  const requests = [
    { entityId: 'sector-0', direction: 'BOTH' as const, first: 9 },
    { entityId: 'sector-0', direction: 'IN' as const, first: 4, types: ['IN_SECTOR'] as RelationshipTypeName[] },
    { entityId: 'country-0', direction: 'BOTH' as const, first: 6, types: ['LOCATED_IN', 'MEMBER_OF', 'VISITED'] as RelationshipTypeName[] },
    { entityId: 'country-0', direction: 'OUT' as const, first: 50 },
    { entityId: 'no-such-entity', direction: 'BOTH' as const, first: 5 },
    { entityId: rng.pick(people), direction: 'BOTH' as const, first: 0 },
    // Cursors a client could send: keys that are no relationship's, a direction alone, past the end.
    { entityId: 'country-0', direction: 'BOTH' as const, first: 5, after: Buffer.from('IN|LOC').toString('base64url') },
    { entityId: 'country-0', direction: 'BOTH' as const, first: 5, after: Buffer.from('INX').toString('base64url') },
    { entityId: 'country-0', direction: 'BOTH' as const, first: 5, after: Buffer.from('OUT').toString('base64url') },
    { entityId: 'country-0', direction: 'BOTH' as const, first: 5, after: Buffer.from('IN|LOCATED_IN|zzz').toString('base64url') },
    { entityId: 'sector-0', direction: 'IN' as const, first: 5, after: Buffer.from('A|B|C').toString('base64url') },
    ...Array.from({ length: 8 }, () => ({ entityId: rng.pick(ids), direction: 'BOTH' as const, first: 3 + rng.int(10) })),
  ];
  const together = await store.relationshipPages(requests);
  for (const [i, { entityId, ...options }] of requests.entries()) {
    expect({ entityId, ...options, page: together[i] }).toEqual({ entityId, ...options, page: await shared.relationshipsOf.call(store, entityId, options) });
  }
});

test('neighbours of hubs and leaves equal the shared listing, by name and by id after a cursor', async () => {
  const rng = new SeededRandom(23);
  const starts = ['sector-0', 'country-0', 'country-1', ...Array.from({ length: 6 }, () => rng.pick(ids))];
  for (const [i, entityId] of starts.entries()) {
    const options = {
      direction: (['BOTH', 'IN', 'OUT'] as const)[i % 3],
      first: 1 + (i * 7) % 40,
      kinds: i % 2 ? (['Person', 'Organization'] as const).slice() : undefined,
      types: i % 4 === 3 ? (['MEMBER_OF', 'LOCATED_IN', 'IN_SECTOR'] as RelationshipTypeName[]) : undefined,
    };
    expect(await store.neighbors(entityId, options)).toEqual(await shared.neighbors.call(store, entityId, options));
    const byId = await store.neighbors(entityId, { ...options, order: { by: 'id' } });
    expect(byId).toEqual(await shared.neighbors.call(store, entityId, { ...options, order: { by: 'id' } }));
    const after = byId[Math.floor(byId.length / 2)]?.id;
    const rest = { ...options, order: { by: 'id' as const, after } };
    expect(await store.neighbors(entityId, rest)).toEqual(await shared.neighbors.call(store, entityId, rest));
  }
  const batch = await store.neighborPages([{ entityId: 'sector-0', direction: 'BOTH', first: 5 }, { entityId: 'country-0', direction: 'IN', first: 3 }]);
  expect(batch).toEqual([await shared.neighbors.call(store, 'sector-0', { direction: 'BOTH', first: 5 }), await shared.neighbors.call(store, 'country-0', { direction: 'IN', first: 3 })]);
});

test("a hub's cursor stays valid across a write that adds a relationship: the next page continues after the key", async () => {
  const hub = 'sector-1';
  const sector = { direction: 'IN' as const, types: ['IN_SECTOR'] as RelationshipTypeName[] };
  const first = await store.relationshipsOf(hub, { ...sector, first: 10 });
  const after = cursorOf(first.items[first.items.length - 1]!);
  const text = 'Aaron Early works in the sector.';
  // One new relationship sorting before the cursor (not shown again), one after it (shown in its place).
  await store.writeDocument({
    source: { id: 'test-hub-write', title: 'Hub write', url: null, publisher: null, published: null, text },
    entities: [
      { id: 'aaa-early', kind: 'Organization', name: 'Aaron Early', aliases: [], description: null, properties: {} },
      { id: 'zzz-late', kind: 'Organization', name: 'Zed Late', aliases: [], description: null, properties: {} },
    ],
    relationships: ['aaa-early', 'zzz-late'].map((from) => ({
      id: `${from}|IN_SECTOR|${hub}`, type: 'IN_SECTOR' as const, from, to: hub, properties: {}, evidence: [{ quote: text, sourceId: 'test-hub-write' }],
    })),
    mentions: {},
  });
  const next = await store.relationshipsOf(hub, { ...sector, first: 2000, after });
  expect(next).toEqual(await shared.relationshipsOf.call(store, hub, { ...sector, first: 2000, after }));
  expect(next.totalCount).toBe(first.totalCount + 2);
  const seen = next.items.map((e) => e.other.id);
  expect(seen).toContain('zzz-late');
  expect(seen).not.toContain('aaa-early');
  expect(seen).not.toContain(first.items[0]!.other.id);
  // The written relationships page alongside the built ones, in key order, from the start too.
  const all = await store.relationshipsOf(hub, { direction: 'BOTH', first: 2000 });
  expect(all).toEqual(await shared.relationshipsOf.call(store, hub, { direction: 'BOTH', first: 2000 }));
  expect(await store.neighbors(hub, { direction: 'IN', first: 3 })).toEqual(await shared.neighbors.call(store, hub, { direction: 'IN', first: 3 }));
});
