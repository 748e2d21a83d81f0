/**
 * What the resolvers of each GraphQL type receive as their parent object (GraphQL Code Generator's mappers,
 * scripts/codegen.ts): the port's types where the schema shows them as they are, these shapes where the API adds to them.
 */
import type { Decision as StoredDecision } from '../graph/decisions';
import type { Entity, Evidence, Path, Properties, Relationship } from '../graph/port';

/** An entity as `entity(id:)` answers it: `redirectedFrom` is the merged id asked for, when it named one. */
export type RedirectableEntity = Entity & { redirectedFrom?: string };

/** A path with its length (the number of relationships). */
export type MeasuredPath = Path & { length: number };

/** A decision as the schema shows it: the action in capitals, the actor as `analyst`. */
export type ShownDecision = Omit<StoredDecision, 'action'> & { action: 'MERGE' | 'KEEP_APART' | 'PREFER_CLAIM'; analyst: string };

/** A relationship seen from one entity, in a page: the other end, the relationship and its cursor. */
export interface RelationshipEdgeModel {
  cursor: string;
  direction: 'OUT' | 'IN';
  type: string;
  properties: Properties;
  other: Entity;
  evidence: Evidence[];
  node: Relationship;
}
