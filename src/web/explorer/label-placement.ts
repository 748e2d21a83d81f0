/**
 * Which labels to draw: the most important first, each of the rest only where it overlaps no label already
 * drawn and no other node. Zooming in spreads the nodes while labels keep their screen size, so more fit.
 */

/** An axis-aligned box in screen pixels. */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A label that could be drawn. */
export interface LabelCandidate {
  id: string;
  box: Box;
  /** Drawn whatever else is there (selected, hovered, on a path). */
  forced: boolean;
  /** Higher goes first among the unforced (e.g. the node's degree). */
  priority: number;
  /** May cover other elements' obstacles (a hub's label over its crowd of leaves), though never another label. */
  overObstacles?: boolean;
}

/** Something a label must not cover, such as a node's body; `owner` is the element whose own label may cover it. */
export interface Obstacle {
  owner: string;
  box: Box;
}

/** Whether two boxes share any area once each is grown by `gap` pixels on every side. */
export function overlaps(a: Box, b: Box, gap = 0): boolean {
  return a.x1 - gap < b.x2 && b.x1 - gap < a.x2 && a.y1 - gap < b.y2 && b.y1 - gap < a.y2;
}

/**
 * The ids of the labels to draw: every forced one, then the others by priority (ties by id, so the choice is
 * stable) wherever they keep `gap` pixels from the labels already chosen and from other elements' obstacles.
 */
export function placeLabels(candidates: LabelCandidate[], obstacles: Obstacle[] = [], gap = 2): Set<string> {
  const order = [...candidates].sort((a, b) => Number(b.forced) - Number(a.forced) || b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const placed: Box[] = [];
  const chosen = new Set<string>();
  for (const label of order) {
    const free =
      label.forced ||
      (!placed.some((box) => overlaps(box, label.box, gap)) &&
        (label.overObstacles === true || !obstacles.some((o) => o.owner !== label.id && overlaps(o.box, label.box))));
    if (!free) continue;
    placed.push(label.box);
    chosen.add(label.id);
  }
  return chosen;
}
