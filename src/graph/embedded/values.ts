/**
 * LadybugDB values to plain JSON: the edge past which no BigInt, Date or engine node object travels.
 * Nodes, relationships and paths take the same portable shape the Neo4j engine produces.
 */
import type { Json } from '../port';
import { portableNode, portableRelationship, safeInteger } from '../portable';

interface InternalId {
  offset: number | bigint;
  table: number | bigint;
}

const keyOf = (id: InternalId | null | undefined) => (id ? `${id.table}:${id.offset}` : '');

function isNode(v: Record<string, unknown>): boolean {
  return '_label' in v && '_id' in v && !('_src' in v);
}

function isRel(v: Record<string, unknown>): boolean {
  return '_src' in v && '_dst' in v && '_label' in v;
}

function ownProperties(v: Record<string, unknown>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, val] of Object.entries(v)) if (!k.startsWith('_')) out[k] = portableValue(val);
  return out;
}

/** Converts any value LadybugDB returns; `ids` maps internal node ids to entity ids (for relationships). */
export function portableValue(v: unknown, ids: Map<string, string> = new Map()): Json {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return safeInteger(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map((x) => portableValue(x, ids));
  if (v instanceof Map) return Object.fromEntries([...v.entries()].map(([k, x]) => [String(k), portableValue(x, ids)]));
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('_nodes' in o && '_rels' in o) {
      const nodes = o._nodes as Record<string, unknown>[];
      const pathIds = new Map(ids);
      for (const n of nodes) pathIds.set(keyOf(n._id as InternalId), String(n.id ?? keyOf(n._id as InternalId)));
      return {
        nodes: nodes.map((n) => portableValue(n, pathIds)),
        relationships: (o._rels as unknown[]).map((r) => portableValue(r, pathIds)),
      };
    }
    if (isRel(o)) {
      const src = keyOf(o._src as InternalId);
      const dst = keyOf(o._dst as InternalId);
      return portableRelationship(String(o._label), ids.get(src) ?? src, ids.get(dst) ?? dst, ownProperties(o));
    }
    if (isNode(o)) return portableNode(String(o._label), ownProperties(o));
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, portableValue(x, ids)]));
  }
  return String(v);
}
