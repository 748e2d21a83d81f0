/**
 * Neo4j driver values to plain JSON: integers, temporal and spatial values, nodes, relationships and paths
 * leave the engine in the same portable shape the embedded engine produces.
 *
 * The driver gives a relationship's ends as element ids; ends of nodes that appear elsewhere in the same
 * result are resolved from those nodes, the rest by one extra query by element id (see `portableRecords`).
 */
import neo4j from 'neo4j-driver';
import type { Json } from '../port';
import { portableBytes, portableNode, portablePath, portableRelationship, portableResult, safeInteger } from '../portable';

interface DriverNode {
  elementId: string;
  labels: string[];
  properties: Record<string, unknown>;
}

interface DriverRelationship {
  type: string;
  startNodeElementId: string;
  endNodeElementId: string;
  properties: Record<string, unknown>;
}

interface DriverPath {
  start: DriverNode;
  segments: { start: DriverNode; relationship: DriverRelationship; end: DriverNode }[];
}

function props(p: Record<string, unknown>, ids: ReadonlyMap<string, string>): Record<string, Json> {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, neo4jValue(v, ids)]));
}

const isTemporal = (v: unknown) =>
  neo4j.isDate(v as never) ||
  neo4j.isDateTime(v as never) ||
  neo4j.isLocalDateTime(v as never) ||
  neo4j.isTime(v as never) ||
  neo4j.isLocalTime(v as never) ||
  neo4j.isDuration(v as never);

/** Converts any driver value; `ids` maps element ids to entity ids so relationship ends read as entity ids. */
export function neo4jValue(v: unknown, ids: ReadonlyMap<string, string> = new Map()): Json {
  if (v === null || v === undefined) return null;
  if (neo4j.isInt(v)) return safeInteger(BigInt((v as { toString(): string }).toString()));
  if (typeof v === 'bigint') return safeInteger(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (ArrayBuffer.isView(v)) return portableBytes(v);
  if (Array.isArray(v)) return v.map((x) => neo4jValue(x, ids));
  if (neo4j.isNode(v as never)) {
    const n = v as unknown as DriverNode;
    const label = n.labels.find((l) => l !== 'Entity') ?? n.labels[0] ?? '';
    return portableNode(label, props(n.properties, ids));
  }
  if (neo4j.isRelationship(v as never)) {
    const r = v as unknown as DriverRelationship;
    return portableRelationship(r.type, ids.get(r.startNodeElementId) ?? r.startNodeElementId, ids.get(r.endNodeElementId) ?? r.endNodeElementId, props(r.properties, ids));
  }
  if (neo4j.isPath(v as never)) {
    const p = v as unknown as DriverPath;
    const nodes = [p.start, ...p.segments.map((s) => s.end)];
    const pathIds = new Map(ids);
    for (const n of nodes) rememberNode(n, pathIds);
    return portablePath(
      nodes.map((n) => neo4jValue(n, pathIds)),
      p.segments.map((s) => neo4jValue(s.relationship, pathIds)),
    );
  }
  // Temporal values print as ISO 8601 (dates `2024-01-02`, date-times with offset, durations `P…`).
  if (isTemporal(v)) return (v as { toString(): string }).toString();
  if (neo4j.isPoint(v as never)) {
    const pt = v as unknown as { srid: unknown; x: number; y: number; z?: number };
    return { srid: neo4jValue(pt.srid), x: pt.x, y: pt.y, ...(pt.z === undefined ? {} : { z: pt.z }) };
  }
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, neo4jValue(x, ids)]));
  return String(v);
}

function rememberNode(n: DriverNode, ids: Map<string, string>): void {
  if (typeof n.properties.id === 'string') ids.set(n.elementId, n.properties.id);
}

/** Walks driver values: records every node's entity id and every relationship end the result refers to. */
function collectIds(v: unknown, known: Map<string, string>, ends: Set<string>): void {
  if (v === null || typeof v !== 'object' || neo4j.isInt(v) || ArrayBuffer.isView(v) || isTemporal(v) || neo4j.isPoint(v as never)) return;
  if (Array.isArray(v)) {
    for (const x of v) collectIds(x, known, ends);
    return;
  }
  if (neo4j.isNode(v as never)) return rememberNode(v as DriverNode, known);
  if (neo4j.isRelationship(v as never)) {
    const r = v as DriverRelationship;
    ends.add(r.startNodeElementId);
    ends.add(r.endNodeElementId);
    return;
  }
  if (neo4j.isPath(v as never)) {
    const p = v as DriverPath;
    for (const n of [p.start, ...p.segments.map((s) => s.end)]) rememberNode(n, known);
    return;
  }
  for (const x of Object.values(v as object)) collectIds(x, known, ends);
}

/**
 * Converts records (as lists of driver values) to portable rows. `lookup` resolves element ids of relationship
 * ends whose nodes the result does not contain, in one round-trip; it is not called when there are none.
 */
export async function portableRecords(rows: unknown[][], lookup: (elementIds: string[]) => Promise<Map<string, string>>): Promise<Json[][]> {
  return portableResult(rows, collectIds, lookup, (v, ids) => neo4jValue(v, ids));
}

/** The query `portableRecords` needs for its lookup: entity (or source) id by element id. */
export const ID_LOOKUP_QUERY = 'MATCH (n) WHERE elementId(n) IN $ids RETURN elementId(n) AS element, n.id AS id';
