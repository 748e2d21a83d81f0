/**
 * An in-process adjacency index of the embedded graph: every entity's relationships in both directions as
 * compressed arrays (CSR), keyed by the engine's own row numbers. The engine answers variable-length
 * SHORTEST patterns by exhaustive expansion (seconds at a million entities with hubs); a bidirectional
 * breadth-first search over these arrays answers the same question in milliseconds.
 * The store keeps it in step with every write (see LadybugGraphStore); this module only holds and walks it.
 */
import { kindNames, relationshipTypeNames, type KindName, type RelationshipTypeName } from '../../ontology/ontology';

/** Direction bit of an adjacency entry: set when the relationship points at the entity holding the entry. */
export const INCOMING = 0x80;
/** The bits of an entry's meta byte that hold its relationship type's index. */
export const TYPE_MASK = 0x7f;
const NO_KIND = 255;

const TYPE_INDEX = new Map<string, number>(relationshipTypeNames.map((t, i) => [t, i]));
/** Position of each type (by index) in name order: pages sort by type name, as the shared Cypher does. */
const TYPE_NAME_RANK = new Uint8Array(relationshipTypeNames.length);
[...relationshipTypeNames.keys()]
  .sort((a, b) => compareIds(`${relationshipTypeNames[a]!}|`, `${relationshipTypeNames[b]!}|`))
  .forEach((type, rank) => (TYPE_NAME_RANK[type] = rank));
/** Number of page groups: IN before OUT ('IN' < 'OUT'), then types by name. */
const GROUPS = 2 * 64;

/** Page group of an adjacency entry: direction first (IN sorts before OUT), then the type's name. */
export function groupOf(meta: number): number {
  return (meta & INCOMING ? 0 : 64) + TYPE_NAME_RANK[meta & TYPE_MASK]!;
}
const KIND_INDEX = new Map<string, number>(kindNames.map((k, i) => [k, i]));

/** Index of a relationship type in the ontology's list; -1 when unknown. */
export function typeIndex(type: string): number {
  return TYPE_INDEX.get(type) ?? -1;
}

/** A filter over relationship types: allowed[typeIndex] is 1 for the types asked for. */
export function typeFilter(types: readonly string[]): Uint8Array {
  const allowed = new Uint8Array(relationshipTypeNames.length);
  for (const t of types) {
    const i = typeIndex(t);
    if (i >= 0) allowed[i] = 1;
  }
  return allowed;
}

/** One step of a path: the relationship between two rows, as stored (from → to). */
export interface EdgeRef {
  from: number;
  to: number;
  type: number;
}

/** A path as rows and the relationship taken at each step. */
export interface RowPath {
  rows: number[];
  edges: EdgeRef[];
}

/** An entity as the index keeps it: its engine row, id, kind and name. */
export interface EntityRow {
  row: number;
  id: string;
  kind: string;
  name: string;
}

/** What an index is built from: entity rows, and the relationships of each type as (from row, to row) pairs. */
export interface AdjacencySource {
  /** Highest entity row + 1. */
  rowCount: number;
  entities: Iterable<EntityRow>;
  /** from[i] → to[i], of relationship type typeOf[i]. */
  from: Uint32Array;
  to: Uint32Array;
  typeOf: Uint8Array;
}

/** Which entries of a row a page or neighbour listing takes. */
export interface EntryFilter {
  direction: 'OUT' | 'IN' | 'BOTH';
  allowed: Uint8Array;
}

/** A page of a row's relationships: entries in key order, how many match in all, and whether more follow. */
export interface EntryPage {
  entries: { neighbour: number; meta: number }[];
  total: number;
  hasNext: boolean;
}

/** The arrays an index is made of, as persisted (see adjacency-file.ts). */
export interface AdjacencyArrays {
  ids: (string | undefined)[];
  names: (string | undefined)[];
  kinds: Uint8Array;
  start: Uint32Array;
  neighbour: Uint32Array;
  meta: Uint8Array;
  typeCounts: Float64Array;
}

export class AdjacencyIndex {
  private ids: (string | undefined)[];
  private names: (string | undefined)[];
  private kinds: Uint8Array;
  private readonly rowOf = new Map<string, number>();
  private readonly start: Uint32Array;
  private readonly neighbour: Uint32Array;
  private readonly meta: Uint8Array;
  /** Relationships added after the build, per row: neighbour rows and meta bytes. */
  private readonly added = new Map<number, { neighbour: number[]; meta: number[] }>();
  private readonly typeCounts = new Float64Array(relationshipTypeNames.length);
  // Scratch space for searches, reused: each search runs to completion without awaiting, so none overlap.
  private stamp = 0;
  private seenBy: [Uint32Array, Uint32Array];
  private parent: [Int32Array, Int32Array];
  private parentMeta: [Uint8Array, Uint8Array];

  /**
   * Builds from the engine's rows. Each row's entries are sorted by page key (direction, type name, neighbour id),
   * so a page of a hub is a binary search and a slice, never a sort of all its relationships.
   */
  static build(source: AdjacencySource): AdjacencyIndex {
    const n = source.rowCount;
    const ids: (string | undefined)[] = new Array(n);
    const names: (string | undefined)[] = new Array(n);
    const kinds = new Uint8Array(n).fill(NO_KIND);
    for (const e of source.entities) {
      ids[e.row] = e.id;
      names[e.row] = e.name;
      kinds[e.row] = KIND_INDEX.get(e.kind) ?? NO_KIND;
    }
    const typeCounts = new Float64Array(relationshipTypeNames.length);
    const degree = new Uint32Array(n + 1);
    const m = source.from.length;
    for (let i = 0; i < m; i++) {
      degree[source.from[i]!]!++;
      degree[source.to[i]!]!++;
      typeCounts[source.typeOf[i]!]!++;
    }
    const start = new Uint32Array(n + 1);
    for (let r = 0; r < n; r++) start[r + 1] = start[r]! + degree[r]!;
    // Rank of every row by id (rows without an entity last), so sorting an entry is sorting a number.
    const byId = Array.from({ length: n }, (_, r) => r).sort((a, b) =>
      ids[a] === undefined ? (ids[b] === undefined ? a - b : 1) : ids[b] === undefined ? -1 : compareIds(ids[a]!, ids[b]!),
    );
    const rank = new Uint32Array(n);
    byId.forEach((row, i) => (rank[row] = i));
    const rowAtRank = Uint32Array.from(byId);
    // Entry key: group (direction and type name) × 2^32 + the neighbour's id rank; exact in a double.
    const keys = new Float64Array(2 * m);
    const fill = start.slice(0, n);
    for (let i = 0; i < m; i++) {
      const a = source.from[i]!;
      const b = source.to[i]!;
      const t = source.typeOf[i]!;
      keys[fill[a]!++] = groupOf(t) * 2 ** 32 + rank[b]!;
      keys[fill[b]!++] = groupOf(t | INCOMING) * 2 ** 32 + rank[a]!;
    }
    const neighbour = new Uint32Array(2 * m);
    const meta = new Uint8Array(2 * m);
    for (let r = 0; r < n; r++) {
      const [from, to] = [start[r]!, start[r + 1]!];
      if (to - from > 1) keys.subarray(from, to).sort();
      for (let i = from; i < to; i++) {
        const key = keys[i]!;
        const group = Math.floor(key / 2 ** 32);
        neighbour[i] = rowAtRank[key - group * 2 ** 32]!;
        meta[i] = GROUP_META[group]!;
      }
    }
    return new AdjacencyIndex({ ids, names, kinds, start, neighbour, meta, typeCounts });
  }

  constructor(arrays: AdjacencyArrays) {
    const n = arrays.kinds.length;
    this.ids = arrays.ids;
    this.names = arrays.names;
    this.kinds = arrays.kinds;
    this.start = arrays.start;
    this.neighbour = arrays.neighbour;
    this.meta = arrays.meta;
    this.typeCounts.set(arrays.typeCounts);
    this.ids.forEach((id, row) => {
      if (id !== undefined) this.rowOf.set(id, row);
    });
    this.seenBy = [new Uint32Array(n), new Uint32Array(n)];
    this.parent = [new Int32Array(n), new Int32Array(n)];
    this.parentMeta = [new Uint8Array(n), new Uint8Array(n)];
  }

  /** The arrays behind the index, for persisting it; null when writes were added after the build (they live elsewhere). */
  arrays(): AdjacencyArrays | null {
    if (this.added.size > 0) return null;
    return { ids: this.ids, names: this.names, kinds: this.kinds, start: this.start, neighbour: this.neighbour, meta: this.meta, typeCounts: this.typeCounts };
  }

  /** Number of entity rows the index spans. */
  get rowCount(): number {
    return this.kinds.length;
  }

  /** Row of an entity id, or undefined. */
  row(id: string): number | undefined {
    return this.rowOf.get(id);
  }

  id(row: number): string {
    return this.ids[row]!;
  }

  /** Name of the entity at a row (neighbour listings sort by it). */
  name(row: number): string {
    return this.names[row] ?? '';
  }

  /** Kind of the entity at a row, or undefined for a row without an entity. */
  kind(row: number): KindName | undefined {
    const k = this.kinds[row];
    return k === undefined || k === NO_KIND ? undefined : kindNames[k];
  }

  /** Relationships by type, counted once each. */
  relationshipCounts(): Record<RelationshipTypeName, number> {
    return Object.fromEntries(relationshipTypeNames.map((t, i) => [t, this.typeCounts[i]!])) as Record<RelationshipTypeName, number>;
  }

  /** Records an entity (new, or already known: then its kind and name are refreshed). */
  setEntity(row: number, id: string, kind: string, name: string): void {
    this.ensureRows(row + 1);
    const previous = this.ids[row];
    if (previous !== undefined && previous !== id) this.rowOf.delete(previous);
    this.ids[row] = id;
    this.names[row] = name;
    this.kinds[row] = KIND_INDEX.get(kind) ?? NO_KIND;
    this.rowOf.set(id, row);
  }

  /**
   * One page of a row's relationships in the shared version's key order (direction, type name, other id): per
   * allowed group a binary search finds where the cursor falls, so a hub costs a few comparisons, not a sort.
   */
  page(row: number, filter: EntryFilter, after: string | undefined, first: number): EntryPage {
    const [lo0, hi0] = row + 1 < this.start.length ? [this.start[row]!, this.start[row + 1]!] : [0, 0];
    const taken: { neighbour: number; meta: number; group: number; id: string }[] = [];
    let total = 0;
    for (let group = 0; group < GROUPS; group++) {
      if (!this.groupWanted(group, filter)) continue;
      const lo = this.lowerBound(lo0, hi0, (i) => groupOf(this.meta[i]!) >= group);
      const hi = this.lowerBound(lo, hi0, (i) => groupOf(this.meta[i]!) > group);
      total += hi - lo;
      const start = pageStartIn(group, after);
      if (start === 'none') continue;
      const from = start === 'all' ? lo : this.lowerBound(lo, hi, (i) => compareIds(this.ids[this.neighbour[i]!] ?? '', start.afterId) > 0);
      for (let i = from; i < hi && taken.length <= first; i++) {
        taken.push({ neighbour: this.neighbour[i]!, meta: this.meta[i]!, group, id: this.ids[this.neighbour[i]!] ?? '' });
      }
    }
    // Relationships written after the build are few: each joins the candidates, and the smallest keys win.
    const extra = this.added.get(row);
    if (extra) {
      for (let i = 0; i < extra.neighbour.length; i++) {
        const meta = extra.meta[i]!;
        const group = groupOf(meta);
        if (!this.groupWanted(group, filter)) continue;
        total++;
        const id = this.ids[extra.neighbour[i]!] ?? '';
        const start = pageStartIn(group, after);
        if (start === 'none' || (start !== 'all' && compareIds(id, start.afterId) <= 0)) continue;
        taken.push({ neighbour: extra.neighbour[i]!, meta, group, id });
      }
      taken.sort((a, b) => a.group - b.group || compareIds(a.id, b.id));
    }
    return { entries: taken.slice(0, first).map(({ neighbour, meta }) => ({ neighbour, meta })), total, hasNext: taken.length > first };
  }

  /** The distinct rows one relationship away from `row` (itself excluded) through the entries `filter` takes. */
  neighbourRows(row: number, filter: EntryFilter): number[] {
    const stamp = this.nextStamp();
    const seen = this.seenBy[0];
    seen[row] = stamp;
    const rows: number[] = [];
    this.forEachNeighbour(row, (other, meta) => {
      if (seen[other] === stamp || !this.groupWanted(groupOf(meta), filter)) return;
      seen[other] = stamp;
      rows.push(other);
    });
    return rows;
  }

  private groupWanted(group: number, filter: EntryFilter): boolean {
    const incoming = group < 64;
    if ((incoming && filter.direction === 'OUT') || (!incoming && filter.direction === 'IN')) return false;
    const meta = GROUP_META[group];
    return meta !== undefined && filter.allowed[meta & TYPE_MASK] === 1;
  }

  /** First index in [lo, hi) where `past(i)` holds, for a predicate false then true along the range. */
  private lowerBound(lo: number, hi: number, past: (i: number) => boolean): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (past(mid)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Calls `visit(neighbourRow, meta)` for every relationship of a row; stops early when it returns false. */
  forEachNeighbour(row: number, visit: (neighbour: number, meta: number) => boolean | void): void {
    if (row + 1 < this.start.length) {
      const end = this.start[row + 1]!;
      for (let i = this.start[row]!; i < end; i++) if (visit(this.neighbour[i]!, this.meta[i]!) === false) return;
    }
    const extra = this.added.get(row);
    if (extra) for (let i = 0; i < extra.neighbour.length; i++) if (visit(extra.neighbour[i]!, extra.meta[i]!) === false) return;
  }

  /** Number of relationships of a row (both directions, every type). */
  degree(row: number): number {
    const base = row + 1 < this.start.length ? this.start[row + 1]! - this.start[row]! : 0;
    return base + (this.added.get(row)?.neighbour.length ?? 0);
  }

  hasRelationship(from: number, type: number, to: number): boolean {
    const id = this.ids[to];
    if (id !== undefined && from + 1 < this.start.length) {
      const [lo, hi] = [this.start[from]!, this.start[from + 1]!];
      const group = groupOf(type);
      const at = this.lowerBound(lo, hi, (i) => {
        const g = groupOf(this.meta[i]!);
        return g > group || (g === group && compareIds(this.ids[this.neighbour[i]!] ?? '', id) >= 0);
      });
      if (at < hi && this.neighbour[at] === to && this.meta[at] === type) return true;
    }
    const extra = this.added.get(from);
    return extra !== undefined && extra.neighbour.some((n, i) => n === to && extra.meta[i] === type);
  }

  /** Adds a relationship written after the build; a relationship already present is left alone. */
  addRelationship(from: number, type: number, to: number): void {
    if (this.hasRelationship(from, type, to)) return;
    this.ensureRows(Math.max(from, to) + 1);
    const push = (row: number, neighbour: number, meta: number) => {
      const list = this.added.get(row) ?? { neighbour: [], meta: [] };
      list.neighbour.push(neighbour);
      list.meta.push(meta);
      this.added.set(row, list);
    };
    push(from, to, type);
    push(to, from, type | INCOMING);
    this.typeCounts[type]!++;
  }

  /**
   * One shortest path between two rows over the allowed types, ignoring direction, of at most `maxHops`
   * relationships; null when there is none. Searches from both ends, always widening the smaller frontier.
   */
  shortestPath(from: number, to: number, allowed: Uint8Array, maxHops: number): RowPath | null {
    if (from === to) return { rows: [from], edges: [] };
    const stamp = this.nextStamp();
    const [seenA, seenB] = this.seenBy;
    seenA[from] = stamp;
    seenB[to] = stamp;
    this.parent[0][from] = -1;
    this.parent[1][to] = -1;
    let frontiers: [number[], number[]] = [[from], [to]];
    let depth = 0;
    while (depth < maxHops && frontiers[0].length > 0 && frontiers[1].length > 0) {
      const side = this.frontierCost(frontiers[0]) <= this.frontierCost(frontiers[1]) ? 0 : 1;
      const seen = this.seenBy[side];
      const other = this.seenBy[1 - side]!;
      const parent = this.parent[side];
      const parentMeta = this.parentMeta[side];
      const next: number[] = [];
      let meeting = -1;
      for (const u of frontiers[side]) {
        this.forEachNeighbour(u, (v, meta) => {
          if (allowed[meta & TYPE_MASK] !== 1 || seen[v] === stamp) return true;
          seen[v] = stamp;
          parent[v] = u;
          parentMeta[v] = meta;
          if (other[v] === stamp) {
            meeting = v;
            return false;
          }
          next.push(v);
          return true;
        });
        if (meeting >= 0) break;
      }
      depth++;
      // Both balls were disjoint before this level, so the first meeting is at the shortest distance.
      if (meeting >= 0) return this.joinPath(meeting);
      frontiers[side] = next;
    }
    return null;
  }

  /**
   * Entities within `maxHops` of a row over the allowed types (direction ignored), each with its distance and
   * one shortest path, ordered by distance then id, keeping those `accept` takes, at most `first`.
   */
  connectionsWithin(from: number, allowed: Uint8Array, maxHops: number, first: number, accept: (row: number) => boolean): { row: number; distance: number; path: RowPath }[] {
    const found: { row: number; distance: number; path: RowPath }[] = [];
    if (first <= 0) return found;
    const stamp = this.nextStamp();
    const seen = this.seenBy[0];
    const parent = this.parent[0];
    const parentMeta = this.parentMeta[0];
    seen[from] = stamp;
    parent[from] = -1;
    let frontier = [from];
    for (let distance = 1; distance <= maxHops && frontier.length > 0 && found.length < first; distance++) {
      const next: number[] = [];
      for (const u of frontier) {
        this.forEachNeighbour(u, (v, meta) => {
          if (allowed[meta & TYPE_MASK] !== 1 || seen[v] === stamp) return;
          seen[v] = stamp;
          parent[v] = u;
          parentMeta[v] = meta;
          next.push(v);
        });
      }
      // Only as many of this level as are still wanted, smallest ids first (the order the Cypher version sorts by).
      const wanted = smallest(
        first - found.length,
        next.filter((v) => this.ids[v] !== undefined && accept(v)),
        (a, b) => compareIds(this.ids[a]!, this.ids[b]!),
      );
      for (const v of wanted) found.push({ row: v, distance, path: this.pathTo(v, 0) });
      frontier = next;
    }
    return found;
  }

  private frontierCost(frontier: number[]): number {
    let cost = 0;
    for (const u of frontier) cost += this.degree(u);
    return cost;
  }

  private nextStamp(): number {
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      // Wrapped after 2^32 searches: clear the marks so no old mark passes for a new one.
      this.seenBy[0].fill(0);
      this.seenBy[1].fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }

  /** Path from the search root of `side` to `row`, following parents. */
  private pathTo(row: number, side: 0 | 1): RowPath {
    const rows: number[] = [row];
    const edges: EdgeRef[] = [];
    let v = row;
    while (this.parent[side][v]! >= 0) {
      const u = this.parent[side][v]!;
      edges.push(this.edgeRef(u, v, this.parentMeta[side][v]!));
      rows.push(u);
      v = u;
    }
    return { rows: rows.reverse(), edges: edges.reverse() };
  }

  /** The full path through a node both searches reached. */
  private joinPath(meeting: number): RowPath {
    const head = this.pathTo(meeting, 0);
    const tail = this.pathTo(meeting, 1);
    return {
      rows: [...head.rows, ...tail.rows.reverse().slice(1)],
      edges: [...head.edges, ...tail.edges.reverse()],
    };
  }

  /** The stored relationship behind an adjacency entry of `u` pointing at `v`. */
  private edgeRef(u: number, v: number, meta: number): EdgeRef {
    const type = meta & TYPE_MASK;
    return meta & INCOMING ? { from: v, to: u, type } : { from: u, to: v, type };
  }

  private ensureRows(n: number): void {
    if (n <= this.kinds.length) return;
    const size = Math.max(n, Math.ceil(this.kinds.length * 1.25) + 16);
    const kinds = new Uint8Array(size).fill(NO_KIND);
    kinds.set(this.kinds);
    this.kinds = kinds;
    this.ids.length = size;
    this.names.length = size;
    const grow32 = (a: Uint32Array) => {
      const b = new Uint32Array(size);
      b.set(a);
      return b;
    };
    const growI32 = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    const grow8 = (a: Uint8Array) => {
      const b = new Uint8Array(size);
      b.set(a);
      return b;
    };
    this.seenBy = [grow32(this.seenBy[0]), grow32(this.seenBy[1])];
    this.parent = [growI32(this.parent[0]), growI32(this.parent[1])];
    this.parentMeta = [grow8(this.parentMeta[0]), grow8(this.parentMeta[1])];
  }
}

/** The adjacency meta byte of each page group (undefined for groups no type has). */
const GROUP_META: (number | undefined)[] = new Array(GROUPS);
for (let t = 0; t < relationshipTypeNames.length; t++) {
  GROUP_META[groupOf(t)] = t;
  GROUP_META[groupOf(t | INCOMING)] = t | INCOMING;
}

/**
 * Which entries of a page group come after the cursor key `after` (direction|type|id), compared as the shared
 * version compares: the direction first, then `type|id` as one string against the rest of the key.
 */
function pageStartIn(group: number, after: string | undefined): 'all' | 'none' | { afterId: string } {
  if (after === undefined) return 'all';
  const bar = after.indexOf('|');
  const afterDirection = bar < 0 ? after : after.slice(0, bar);
  const direction = group < 64 ? 'IN' : 'OUT';
  if (afterDirection !== direction) return afterDirection > direction ? 'none' : 'all';
  const rest = bar < 0 ? '' : after.slice(bar + 1);
  const prefix = `${relationshipTypeNames[GROUP_META[group]! & TYPE_MASK]!}|`;
  if (rest.startsWith(prefix)) return { afterId: rest.slice(prefix.length) };
  // The key's type part decides alone: every `prefix + id` is above `rest`, or none is.
  return compareIds(prefix, rest) > 0 ? 'all' : 'none';
}

/** Orders ids the way the engine's ORDER BY does for the ids the product uses (code-unit order). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The `k` smallest items by `compare`, sorted; linear in the list for small `k`. */
export function smallest<T>(k: number, items: readonly T[], compare: (a: T, b: T) => number): T[] {
  if (k <= 0) return [];
  if (items.length <= k * 4) return [...items].sort(compare).slice(0, k);
  const best: T[] = [];
  for (const item of items) {
    if (best.length === k && compare(item, best[k - 1]!) >= 0) continue;
    let at = best.length;
    while (at > 0 && compare(item, best[at - 1]!) < 0) at--;
    best.splice(at, 0, item);
    if (best.length > k) best.pop();
  }
  return best;
}
