import { overlaps, placeLabels, type Box } from '../../../src/web/explorer/label-placement';

const box = (x: number, y: number, w = 40, h = 12): Box => ({ x1: x, y1: y, x2: x + w, y2: y + h });

describe('label placement', () => {
  test('boxes overlap only when they share area, a gap widening each', () => {
    expect(overlaps(box(0, 0), box(39, 0))).toBe(true);
    expect(overlaps(box(0, 0), box(40, 0))).toBe(false);
    expect(overlaps(box(0, 0), box(41, 0), 2)).toBe(true);
    expect(overlaps(box(0, 0), box(0, 13))).toBe(false);
  });

  test('of two colliding labels the more important one is drawn; a label in the clear is drawn too', () => {
    const chosen = placeLabels([
      { id: 'leaf', box: box(10, 0), forced: false, priority: 1 },
      { id: 'hub', box: box(0, 0), forced: false, priority: 9 },
      { id: 'far', box: box(200, 200), forced: false, priority: 0 },
    ]);
    expect([...chosen].sort()).toEqual(['far', 'hub']);
  });

  test('forced labels are drawn whatever their priority, and push the others aside', () => {
    const chosen = placeLabels([
      { id: 'hub', box: box(0, 0), forced: false, priority: 99 },
      { id: 'selected', box: box(5, 5), forced: true, priority: 0 },
    ]);
    expect([...chosen]).toEqual(['selected']);
  });

  test("a label does not cover another element's obstacle, but may cover its own", () => {
    const candidates = [{ id: 'a', box: box(0, 0), forced: false, priority: 1 }];
    expect(placeLabels(candidates, [{ owner: 'b', box: box(20, 5, 10, 10) }]).size).toBe(0);
    expect(placeLabels(candidates, [{ owner: 'a', box: box(20, 5, 10, 10) }]).size).toBe(1);
    // a hub's label may lie over its leaves' bodies, never over another label
    const hub = [{ id: 'a', box: box(0, 0), forced: false, priority: 1, overObstacles: true }];
    expect(placeLabels(hub, [{ owner: 'b', box: box(20, 5, 10, 10) }]).size).toBe(1);
    expect(placeLabels([...hub, { id: 'c', box: box(30, 0), forced: false, priority: 2 }]).size).toBe(1);
  });

  test('equal priorities are decided by id, so the same view always shows the same labels', () => {
    const a = placeLabels([
      { id: 'b', box: box(0, 0), forced: false, priority: 1 },
      { id: 'a', box: box(1, 0), forced: false, priority: 1 },
    ]);
    expect([...a]).toEqual(['a']);
  });
});
