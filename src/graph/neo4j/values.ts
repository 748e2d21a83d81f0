/**
 * Neo4j driver values to plain JSON: integers, temporal and spatial values, nodes, relationships and paths
 * leave the engine in the same portable shape the embedded engine produces.
 */
import neo4j from 'neo4j-driver';
import type { Json } from '../port';
import { portableNode, portableRelationship, safeInteger } from '../portable';

function props(p: Record<string, unknown>): Record<string, Json> {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, neo4jValue(v)]));
}

/** Converts any driver value; `ids` maps element ids to entity ids so relationship ends read as entity ids. */
export function neo4jValue(v: unknown, ids: Map<string, string> = new Map()): Json {
  if (v === null || v === undefined) return null;
  if (neo4j.isInt(v)) return safeInteger(BigInt((v as { toString(): string }).toString()));
  if (typeof v === 'bigint') return safeInteger(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map((x) => neo4jValue(x, ids));
  if (neo4j.isNode(v as never)) {
    const n = v as unknown as { labels: string[]; properties: Record<string, unknown> };
    const label = n.labels.find((l) => l !== 'Entity') ?? n.labels[0] ?? '';
    return portableNode(label, props(n.properties));
  }
  if (neo4j.isRelationship(v as never)) {
    const r = v as unknown as { type: string; startNodeElementId: string; endNodeElementId: string; properties: Record<string, unknown> };
    return portableRelationship(r.type, ids.get(r.startNodeElementId) ?? r.startNodeElementId, ids.get(r.endNodeElementId) ?? r.endNodeElementId, props(r.properties));
  }
  if (neo4j.isPath(v as never)) {
    const p = v as unknown as { segments: { start: unknown; relationship: unknown; end: unknown }[]; start: unknown };
    const nodes = [p.start, ...p.segments.map((s) => s.end)] as { elementId: string; properties: Record<string, unknown> }[];
    const pathIds = new Map(ids);
    for (const n of nodes) pathIds.set(n.elementId, String(n.properties.id ?? n.elementId));
    return { nodes: nodes.map((n) => neo4jValue(n, pathIds)), relationships: p.segments.map((s) => neo4jValue(s.relationship, pathIds)) };
  }
  if (
    neo4j.isDate(v as never) ||
    neo4j.isDateTime(v as never) ||
    neo4j.isLocalDateTime(v as never) ||
    neo4j.isTime(v as never) ||
    neo4j.isLocalTime(v as never) ||
    neo4j.isDuration(v as never)
  ) {
    return (v as { toString(): string }).toString();
  }
  if (neo4j.isPoint(v as never)) {
    const pt = v as unknown as { srid: unknown; x: number; y: number; z?: number };
    return { srid: neo4jValue(pt.srid), x: pt.x, y: pt.y, ...(pt.z === undefined ? {} : { z: pt.z }) };
  }
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, neo4jValue(x, ids)]));
  return String(v);
}
