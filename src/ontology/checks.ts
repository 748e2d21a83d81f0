/**
 * The ontology's checks of a record, in the product's words: one wording for every door a record comes in by
 * (facts documents, graph files). Each returns the problem, or undefined when the record passes.
 */
import { RELATIONSHIP_TYPES, allowsRelationship, isKind, isRelationshipType, kindNames, relationshipTypeNames, type KindName, type RelationshipTypeName } from './ontology';

/** Why `kind` is not a kind the ontology declares, or undefined when it is one. */
export function kindProblem(kind: string): string | undefined {
  return isKind(kind) ? undefined : `unknown kind "${kind}"; the ontology knows ${kindNames.join(', ')}`;
}

/** Why `type` is not a relationship type the ontology declares, or undefined when it is one. */
export function relationshipTypeProblem(type: string): string | undefined {
  return isRelationshipType(type) ? undefined : `unknown relationship type "${type}"; the ontology knows ${relationshipTypeNames.join(', ')}`;
}

/** Why a relationship of `type` may not join these kinds, or undefined when it may. */
export function endsProblem(type: RelationshipTypeName, fromKind: KindName, toKind: KindName): string | undefined {
  if (allowsRelationship(type, fromKind, toKind)) return undefined;
  const spec = RELATIONSHIP_TYPES[type];
  return `${type} cannot join ${fromKind} to ${toKind}; it joins ${spec.from.join('|')} to ${spec.to.join('|')}`;
}
