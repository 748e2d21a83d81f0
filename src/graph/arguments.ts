/** Checks of the arguments callers pass to store operations; names that pass are safe to inline into patterns. */
import { isKind, isRelationshipType, relationshipTypeNames, type KindName, type RelationshipTypeName } from '../ontology/ontology';
import { KgError } from '../errors';

/** Validates a list of relationship type names coming from a caller; they are inlined into patterns. */
export function checkedTypes(types: readonly string[] | undefined): RelationshipTypeName[] {
  if (!types || types.length === 0) return [...relationshipTypeNames];
  for (const t of types) {
    if (!isRelationshipType(t)) throw new KgError('BAD_USER_INPUT', `unknown relationship type "${t}"`, { path: 'types' });
  }
  return [...types] as RelationshipTypeName[];
}

/** Validates a list of entity kinds from a caller; undefined or empty means every kind. */
export function checkedKinds(kinds: readonly string[] | undefined): KindName[] | undefined {
  if (!kinds || kinds.length === 0) return undefined;
  for (const k of kinds) if (!isKind(k)) throw new KgError('BAD_USER_INPUT', `unknown entity kind "${k}"`, { path: 'kinds' });
  return [...kinds] as KindName[];
}

/** Validates a traversal depth from a caller. */
export function checkedHops(maxHops: number): number {
  if (!Number.isInteger(maxHops) || maxHops < 1) throw new KgError('BAD_USER_INPUT', 'maxHops must be a positive integer', { path: 'maxHops' });
  return maxHops;
}

/** Validates an export batch size from a caller. */
export function checkedBatchSize(batchSize: number): number {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new KgError('BAD_USER_INPUT', 'batch size must be a positive integer', { path: 'batchSize' });
  return batchSize;
}
