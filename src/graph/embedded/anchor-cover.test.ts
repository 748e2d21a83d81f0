import { chooseAnchors } from './anchor-cover';

const edge = (from: number, to: number, type = 0) => ({ from, to, type });

/** Every wanted relationship is read from exactly one anchor, from the side it leaves that anchor by. */
function expectCovered(anchors: ReturnType<typeof chooseAnchors>, edges: ReturnType<typeof edge>[]): void {
  const read = [...anchors].flatMap(([anchor, { out, in: incoming }]) => [
    ...out.map((e) => (expect(e.from).toBe(anchor), e)),
    ...incoming.map((e) => (expect(e.to).toBe(anchor), e)),
  ]);
  expect(read).toHaveLength(edges.length);
  expect(new Set(read)).toEqual(new Set(edges));
}

test('the end shared by most wanted relationships is read once for all of them', () => {
  const edges = [edge(1, 2), edge(1, 3), edge(4, 1), edge(5, 6)];
  const anchors = chooseAnchors(edges, () => 10);
  expect(anchors.get(1)).toEqual({ out: [edges[0], edges[1]], in: [edges[2]] });
  expect(anchors.size).toBe(2);
  expectCovered(anchors, edges);
});

test('a hub is never read when the other end will do, even when it covers more', () => {
  const edges = [edge(0, 1), edge(0, 2), edge(3, 0)];
  const degree = (row: number) => (row === 0 ? 100_000 : 3);
  const anchors = chooseAnchors(edges, degree);
  expect(anchors.has(0)).toBe(false);
  expectCovered(anchors, edges);
});

test('between two hubs, the smaller one is read', () => {
  const edges = [edge(7, 8)];
  const anchors = chooseAnchors(edges, (row) => (row === 7 ? 5000 : 2000));
  expect([...anchors.keys()]).toEqual([8]);
  expectCovered(anchors, edges);
});
