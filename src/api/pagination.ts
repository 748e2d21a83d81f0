/**
 * Relay cursor pages over lists that are already in a total order: the cursor is the sort key of an item, written
 * and read by the one cursor codec (src/graph/cursor.ts). Every list a client pages through is a connection.
 */
import { decodeCursor, encodeCursor } from '../graph/cursor';
import { KgError } from '../errors';

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/** A Relay connection: edges with cursors, page information and the total where it is cheap to know. */
export interface ConnectionPage<E, N extends number | undefined = number> {
  edges: (E & { cursor: string })[];
  pageInfo: PageInfo;
  totalCount: N;
}

/** One page of items; `totalCount` only where counting costs nothing more than the page. */
export interface ItemPage<T> {
  items: readonly T[];
  hasNextPage: boolean;
  totalCount?: number;
}

/** A page from a read of one item more than asked: the first `first`, and whether the extra one came. */
export function pageOfRead<T>(read: readonly T[], first: number): ItemPage<T> {
  return { items: read.slice(0, first), hasNextPage: read.length > first };
}

/**
 * The items after the one whose key the cursor `after` carries, at most `first` (items in any total order, keyed
 * uniquely, e.g. decisions by id). A cursor naming no item of the list is BAD_USER_INPUT.
 */
export function pageAfterItem<T>(items: readonly T[], keyOf: (item: T) => string, first: number, after: string | null | undefined): ItemPage<T> & { totalCount: number } {
  const afterKey = decodeCursor(after ?? undefined);
  const at = afterKey === undefined ? -1 : items.findIndex((item) => keyOf(item) === afterKey);
  if (afterKey !== undefined && at < 0) throw new KgError('BAD_USER_INPUT', `the cursor "${after}" names nothing in this list; start again without \`after\``, { path: 'after' });
  const from = at + 1;
  return { items: items.slice(from, from + first), hasNextPage: from + first < items.length, totalCount: items.length };
}

/** The items after the cursor `after` (items sorted by `keyOf`, ascending), at most `first` of them. */
export function pageAfter<T>(items: readonly T[], keyOf: (item: T) => string, first: number, after: string | null | undefined) {
  const afterKey = decodeCursor(after ?? undefined);
  const start = afterKey === undefined ? 0 : items.findIndex((item) => keyOf(item) > afterKey);
  const from = start < 0 ? items.length : start;
  return { items: items.slice(from, from + first), hasNextPage: from + first < items.length, totalCount: items.length };
}

/** Shapes one page into a Relay connection; `cursorKey` gives the sort key each cursor encodes. */
export function connectionOf<T, E, N extends number | undefined>(
  page: ItemPage<T> & { totalCount?: N },
  cursorKey: (item: T) => string,
  edge: (item: T) => E,
  after: string | null | undefined,
): ConnectionPage<E, N> {
  const edges = page.items.map((item) => ({ ...edge(item), cursor: encodeCursor(cursorKey(item)) }));
  return {
    edges,
    totalCount: page.totalCount as N,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: Boolean(after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
