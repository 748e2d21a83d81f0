/**
 * Row mapping for the shared Cypher: the columns a query projects for an entity, a relationship or a source, and
 * the port values built back from them. Both engines project and read with these, so a column is named once.
 */
import { ENTITY_CORE_FIELDS, entityPropertyColumns, relationshipProperties, type KindName, type RelationshipTypeName } from '../ontology/ontology';
import { relationshipPropertyColumns } from '../ontology/schema';
import type { Dialect } from './dialect';
import type { Entity, GraphSlice, Json, MentionLink, Properties, Relationship, Source } from './port';
import { relationshipId } from './relationship-key';

/** One result row, by column name. */
export type Row = Record<string, unknown>;
/** Query parameters, by name. */
export type Params = Record<string, unknown>;

/** The ontology's entity properties, in column order. */
export const ENTITY_PROPS = Object.keys(entityPropertyColumns());
/** Every relationship property any type declares, in column order. */
export const REL_PROPS = Object.keys(relationshipPropertyColumns());
/** A source's fields, in column order. */
export const SOURCE_FIELDS = ['id', 'title', 'url', 'publisher', 'published', 'text', 'ingestedAt'] as const;

/** `e.id AS p_id, e.kind AS p_kind, …` for one entity variable. */
export function entityColumns(variable: string, prefix: string): string {
  return [...ENTITY_CORE_FIELDS, ...ENTITY_PROPS].map((c) => `${variable}.${c} AS ${prefix}${c}`).join(', ');
}

/**
 * Columns of one relationship; without `from`/`to` the caller fills in r_from/r_to itself. With `types`, only
 * the properties those types declare (LadybugDB refuses a property that none of the matched tables has).
 */
export function relationshipColumns(dialect: Dialect, rel: string, from?: string, to?: string, types?: readonly RelationshipTypeName[]): string {
  const props = types ? REL_PROPS.filter((p) => types.some((t) => p in relationshipProperties(t))) : REL_PROPS;
  return [
    ...(from && to ? [`${from}.id AS r_from`, `${to}.id AS r_to`] : []),
    `${dialect.typeOf(rel)} AS r_type`,
    `${rel}.evidence AS r_evidence`,
    `${rel}.sources AS r_sources`,
    ...props.map((p) => `${rel}.${p} AS r_${p}`),
  ].join(', ');
}

/** `s.id AS s_id, s.title AS s_title, …` for one source variable. */
export function sourceColumns(variable: string, prefix = 's_'): string {
  return SOURCE_FIELDS.map((c) => `${variable}.${c} AS ${prefix}${c}`).join(', ');
}

/** The properties set in a row, under `prefix` + each name (a null column is a property not set). */
function propertiesOf(row: Row, prefix: string, names: readonly string[]): Properties {
  const properties: Properties = {};
  for (const p of names) {
    const v = row[prefix + p];
    if (v !== null && v !== undefined) properties[p] = v as Json;
  }
  return properties;
}

/** An entity from the columns `entityColumns` projected under `prefix`. */
export function toEntity(row: Row, prefix: string): Entity {
  return {
    id: row[`${prefix}id`] as string,
    kind: row[`${prefix}kind`] as KindName,
    name: row[`${prefix}name`] as string,
    aliases: (row[`${prefix}aliases`] as string[] | null) ?? [],
    description: (row[`${prefix}description`] as string | null) ?? null,
    properties: propertiesOf(row, prefix, ENTITY_PROPS),
  };
}

/** A relationship from the columns `relationshipColumns` projected (r_from and r_to filled in). */
export function toRelationship(row: Row): Relationship {
  const quotes = (row.r_evidence as string[] | null) ?? [];
  const sources = (row.r_sources as string[] | null) ?? [];
  const from = row.r_from as string;
  const to = row.r_to as string;
  const type = row.r_type as RelationshipTypeName;
  return {
    id: relationshipId(from, type, to),
    type,
    from,
    to,
    properties: propertiesOf(row, 'r_', REL_PROPS),
    evidence: quotes.map((quote, i) => ({ quote, sourceId: sources[i] ?? '' })),
  };
}

/** A source from the columns `sourceColumns` projected under `prefix`. */
export function toSource(row: Row, prefix = 's_'): Source {
  return {
    id: row[`${prefix}id`] as string,
    title: row[`${prefix}title`] as string,
    url: (row[`${prefix}url`] as string | null) ?? null,
    publisher: (row[`${prefix}publisher`] as string | null) ?? null,
    published: (row[`${prefix}published`] as string | null) ?? null,
    text: (row[`${prefix}text`] as string | null) ?? '',
    ingestedAt: (row[`${prefix}ingestedAt`] as string | null) ?? null,
  };
}

/** Mention offsets as a column holds them (null for none; engines may return integers of their own). */
export function toOffsets(value: unknown): number[] {
  return ((value as number[] | null) ?? []).map(Number);
}

/** A mention link from `sourceColumn`, `entityColumn` and `offsets` columns. */
export function toMention(row: Row, sourceColumn: string, entityColumn: string): MentionLink {
  return { sourceId: row[sourceColumn] as string, entityId: row[entityColumn] as string, offsets: toOffsets(row.offsets) };
}

/** One export slice from its entity rows, their outgoing relationships (with the kind at the other end) and mention rows. */
export function exportSlice(rows: Row[], rels: { relationship: Relationship; toKind: KindName }[], mentions: Row[]): GraphSlice {
  const entities = rows.map((r) => toEntity(r, 'e_'));
  const kinds: Record<string, KindName> = {};
  for (const e of entities) kinds[e.id] = e.kind;
  for (const r of rels) kinds[r.relationship.to] = r.toKind;
  return { sources: [], kinds, entities, relationships: rels.map((r) => r.relationship), mentions: mentions.map((r) => toMention(r, 'sourceId', 'entityId')) };
}
