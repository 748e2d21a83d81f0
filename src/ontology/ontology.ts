/**
 * The ontology in use: every node kind, every relationship type (with the kinds it may join) and every property,
 * read once per process from the YAML file KG_ONTOLOGY names (default `ontology/default.yaml`, see load.ts for its
 * checks). Engine DDL, Neo4j constraints, facts validation, the GraphQL schema, the explorer's legend and the
 * generator are derived from what this module exports, so adding a kind is a change in that file only.
 */
import { ontologyFile } from '../config';
import { loadOntologyFile, type KindSpec, type Ontology, type PropertySpec, type RelationshipSpec } from './load';

export type { KindList, KindShape, KindSpec, MoneyField, Ontology, PropertySpec, PropertyType, RelationshipSpec, TieField } from './load';

/** The ontology this process runs with, read once. */
export const ONTOLOGY: Ontology = loadOntologyFile(ontologyFile());

/** A kind's name; any kind the loaded ontology declares (check with `isKind`). */
export type KindName = string;
/** A relationship type's name; any type the loaded ontology declares (check with `isRelationshipType`). */
export type RelationshipTypeName = string;

export const KINDS: Readonly<Record<KindName, KindSpec>> = ONTOLOGY.kinds;
export const RELATIONSHIP_TYPES: Readonly<Record<RelationshipTypeName, RelationshipSpec>> = ONTOLOGY.relationships;

/** The source-to-entity link; kept out of RELATIONSHIP_TYPES because it is provenance, not a stated tie. */
export const MENTIONS = 'MENTIONS';

/** Labels used by both engines for the two node tables. */
export const ENTITY_LABEL = 'Entity';
export const SOURCE_LABEL = 'Source';

export const kindNames: readonly KindName[] = Object.keys(KINDS);
export const relationshipTypeNames: readonly RelationshipTypeName[] = Object.keys(RELATIONSHIP_TYPES);

/** True when `name` is a declared node kind. */
export function isKind(name: string): name is KindName {
  return Object.prototype.hasOwnProperty.call(KINDS, name);
}

/** True when `name` is a declared relationship type. */
export function isRelationshipType(name: string): name is RelationshipTypeName {
  return Object.prototype.hasOwnProperty.call(RELATIONSHIP_TYPES, name);
}

/** Every entity property across kinds, with one type each (the embedded engine stores entities in one table). */
export function entityPropertyColumns(): Record<string, PropertySpec> {
  const columns: Record<string, PropertySpec> = {};
  for (const kind of kindNames) {
    for (const [name, spec] of Object.entries(KINDS[kind]!.properties)) {
      columns[name] ??= spec; // load.ts refuses a name with two types
    }
  }
  return columns;
}

/** Core fields every entity has, stored beside the kind's own properties. */
export const ENTITY_CORE_FIELDS = ['id', 'kind', 'name', 'aliases', 'description'] as const;

/** Fields every stated relationship carries: parallel lists of quotes and the sources they come from. */
export const RELATIONSHIP_CORE_FIELDS = ['evidence', 'sources'] as const;

/** Properties a kind may carry. */
export function kindProperties(kind: KindName): Record<string, PropertySpec> {
  return KINDS[kind]!.properties;
}

/** Properties a relationship type may carry. */
export function relationshipProperties(type: RelationshipTypeName): Record<string, PropertySpec> {
  return RELATIONSHIP_TYPES[type]!.properties;
}

/** Whether the ontology lets `type` join an entity of kind `from` to one of kind `to`. */
export function allowsRelationship(type: RelationshipTypeName, from: KindName, to: KindName): boolean {
  const spec = RELATIONSHIP_TYPES[type];
  return spec !== undefined && spec.from.includes(from) && spec.to.includes(to);
}
