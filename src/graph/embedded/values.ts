/**
 * LadybugDB values to plain JSON: the edge past which no BigInt, Date or engine node object travels.
 * Nodes, relationships and paths take the same portable shape the Neo4j engine produces.
 *
 * LadybugDB gives a relationship's ends as internal node ids (`{table, offset}`), not as entity ids. Ends of
 * nodes that appear elsewhere in the same result are resolved from those nodes; the rest are looked up in one
 * extra query by internal id (see `portableRows`).
 */
import type { Json } from '../port';
import { isoDuration, portableBytes, portableNode, portablePath, portableRelationship, portableResult, safeInteger } from '../portable';

interface InternalId {
  offset: number | bigint;
  table: number | bigint;
}

/** `table:offset`, the same text LadybugDB's `string(id(n))` gives. */
const keyOf = (id: InternalId | null | undefined) => (id ? `${id.table}:${id.offset}` : '');

function isNode(v: Record<string, unknown>): boolean {
  return '_label' in v && '_id' in v && !('_src' in v);
}

function isRel(v: Record<string, unknown>): boolean {
  return '_src' in v && '_dst' in v && '_label' in v;
}

function isPath(v: Record<string, unknown>): boolean {
  return '_nodes' in v && '_rels' in v;
}

function ownProperties(v: Record<string, unknown>, ids: ReadonlyMap<string, string>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, val] of Object.entries(v)) if (!k.startsWith('_')) out[k] = portableValue(val, ids);
  return out;
}

// Tag checks rather than instanceof: the native module builds its values in Node's main realm, which need
// not be the realm of the caller (jest's sandboxes, for one).
const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';
const isMap = (v: unknown): v is Map<unknown, unknown> => Object.prototype.toString.call(v) === '[object Map]';

/** `YYYY-MM-DD` for a DATE value (LadybugDB hands it over as midnight UTC). */
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Converts any value LadybugDB returns. `ids` maps internal node ids (`table:offset`) to entity ids so
 * relationship ends read as entity ids; `type` is the column's LadybugDB type when known (DATE, INTERVAL, …),
 * which tells a date from a timestamp and a duration from a number.
 */
export function portableValue(v: unknown, ids: ReadonlyMap<string, string> = new Map(), type?: string): Json {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return safeInteger(v);
  if (typeof v === 'number') return type === 'INTERVAL' ? isoDuration(v) : Number.isFinite(v) ? v : String(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (isDate(v)) return type === 'DATE' ? isoDate(v) : v.toISOString();
  if (ArrayBuffer.isView(v)) return portableBytes(v);
  if (Array.isArray(v)) {
    const element = type?.endsWith('[]') ? type.slice(0, -2) : undefined;
    return v.map((x) => portableValue(x, ids, element));
  }
  if (isMap(v)) return Object.fromEntries([...v.entries()].map(([k, x]) => [String(k), portableValue(x, ids)]));
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (isPath(o)) {
      const nodes = o._nodes as Record<string, unknown>[];
      const pathIds = new Map(ids);
      for (const n of nodes) rememberNode(n, pathIds);
      return portablePath(
        nodes.map((n) => portableValue(n, pathIds)),
        (o._rels as unknown[]).map((r) => portableValue(r, pathIds)),
      );
    }
    if (isRel(o)) {
      const src = keyOf(o._src as InternalId);
      const dst = keyOf(o._dst as InternalId);
      return portableRelationship(String(o._label), ids.get(src) ?? src, ids.get(dst) ?? dst, ownProperties(o, ids));
    }
    if (isNode(o)) return portableNode(String(o._label), ownProperties(o, ids));
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, portableValue(x, ids)]));
  }
  return String(v);
}

function rememberNode(n: Record<string, unknown>, ids: Map<string, string>): void {
  const key = keyOf(n._id as InternalId);
  if (key && typeof n.id === 'string') ids.set(key, n.id);
}

/** Walks raw values: records every node's entity id and every relationship end the result refers to. */
function collectIds(v: unknown, known: Map<string, string>, ends: Set<string>): void {
  if (v === null || typeof v !== 'object' || isDate(v) || ArrayBuffer.isView(v)) return;
  if (Array.isArray(v)) {
    for (const x of v) collectIds(x, known, ends);
    return;
  }
  if (isMap(v)) {
    for (const x of v.values()) collectIds(x, known, ends);
    return;
  }
  const o = v as Record<string, unknown>;
  if (isNode(o)) rememberNode(o, known);
  if (isRel(o)) {
    ends.add(keyOf(o._src as InternalId));
    ends.add(keyOf(o._dst as InternalId));
  }
  for (const [k, x] of Object.entries(o)) if (!k.startsWith('_') || k === '_nodes' || k === '_rels') collectIds(x, known, ends);
}

/**
 * Converts raw result rows to portable rows. `lookup` resolves internal ids (`table:offset`) of relationship
 * ends whose nodes the result does not contain, in one round-trip; it is not called when there are none.
 */
export async function portableRows(
  rows: unknown[][],
  types: readonly string[],
  lookup: (internalIds: string[]) => Promise<Map<string, string>>,
): Promise<Json[][]> {
  return portableResult(rows, collectIds, lookup, (v, ids, i) => portableValue(v, ids, types[i]));
}

/** The query `portableRows` needs for its lookup: entity (or source) id by internal id. */
export const ID_LOOKUP_QUERY = 'MATCH (n) WHERE string(id(n)) IN $ids RETURN string(id(n)) AS internal, n.id AS id';
