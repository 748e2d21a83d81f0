/**
 * The GraphStore port: the only way the rest of the product reaches a database.
 * Operations are the product's needs, not a query builder; every value crossing it is plain JSON.
 */
import type { KindName, RelationshipTypeName } from '../ontology/ontology';
import type { Decision, DecisionStore } from './decisions';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Properties = Record<string, Json>;

export interface Entity {
  id: string;
  kind: KindName;
  name: string;
  aliases: string[];
  description: string | null;
  /** The kind's own properties (only those set). */
  properties: Properties;
}

export interface Source {
  id: string;
  title: string;
  url: string | null;
  publisher: string | null;
  published: string | null;
  text: string;
  /** When the source was first ingested (ISO 8601, UTC); null for sources ingested before the graph recorded it. */
  ingestedAt?: string | null;
}

/**
 * A page of sources, newest first: dated sources by `published` (latest first), then undated ones; ties and
 * undated sources in id order. `publishedAfter`/`publishedBefore` (ISO dates, both inclusive) keep dated sources only.
 */
export interface SourceListOptions {
  first: number;
  /** Cursor: the (published, id) of the last source of the previous page, base64url. */
  after?: string;
  publishedAfter?: string;
  publishedBefore?: string;
}

/** What a source states: the entities it is linked to by a mention and the relationships it gives a quote for. */
export interface SourceCounts {
  entities: number;
  relationships: number;
}

/** One quote backing a relationship, and the source it was taken from. */
export interface Evidence {
  quote: string;
  sourceId: string;
}

export interface Relationship {
  /** Stable id: `from|TYPE|to` (a relationship is identified by its ends and type). */
  id: string;
  type: RelationshipTypeName;
  from: string;
  to: string;
  properties: Properties;
  evidence: Evidence[];
}

export type Direction = 'OUT' | 'IN' | 'BOTH';

/** A relationship seen from one entity: which way it points and the entity at the other end. */
export interface RelationshipEdge {
  relationship: Relationship;
  direction: 'OUT' | 'IN';
  other: Entity;
}

/** One page of an entity's relationships, as `relationshipsOf` takes it. */
export interface RelationshipPageRequest {
  entityId: string;
  direction: Direction;
  types?: RelationshipTypeName[];
  first: number;
  /** Cursor: the key (direction|type|other id) of the last relationship of the previous page, base64url. */
  after?: string;
}

/** One neighbour listing, as `neighbors` takes it. */
export interface NeighbourRequest {
  entityId: string;
  direction: Direction;
  types?: RelationshipTypeName[];
  kinds?: KindName[];
  first: number;
  order?: NeighbourOrder;
}

/** Order of a neighbour listing: by name then id (the default), or by id; each optionally after a given place (a page's last). */
export type NeighbourOrder = { by: 'name'; after?: { name: string; id: string } } | { by: 'id'; after?: string };

export interface Page<T> {
  items: T[];
  totalCount: number;
  /** True when items exist after the last one returned. */
  hasNextPage: boolean;
}

/** Entities and the relationships between them, in order: entities[i] -rels[i]- entities[i+1]. */
export interface Path {
  entities: Entity[];
  relationships: Relationship[];
}

export interface Connection {
  entity: Entity;
  distance: number;
  /** One shortest path from the start entity to this one. */
  path: Path;
}

export interface SearchHit {
  entity: Entity;
  /** 0..1, higher is better. */
  score: number;
  /** Which field matched: name, alias or description. */
  matchedField: 'name' | 'alias' | 'description';
  /** Why it matched: the name index's reason (exact, alias, word, variant, typo, prefix), or `contains` for text found inside a name or description. */
  why?: SearchReason;
  /** The name or alias that matched, as the graph writes it (null for a `contains` match). */
  matchedName?: string | null;
}

/** Why a search hit matched, strongest first. */
export type SearchReason = 'exact' | 'alias' | 'word' | 'variant' | 'typo' | 'prefix' | 'contains';

export interface GraphStats {
  entities: number;
  relationships: number;
  sources: number;
  mentions: number;
  entitiesByKind: Record<string, number>;
  relationshipsByType: Record<string, number>;
}

/** A facts document after validation: every id resolved, every record checked against the ontology. */
export interface DocumentWrite {
  source: Source;
  entities: Entity[];
  relationships: Relationship[];
  /** Entity id → character offsets of its mentions in the source text. */
  mentions: Record<string, number[]>;
  /** What the source states of each property value (and of each relationship's time); see Claim. */
  claims?: StatedClaim[];
}

/** How exact a date is: a day (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY). */
export type DatePrecision = 'day' | 'month' | 'year';

/** When something held or happened, as the source states it: a date or a span, its precision and the words used. */
export interface TimeSpan {
  date: string | null;
  start: string | null;
  end: string | null;
  precision: DatePrecision | null;
  /** The words as stated ("this year", "recently"); kept even when no date could be resolved from them. */
  stated: string | null;
}

/** One source stating a claim, with the quote where the facts document gives one. */
export interface ClaimSource {
  sourceId: string;
  quote: string | null;
}

/** An analyst's mark that a claim is the value to show, with who made it, when and why. */
export interface PreferredMark {
  by: string;
  at: string;
  why: string | null;
}

/**
 * A value of one property of an entity or relationship, with every source that states it. Sources that
 * disagree make several claims of the same property; the property itself holds the current one (claim-rule.ts).
 */
export interface Claim {
  /** Stable id, derived from subject, property and value. */
  id: string;
  /** The entity id, or the relationship id (`from|TYPE|to`). */
  subject: string;
  /** The property name; `@time` is the time of a relationship (value: a TimeSpan). */
  property: string;
  value: Json;
  sources: ClaimSource[];
  time: TimeSpan | null;
  preferred: PreferredMark | null;
  /** True for the claim whose value the property holds (set when read from a store). */
  current?: boolean;
}

/** A claim as one document states it (before it is merged with what the graph holds). */
export interface StatedClaim {
  subject: string;
  property: string;
  value: Json;
  quote: string | null;
  time: TimeSpan | null;
}

/** A property whose sources disagree: every value stated for it. */
export interface Conflict {
  subject: string;
  property: string;
  claims: Claim[];
}

export interface WriteSummary {
  entitiesCreated: number;
  entitiesUpdated: number;
  entitiesUnchanged: number;
  relationshipsCreated: number;
  relationshipsUpdated: number;
  relationshipsUnchanged: number;
}

export interface CypherOptions {
  params?: Record<string, unknown>;
  /** Refuse, before running, a query that would write. */
  readOnly: boolean;
  timeoutMs: number;
  maxRows: number;
  /** The text comes from the product (the named-query library), not a user: no guard, no queue for users' queries. */
  trusted?: boolean;
}

export interface CypherResult {
  columns: string[];
  rows: Json[][];
  truncated: boolean;
  elapsedMs: number;
  engine: EngineName;
}

export interface GraphDump {
  sources: Source[];
  entities: Entity[];
  relationships: Relationship[];
  mentions: { sourceId: string; entityId: string; offsets: number[] }[];
  /** Analysts' decisions (merges, pairs kept apart), oldest first; absent when there are none. */
  decisions?: Decision[];
  /** Every claim with its sources (absent in dumps written before claims were kept). */
  claims?: Claim[];
}

/** A bounded part of a graph dump, with the kind of every entity it names (relationship ends included). */
export interface GraphSlice extends GraphDump {
  kinds: Record<string, KindName>;
}

export type EngineName = 'embedded' | 'neo4j';

/** What a backup folder holds, written last into it as kg-backup.json (so a folder without it is incomplete). */
export interface BackupManifest {
  format: 'kg-backup/1';
  createdAt: string;
  engine: EngineName;
  /** Engine release and storage format that wrote the files. */
  engineVersion: string;
  storageVersion: number;
  files: { name: string; bytes: number; sha256: string }[];
  counts: { entities: number; relationships: number; sources: number; mentions: number };
}

/** The names an entity goes by: what entity resolution and mention linking match against. */
export interface EntityLabel {
  id: string;
  kind: KindName;
  name: string;
  aliases: string[];
}

/** What importing a graph dump changed: merge outcomes, plus the sources and mentions written. */
export interface ImportSummary extends WriteSummary {
  sources: number;
  mentions: number;
  /** Decisions new to the graph (one already stored is not counted). */
  decisions?: number;
}

/** How a bulk load runs: rows per write transaction (engines that batch) and who hears the progress. */
export interface BulkLoadOptions {
  batchSize?: number;
  /** Rows done out of rows in all (sources, entities and relationships), with the file being loaded. */
  onProgress?: (done: number, total: number, file: string) => void;
}

/** What a bulk load brought in, and how long it took. */
export interface BulkLoadReport {
  entities: number;
  relationships: number;
  sources: number;
  /** Wall time of the whole load. */
  seconds: number;
}

export interface TraversalOptions {
  maxHops: number;
  types?: RelationshipTypeName[];
}

export interface GraphStore extends DecisionStore {
  readonly engine: EngineName;
  /** Creates tables/constraints/indexes if missing; safe to call on every start. */
  init(): Promise<void>;
  /** Builds in-process indexes up front (where an engine keeps any) so the first request is not the slow one. */
  warmUp?(): Promise<void>;
  /** A consistent copy of the graph's files in an empty folder, while the store keeps serving (embedded engine only). */
  backup?(targetDir: string): Promise<BackupManifest>;
  /** Loads a bulk folder written by `kg generate` by the engine's own fast path (embedded: COPY FROM into an empty graph). */
  bulkLoad?(dir: string, options?: BulkLoadOptions): Promise<BulkLoadReport>;
  close(): Promise<void>;
  /** Number of engine round-trips so far (for tests that guard against N+1). */
  readonly roundTrips: number;

  /** Merges a whole document in one transaction: all of it lands, or none. */
  writeDocument(write: DocumentWrite): Promise<WriteSummary>;
  /** Computes what `writeDocument` would change, without changing anything. */
  planDocument(write: DocumentWrite): Promise<WriteSummary>;

  getEntities(ids: readonly string[]): Promise<(Entity | null)[]>;
  listEntities(options: { kinds?: KindName[]; first: number; after?: string }): Promise<Page<Entity>>;
  getSources(ids: readonly string[]): Promise<(Source | null)[]>;
  /** Sources newest first, a page at a time (order and filters: SourceListOptions). */
  listSources(options: SourceListOptions): Promise<Page<Source>>;
  /** How many entities and relationships each source states; result[i] belongs to ids[i] (zeros for an unknown id). */
  sourceCounts(ids: readonly string[]): Promise<SourceCounts[]>;
  /** Relationships with at least one quote from each source, by from id, type and to id; result[i] belongs to sourceIds[i]. */
  relationshipsStatedBy(sourceIds: readonly string[]): Promise<Relationship[][]>;
  /** Sources that mention an entity, with the offsets of each mention. */
  sourcesMentioning(entityId: string): Promise<{ source: Source; offsets: number[] }[]>;
  /** Entities a source mentions, with the offsets of each mention. */
  entitiesMentionedBy(sourceId: string): Promise<{ entity: Entity; offsets: number[] }[]>;

  relationshipsOf(
    entityId: string,
    options: { direction: Direction; types?: RelationshipTypeName[]; first: number; after?: string },
  ): Promise<Page<RelationshipEdge>>;
  /** Pages of several entities' relationships at once (each as relationshipsOf gives it), batched where the engine can. */
  relationshipPages(requests: readonly RelationshipPageRequest[]): Promise<Page<RelationshipEdge>[]>;
  /** Distinct entities one relationship away (the entity itself excluded), by name then id unless `order` says by id. */
  neighbors(
    entityId: string,
    options: { direction: Direction; types?: RelationshipTypeName[]; kinds?: KindName[]; first: number; order?: NeighbourOrder },
  ): Promise<Entity[]>;
  /** Neighbour listings of several entities at once (each as neighbors gives it), batched where the engine can. */
  neighborPages(requests: readonly NeighbourRequest[]): Promise<Entity[][]>;
  /** Every relationship of the given types, e.g. all PARTICIPATES_IN (for "who is in which project"). */
  relationshipsOfType(types: RelationshipTypeName[], options: { toKinds?: KindName[]; fromKinds?: KindName[] }): Promise<Relationship[]>;

  search(text: string, options: { kinds?: KindName[]; first: number }): Promise<SearchHit[]>;
  shortestPath(from: string, to: string, options: TraversalOptions): Promise<Path | null>;
  allShortestPaths(from: string, to: string, options: TraversalOptions & { first: number }): Promise<Path[]>;
  connectionsWithin(
    id: string,
    options: TraversalOptions & { kinds?: KindName[]; first: number },
  ): Promise<Connection[]>;
  stats(): Promise<GraphStats>;

  runCypher(query: string, options: CypherOptions): Promise<CypherResult>;
  exportGraph(): Promise<GraphDump>;
  /**
   * The whole graph in slices of bounded size, for exports that must not hold it in memory: first every source
   * (`batchSize` at a time), then pages of `batchSize` entities, each with its outgoing relationships and its mentions.
   */
  exportSlices(options: { batchSize: number }): AsyncIterable<GraphSlice>;

  /**
   * Every relationship of each entity, in one round trip; result[i] belongs to entityIds[i], in relationshipsOf
   * order. Reads all of a hub: the API pages with relationshipPages instead; this stays as a reference for tests.
   */
  relationshipsOfEach(
    entityIds: readonly string[],
    options: { direction: Direction; types?: RelationshipTypeName[] },
  ): Promise<RelationshipEdge[][]>;
  /** Mention links of the given entities or sources (source id order), in one round trip. */
  mentionsAmong(options: { entityIds?: readonly string[]; sourceIds?: readonly string[] }): Promise<MentionLink[]>;
  /** Id, kind, name and aliases of every entity (for entity resolution and mention linking). */
  entityLabels(): Promise<EntityLabel[]>;
  /** Relationships by id (`from|TYPE|to`), null where there is none. */
  getRelationships(ids: readonly string[]): Promise<(Relationship | null)[]>;
  /**
   * Merges a dump (whole or a slice) in one write transaction, with the same merge rules as writeDocument.
   * Every relationship end and mention must already exist in the store or in the dump; callers validate first.
   */
  importGraph(dump: GraphDump): Promise<ImportSummary>;

  /** The claims about each subject (entity or relationship id), each marked current or not; result[i] belongs to subjects[i]. */
  claimsOf(subjects: readonly string[]): Promise<Claim[][]>;
  /** Properties whose sources disagree (two or more claims), by subject then property, the first `first` (after `after` when given). */
  conflicts(options: { first: number; after?: { subject: string; property: string } }): Promise<Conflict[]>;
  /** Marks a claim preferred (and no other of its property), making its value the property's; null when no claim has the id. */
  preferClaim(claimId: string, mark: PreferredMark): Promise<Claim | null>;
}

/** A source mentioning an entity at these character offsets. */
export interface MentionLink {
  sourceId: string;
  entityId: string;
  offsets: number[];
}
