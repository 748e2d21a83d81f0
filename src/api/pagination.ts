/**
 * Relay cursor pages over lists that are already in a total order: the cursor is the sort key of an item.
 */
import { decodeCursor, encodeCursor } from '../graph/cursor';

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/** A Relay connection: edges with cursors, page information and the total. */
export interface ConnectionPage<E> {
  edges: (E & { cursor: string })[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** The items after the cursor `after` (items sorted by `keyOf`, ascending), at most `first` of them. */
export function pageAfter<T>(items: readonly T[], keyOf: (item: T) => string, first: number, after: string | null | undefined) {
  const afterKey = decodeCursor(after ?? undefined);
  const start = afterKey === undefined ? 0 : items.findIndex((item) => keyOf(item) > afterKey);
  const from = start < 0 ? items.length : start;
  return { items: items.slice(from, from + first), hasNextPage: from + first < items.length, totalCount: items.length };
}

/** Shapes one page into a Relay connection; `cursorKey` gives the sort key each cursor encodes. */
export function connectionOf<T, E>(
  page: { items: readonly T[]; hasNextPage: boolean; totalCount: number },
  cursorKey: (item: T) => string,
  edge: (item: T) => E,
  after: string | null | undefined,
): ConnectionPage<E> {
  const edges = page.items.map((item) => ({ ...edge(item), cursor: encodeCursor(cursorKey(item)) }));
  return {
    edges,
    totalCount: page.totalCount,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: Boolean(after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
