/**
 * How a relationship is named and ordered, spelled once: its id (`from|TYPE|to`, a relationship is identified by
 * its ends and type) and the sort key of an edge seen from one end (`direction|TYPE|other id`, IN before OUT),
 * which is also the key a page cursor carries.
 */
import type { RelationshipTypeName } from '../ontology/ontology';

const SEPARATOR = '|';

/** The stable id of a relationship: `from|TYPE|to`. */
export function relationshipId(from: string, type: string, to: string): string {
  return [from, type, to].join(SEPARATOR);
}

/** The ends and type of a relationship id, or null when it is not three non-empty parts. */
export function parseRelationshipId(id: string): { from: string; type: string; to: string } | null {
  const [from, type, to, ...rest] = id.split(SEPARATOR);
  return from && type && to && rest.length === 0 ? { from, type, to } : null;
}

/** The sort key of an edge seen from its entity: `direction|TYPE|other id`. */
export function edgeSortKey(direction: 'OUT' | 'IN', type: RelationshipTypeName | string, otherId: string): string {
  return [direction, type, otherId].join(SEPARATOR);
}

/** A sort key split at its direction: what comes after it is `TYPE|other id`, the order within one direction. */
export function splitEdgeSortKey(key: string | undefined): { direction: string | undefined; withinDirection: string } {
  const [direction, ...rest] = key?.split(SEPARATOR) ?? [];
  return { direction, withinDirection: rest.join(SEPARATOR) };
}

/** Cypher for the within-direction part of the sort key (`TYPE|other id`), from a type expression and the other end. */
export function withinDirectionKeyExpression(typeExpression: string, other: string): string {
  return `${typeExpression} + '${SEPARATOR}' + ${other}.id`;
}

/** Compares two keys by code unit, as the engines' ORDER BY on strings does. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
