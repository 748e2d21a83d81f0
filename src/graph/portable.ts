/**
 * The one JSON shape for nodes, relationships and paths in Cypher results, whichever engine ran them:
 * a node is `{ id, kind, name, properties }`, a relationship `{ type, from, to, properties }` with its ends
 * given as entity (or source) ids, a path `{ nodes, relationships }`. Integers beyond 2^53 become strings,
 * temporal values ISO 8601 strings, byte arrays base64.
 */
import type { Json } from './port';

/** Properties that exist only to serve the engine (folded search text), never shown to users. */
const INTERNAL_PROPERTIES = new Set(['searchText', 'aliasText']);

/** Integers beyond 2^53 become strings so JSON clients do not silently round them. */
export function safeInteger(v: bigint): number | string {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

/** Properties as users see them: no engine-internal keys, and no nulls (Neo4j never stores a null property). */
function visible(props: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(props)) if (v !== null && !INTERNAL_PROPERTIES.has(k)) out[k] = v;
  return out;
}

/** A node as `{ id, kind, name, properties }`; `kind` is the entity kind, or the label for sources. */
export function portableNode(label: string, props: Record<string, Json>): Json {
  const { id = null, kind = null, name = null, title = null, ...rest } = props;
  // A source is named by its title, which therefore also stays among its properties.
  const properties = visible(name === null && title !== null ? { title, ...rest } : rest);
  return { id, kind: kind ?? label, name: name ?? title, properties };
}

/** A relationship as `{ type, from, to, properties }`, ends given by entity id. */
export function portableRelationship(type: string, from: string, to: string, props: Record<string, Json>): Json {
  return { type, from, to, properties: visible(props) };
}

/** A path as its nodes in order and the relationships between them (relationships[i] joins nodes[i] and nodes[i+1]). */
export function portablePath(nodes: Json[], relationships: Json[]): Json {
  return { nodes, relationships };
}

/** Bytes as base64, the usual JSON carrier for binary values. */
export function portableBytes(v: ArrayBufferView): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
}

/** A duration in milliseconds as an ISO 8601 duration, e.g. `PT97200S`. */
export function isoDuration(ms: number): string {
  const seconds = ms / 1000;
  return `PT${Number.isInteger(seconds) ? seconds : seconds.toFixed(3).replace(/0+$/, '')}S`;
}

/**
 * Raw result rows as portable rows whose relationship ends read as entity ids, the same way for every engine:
 * `collect` walks the raw values for the entity id of every node it meets (`known`, by the engine's internal id) and
 * every relationship end it needs (`ends`); `lookup` resolves the ends no node of the result names, in one round
 * trip (not called when there are none); `convert` turns each value, given the ids and its column.
 */
export async function portableResult(
  rows: unknown[][],
  collect: (v: unknown, known: Map<string, string>, ends: Set<string>) => void,
  lookup: (internalIds: string[]) => Promise<Map<string, string>>,
  convert: (v: unknown, ids: ReadonlyMap<string, string>, column: number) => Json,
): Promise<Json[][]> {
  const known = new Map<string, string>();
  const ends = new Set<string>();
  collect(rows, known, ends);
  const missing = [...ends].filter((k) => k && !known.has(k));
  if (missing.length > 0) for (const [k, id] of await lookup(missing)) known.set(k, id);
  return rows.map((row) => row.map((v, i) => convert(v, known, i)));
}
