/**
 * Which entities to read wanted relationships from. Each read walks the relationships of one entity (an anchor), so
 * anchors are chosen greedily to cover many wanted relationships with few reads, never a hub when the other end is
 * not one (reading from a hub walks all of its relationships). Pure: rows and degrees in, anchors out.
 */
import type { EdgeRef } from './adjacency';

/** Entities with more relationships than this are not read from when the other end of a relationship will do. */
export const ANCHOR_DEGREE = 1000;

/** Each anchor row with the wanted relationships it holds, split by the side of the anchor they leave from. */
export function chooseAnchors(edges: readonly EdgeRef[], degree: (row: number) => number, hubDegree = ANCHOR_DEGREE): Map<number, { out: EdgeRef[]; in: EdgeRef[] }> {
  const anchors = new Map<number, { out: EdgeRef[]; in: EdgeRef[] }>();
  let remaining = [...edges];
  while (remaining.length > 0) {
    const covers = new Map<number, number>();
    for (const e of remaining) for (const end of new Set([e.from, e.to])) covers.set(end, (covers.get(end) ?? 0) + 1);
    let anchor = -1;
    for (const [end, n] of covers) {
      if (degree(end) > hubDegree) continue;
      if (anchor < 0 || n > covers.get(anchor)! || (n === covers.get(anchor)! && degree(end) < degree(anchor))) anchor = end;
    }
    // Every end left is a hub: read each relationship from its smaller end.
    if (anchor < 0) anchor = degree(remaining[0]!.from) <= degree(remaining[0]!.to) ? remaining[0]!.from : remaining[0]!.to;
    const entry = anchors.get(anchor) ?? { out: [], in: [] };
    anchors.set(anchor, entry);
    remaining = remaining.filter((e) => {
      if (e.from === anchor) entry.out.push(e);
      else if (e.to === anchor) entry.in.push(e);
      else return true;
      return false;
    });
  }
  return anchors;
}

/** Key of a stored relationship by rows and type index. */
export function edgeRefKey(e: EdgeRef): string {
  return `${e.from}|${e.type}|${e.to}`;
}
