/**
 * The graph as of a date: only relationships that held, or had been stated, by then. A relationship with a stated
 * time (its current `@time` claim) held from its date or start (the earliest day that date can mean) until its end
 * (the latest day it can mean); one without a time, or whose words could not be resolved ("recently"), counts from
 * the publication of the first source that states it, and not at all when no source stating it is dated. Read through
 * the GraphStore port, so both engines answer alike; traversals are a breadth-first search a layer at a time.
 */
import { KgError } from '../errors';
import { RELATIONSHIP_TIME } from '../graph/claim-rule';
import type { Connection, Direction, Entity, GraphStore, Page, Path, Relationship, RelationshipEdge, TimeSpan } from '../graph/port';
import { decodeCursor } from '../graph/cursor';
import { compareKeys, edgeSortKey } from '../graph/relationship-key';
import type { KindName, RelationshipTypeName } from '../ontology/ontology';
import { periodStart, spanBegins, spanEnds } from './dates';

/** Entities a dated traversal may visit before it is refused (it reads every relationship of each). */
export const AS_OF_VISIT_LIMIT = 20_000;

/** The current time claim of each relationship (null when none is stated). */
export async function relationshipTimes(store: GraphStore, ids: readonly string[]): Promise<Map<string, TimeSpan | null>> {
  const claims = await store.claimsOf(ids);
  return new Map(ids.map((id, i) => [id, claims[i]!.find((c) => c.property === RELATIONSHIP_TIME && c.current)?.time ?? null]));
}

/** True when a relationship held, or had been stated, by `asOf` (YYYY-MM-DD). */
export function heldBy(time: TimeSpan | null, statedOn: readonly (string | null)[], asOf: string): boolean {
  const ends = time ? spanEnds(time) : null;
  if (ends !== null && ends < asOf) return false;
  const begins = time ? spanBegins(time) : null;
  if (begins !== null) return begins <= asOf;
  return statedOn.some((published) => published !== null && periodStart(published) <= asOf);
}

/** The ids, among these relationships, that held or had been stated by `asOf`. */
export async function heldRelationships(store: GraphStore, rels: readonly Relationship[], asOf: string): Promise<Set<string>> {
  const unique = [...new Map(rels.map((r) => [r.id, r])).values()];
  if (unique.length === 0) return new Set();
  const sourceIds = [...new Set(unique.flatMap((r) => r.evidence.map((e) => e.sourceId)))];
  const [times, sources] = await Promise.all([relationshipTimes(store, unique.map((r) => r.id)), store.getSources(sourceIds)]);
  const published = new Map(sourceIds.map((id, i) => [id, sources[i]?.published ?? null]));
  return new Set(
    unique.filter((r) => heldBy(times.get(r.id) ?? null, r.evidence.map((e) => published.get(e.sourceId) ?? null), asOf)).map((r) => r.id),
  );
}

/** An entity's relationships that held by `asOf`, a page at a time (the cursor is the page key, as without a date). */
export async function relationshipsAsOf(
  store: GraphStore,
  entityId: string,
  options: { direction: Direction; types?: RelationshipTypeName[]; first: number; after?: string },
  asOf: string,
): Promise<Page<RelationshipEdge>> {
  const [edges] = await store.relationshipsOfEach([entityId], { direction: options.direction, types: options.types });
  const held = await heldRelationships(store, edges!.map((e) => e.relationship), asOf);
  const after = decodeCursor(options.after);
  const kept = edges!.filter((e) => held.has(e.relationship.id));
  const rest = after === undefined ? kept : kept.filter((e) => compareKeys(edgeSortKey(e.direction, e.relationship.type, e.other.id), after) > 0);
  return { items: rest.slice(0, options.first), totalCount: kept.length, hasNextPage: rest.length > options.first };
}

/** Distinct entities one relationship away by `asOf`, by name then id. */
export async function neighborsAsOf(
  store: GraphStore,
  entityId: string,
  options: { direction: Direction; types?: RelationshipTypeName[]; kinds?: KindName[]; first: number },
  asOf: string,
): Promise<Entity[]> {
  const [edges] = await store.relationshipsOfEach([entityId], { direction: options.direction, types: options.types });
  const held = await heldRelationships(store, edges!.map((e) => e.relationship), asOf);
  const others = new Map<string, Entity>();
  for (const e of edges!) {
    if (!held.has(e.relationship.id) || e.other.id === entityId) continue;
    if (options.kinds && !options.kinds.includes(e.other.kind)) continue;
    others.set(e.other.id, e.other);
  }
  return [...others.values()].sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1)).slice(0, options.first);
}

interface Reached {
  entity: Entity;
  distance: number;
  /** The ways in: the entity one hop nearer and the relationship from it. */
  parents: { from: string; relationship: Relationship }[];
}

/** Breadth-first search over relationships held by `asOf`, in either direction, until `stop` says so or maxHops. */
async function explore(
  store: GraphStore,
  start: string,
  options: { maxHops: number; types?: RelationshipTypeName[]; asOf: string },
  stop: (reached: Map<string, Reached>) => boolean,
): Promise<Map<string, Reached>> {
  const [first] = await store.getEntities([start]);
  const reached = new Map<string, Reached>();
  if (!first) return reached;
  reached.set(start, { entity: first, distance: 0, parents: [] });
  let frontier = [start];
  for (let hop = 1; hop <= options.maxHops && frontier.length > 0 && !stop(reached); hop++) {
    const pages = await store.relationshipsOfEach(frontier, { direction: 'BOTH', types: options.types });
    const held = await heldRelationships(store, pages.flat().map((e) => e.relationship), options.asOf);
    const next: string[] = [];
    pages.forEach((edges, i) => {
      const from = frontier[i]!;
      for (const edge of edges) {
        if (!held.has(edge.relationship.id)) continue;
        const seen = reached.get(edge.other.id);
        if (!seen) {
          reached.set(edge.other.id, { entity: edge.other, distance: hop, parents: [{ from, relationship: edge.relationship }] });
          next.push(edge.other.id);
        } else if (seen.distance === hop && !seen.parents.some((p) => p.relationship.id === edge.relationship.id)) {
          seen.parents.push({ from, relationship: edge.relationship });
        }
      }
    });
    if (reached.size > AS_OF_VISIT_LIMIT) {
      throw new KgError('LIMIT_EXCEEDED', `a traversal as of a date may visit at most ${AS_OF_VISIT_LIMIT} entities; lower maxHops or name relationship types`);
    }
    frontier = next;
  }
  return reached;
}

/** Shortest paths from the search's start to `to`, up to `first`, each built back along the parents. */
function pathsTo(reached: Map<string, Reached>, to: string, first: number): Path[] {
  const out: Path[] = [];
  const walk = (id: string, entities: Entity[], relationships: Relationship[]): void => {
    if (out.length >= first) return;
    const node = reached.get(id)!;
    if (node.distance === 0) {
      out.push({ entities: [node.entity, ...entities], relationships: [...relationships] });
      return;
    }
    for (const p of node.parents) walk(p.from, [node.entity, ...entities], [p.relationship, ...relationships]);
  };
  if (reached.has(to)) walk(to, [], []);
  return out;
}

/** Every shortest path (up to `first`) between two entities over relationships held by `asOf`. */
export async function allShortestPathsAsOf(
  store: GraphStore,
  from: string,
  to: string,
  options: { maxHops: number; types?: RelationshipTypeName[]; first: number },
  asOf: string,
): Promise<Path[]> {
  const reached = await explore(store, from, { ...options, asOf }, (r) => r.has(to));
  return pathsTo(reached, to, options.first);
}

/** One shortest path between two entities over relationships held by `asOf`; null when none within maxHops. */
export async function shortestPathAsOf(store: GraphStore, from: string, to: string, options: { maxHops: number; types?: RelationshipTypeName[] }, asOf: string): Promise<Path | null> {
  return (await allShortestPathsAsOf(store, from, to, { ...options, first: 1 }, asOf))[0] ?? null;
}

/** Entities within maxHops over relationships held by `asOf`, nearest first (then by name and id), each with one path. */
export async function connectionsAsOf(
  store: GraphStore,
  id: string,
  options: { maxHops: number; types?: RelationshipTypeName[]; kinds?: KindName[]; first: number },
  asOf: string,
): Promise<Connection[]> {
  const reached = await explore(store, id, { ...options, asOf }, () => false);
  return [...reached.values()]
    .filter((r) => r.distance > 0 && (!options.kinds || options.kinds.includes(r.entity.kind)))
    .sort((a, b) => a.distance - b.distance || a.entity.name.localeCompare(b.entity.name) || (a.entity.id < b.entity.id ? -1 : 1))
    .slice(0, options.first)
    .map((r) => ({ entity: r.entity, distance: r.distance, path: pathsTo(reached, r.entity.id, 1)[0]! }));
}
