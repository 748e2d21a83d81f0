/**
 * The one JSON shape for nodes, relationships and paths in Cypher results, whichever engine ran them.
 */
import type { Json } from './port';

/** Integers beyond 2^53 become strings so JSON clients do not silently round them. */
export function safeInteger(v: bigint): number | string {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

/** A node as `{ id, kind, name, properties }`; `kind` is the entity kind, or the label for sources. */
export function portableNode(label: string, props: Record<string, Json>): Json {
  const { id = null, kind = null, name = null, title = null, searchText: _folded, ...rest } = props;
  return { id, kind: kind ?? label, name: name ?? title, properties: rest };
}

/** A relationship as `{ type, from, to, properties }`, ends given by entity id. */
export function portableRelationship(type: string, from: string, to: string, props: Record<string, Json>): Json {
  return { type, from, to, properties: props };
}
