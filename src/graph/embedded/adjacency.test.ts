/**
 * The adjacency index against oracles computed the slow, obvious way over the same relationships: pages in key
 * order (IN before OUT, then type name, then the other end's id) with cursors, shortest path lengths by plain
 * breadth-first search, and connections ordered by distance then id, before and after relationships are added.
 */
import { kindNames, relationshipTypeNames } from '../../ontology/ontology';
import { compareKeys, edgeSortKey } from '../relationship-key';
import { AdjacencyIndex, INCOMING, typeFilter, typeIndex } from './adjacency';

const TYPES = relationshipTypeNames.slice(0, 3);
const ALL = typeFilter(relationshipTypeNames);

/** A deterministic pseudo-random graph: `n` entities, `m` relationships, entity 0 a hub. */
function randomGraph(n: number, m: number, seed: number) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const entities = Array.from({ length: n }, (_, row) => ({ row, id: `e${String((row * 7919) % n).padStart(3, '0')}`, kind: kindNames[row % kindNames.length]!, name: `Entity ${row}` }));
  const edges: { from: number; to: number; type: number }[] = [];
  const seen = new Set<string>();
  while (edges.length < m) {
    const from = next() < 0.3 ? 0 : Math.floor(next() * n);
    const to = Math.floor(next() * n);
    const type = typeIndex(TYPES[Math.floor(next() * TYPES.length)]!);
    const key = `${from}|${type}|${to}`;
    if (from === to || seen.has(key)) continue;
    seen.add(key);
    edges.push({ from, to, type });
  }
  return { entities, edges };
}

function build(graph: ReturnType<typeof randomGraph>): AdjacencyIndex {
  return AdjacencyIndex.build({
    rowCount: graph.entities.length,
    entities: graph.entities,
    from: Uint32Array.from(graph.edges.map((e) => e.from)),
    to: Uint32Array.from(graph.edges.map((e) => e.to)),
    typeOf: Uint8Array.from(graph.edges.map((e) => e.type)),
  });
}

/** Every edge of `row` as its sort key, sorted: the order pages must follow. */
function oracleKeys(graph: ReturnType<typeof randomGraph>, row: number, direction: 'OUT' | 'IN' | 'BOTH'): string[] {
  const id = (r: number) => graph.entities[r]!.id;
  return graph.edges
    .flatMap((e) => [
      ...(e.from === row && direction !== 'IN' ? [edgeSortKey('OUT', relationshipTypeNames[e.type]!, id(e.to))] : []),
      ...(e.to === row && direction !== 'OUT' ? [edgeSortKey('IN', relationshipTypeNames[e.type]!, id(e.from))] : []),
    ])
    .sort(compareKeys);
}

function pageKeys(index: AdjacencyIndex, row: number, direction: 'OUT' | 'IN' | 'BOTH', first: number): string[] {
  const keys: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = index.page(row, { direction, allowed: ALL }, after, first);
    const got = page.entries.map(({ neighbour, meta }) => edgeSortKey(meta & INCOMING ? 'IN' : 'OUT', relationshipTypeNames[meta & 0x7f]!, index.id(neighbour)));
    keys.push(...got);
    expect(page.total).toBe(oracleKeys(graphUnderTest, row, direction).length);
    if (!page.hasNext) return keys;
    after = got[got.length - 1];
  }
}

/** Hop counts from `from` by plain breadth-first search, direction ignored. */
function bfs(graph: ReturnType<typeof randomGraph>, from: number): Map<number, number> {
  const distance = new Map([[from, 0]]);
  let frontier = [from];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const u of frontier) {
      for (const e of graph.edges) {
        const v = e.from === u ? e.to : e.to === u ? e.from : -1;
        if (v >= 0 && !distance.has(v)) {
          distance.set(v, distance.get(u)! + 1);
          next.push(v);
        }
      }
    }
    frontier = next;
  }
  return distance;
}

const graphUnderTest = randomGraph(60, 400, 7);

test('pages follow the key order in every direction, a page at a time through cursors, with the total each time', () => {
  const index = build(graphUnderTest);
  for (const row of [0, 1, 17, 59]) {
    for (const direction of ['OUT', 'IN', 'BOTH'] as const) {
      expect(pageKeys(index, row, direction, 7)).toEqual(oracleKeys(graphUnderTest, row, direction));
    }
  }
});

test('a type filter keeps only the types asked for', () => {
  const index = build(graphUnderTest);
  const only = typeFilter([TYPES[1]!]);
  const page = index.page(0, { direction: 'BOTH', allowed: only }, undefined, 1000);
  expect(page.entries.every((e) => (e.meta & 0x7f) === typeIndex(TYPES[1]!))).toBe(true);
  expect(page.total).toBe(oracleKeys(graphUnderTest, 0, 'BOTH').filter((k) => k.split('|')[1] === TYPES[1]).length);
});

test('shortest paths are as short as breadth-first search finds, and walk real relationships', () => {
  const index = build(graphUnderTest);
  const distances = bfs(graphUnderTest, 3);
  const stored = new Set(graphUnderTest.edges.map((e) => `${e.from}|${e.type}|${e.to}`));
  for (let to = 0; to < 60; to++) {
    const path = index.shortestPath(3, to, ALL, 10);
    if (!distances.has(to)) {
      expect(path).toBeNull();
      continue;
    }
    expect(path!.edges.length).toBe(distances.get(to));
    expect(path!.rows[0]).toBe(3);
    expect(path!.rows[path!.rows.length - 1]).toBe(to);
    for (const e of path!.edges) expect(stored.has(`${e.from}|${e.type}|${e.to}`)).toBe(true);
  }
  // A bound below the distance finds nothing.
  const far = [...distances].find(([, d]) => d >= 2)!;
  expect(index.shortestPath(3, far[0], ALL, far[1] - 1)).toBeNull();
});

test('connections within k hops come by distance then id, each with a path of that length', () => {
  const index = build(graphUnderTest);
  const distances = bfs(graphUnderTest, 5);
  const found = index.connectionsWithin(5, ALL, 2, 1000, () => true);
  const expected = [...distances]
    .filter(([row, d]) => row !== 5 && d <= 2)
    .sort(([a, da], [b, db]) => da - db || compareKeys(graphUnderTest.entities[a]!.id, graphUnderTest.entities[b]!.id))
    .map(([row, d]) => ({ row, distance: d }));
  expect(found.map(({ row, distance }) => ({ row, distance }))).toEqual(expected);
  for (const f of found) expect(f.path.edges.length).toBe(f.distance);
});

test('relationships added after the build join pages, degrees and paths in order', () => {
  const graph = randomGraph(20, 30, 3);
  const index = build(graph);
  const before = index.degree(4);
  const added = { from: 4, to: 19, type: typeIndex(TYPES[0]!) };
  expect(index.hasRelationship(added.from, added.type, added.to)).toBe(false);
  index.addRelationship(added.from, added.type, added.to);
  graph.edges.push(added);
  expect(index.degree(4)).toBe(before + 1);
  const keys: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = index.page(4, { direction: 'BOTH', allowed: ALL }, after, 2);
    const got = page.entries.map(({ neighbour, meta }) => edgeSortKey(meta & INCOMING ? 'IN' : 'OUT', relationshipTypeNames[meta & 0x7f]!, index.id(neighbour)));
    keys.push(...got);
    if (!page.hasNext) break;
    after = got[got.length - 1];
  }
  expect(keys).toEqual(oracleKeys(graph, 4, 'BOTH'));
  expect(index.shortestPath(4, 19, ALL, 1)!.edges).toEqual([added]);
});
