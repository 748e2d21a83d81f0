/**
 * The GraphStore operations written once in the Cypher both engines understand. Engines supply a runner
 * (how to send a query and convert its values to plain JSON) and a dialect (the few clauses that differ).
 */
import { ENTITY_LABEL, MENTIONS, SOURCE_LABEL, isRelationshipType, type KindName, type RelationshipTypeName } from '../ontology/ontology';
import { foldForSearch } from '../text/normalise';
import { KgError } from '../errors';
import { checkedBatchSize, checkedHops, checkedKinds, checkedTypes } from './arguments';
import { decodeCursor, decodeSourceCursor } from './cursor';
import { typedPattern, type Dialect } from './dialect';
import { mergeEntity, mergeRelationship, summariseOutcomes, type MergeOutcome } from './merge';
import { claimsBySubject, conflictKeys, markPreferred, readAllClaims, readClaim, setPropertyValue } from './claim-store';
import { settleImportedClaims, settleStatedClaims, withCurrentValues, type SettledClaims } from './claim-write';
import type {
  Claim,
  Conflict,
  PreferredMark,
  Connection,
  CypherOptions,
  CypherResult,
  Direction,
  DocumentWrite,
  EngineName,
  Entity,
  EntityLabel,
  GraphDump,
  GraphSlice,
  GraphStats,
  GraphStore,
  MentionLink,
  NeighbourOrder,
  NeighbourRequest,
  Page,
  Path,
  Relationship,
  RelationshipEdge,
  RelationshipPageRequest,
  SearchHit,
  Source,
  SourceCounts,
  SourceListOptions,
  TraversalOptions,
  WriteSummary,
  ImportSummary,
} from './port';
import { importDecisions, keepApart, mergeEntities, readDecisions, recordPreference, type MergeTools } from './decision-cypher';
import type { Decision, KeepApartRequest, MergeRequest, MergeSummary } from './decisions';
import { compareKeys, edgeSortKey, parseRelationshipId, relationshipId, splitEdgeSortKey, withinDirectionKeyExpression } from './relationship-key';
import { entityColumns, exportSlice, relationshipColumns, sourceColumns, toEntity, toMention, toOffsets, toRelationship, toSource, type Params, type Row } from './rows';
import { queryWords, rankHits, scoreEntity, wordShareHits } from './search-score';
import { ENTITY_ROW_KEYS, RELATIONSHIP_ROW_KEYS, batches, entityRow, relationshipRow, setClause, byNumberShape, withoutEmptyColumns } from './unwind-rows';

/** Runs queries inside one transaction. */
export type TransactionRun = (query: string, params?: Params) => Promise<Row[]>;

/** Entities a text search reads before ranking. */
const SEARCH_CANDIDATES = 500;

export abstract class CypherGraphStore implements GraphStore {
  abstract readonly engine: EngineName;
  protected abstract readonly dialect: Dialect;
  protected rounds = 0;

  get roundTrips(): number {
    return this.rounds;
  }

  abstract init(): Promise<void>;
  abstract close(): Promise<void>;
  abstract runCypher(query: string, options: CypherOptions): Promise<CypherResult>;
  /** Runs one read query; `operation` names it for logs and transaction metadata. */
  protected abstract read(operation: string, query: string, params?: Params): Promise<Row[]>;
  /** Runs `work` in one write transaction: all its queries commit together or not at all. */
  protected abstract writeTransaction<T>(operation: string, work: (run: TransactionRun) => Promise<T>): Promise<T>;

  // ---- writing -------------------------------------------------------------------------------

  async planDocument(write: DocumentWrite): Promise<WriteSummary> {
    const [entities, relationships] = await Promise.all([
      this.getEntities(write.entities.map((e) => e.id)),
      this.existingRelationships((q, p) => this.read('planDocument', q, p), write.relationships),
    ]);
    return summariseOutcomes(
      write.entities.map((e, i) => mergeEntity(entities[i] ?? null, e).outcome),
      write.relationships.map((r) => mergeRelationship(relationships.get(r.id) ?? null, r).outcome),
    );
  }

  async writeDocument(write: DocumentWrite): Promise<WriteSummary> {
    return this.writeTransaction('writeDocument', async (run) => {
      const existing = await this.entitiesByIds(run, write.entities.map((e) => e.id));
      await run(
        `MERGE (s:${SOURCE_LABEL} {id: $id}) SET s.title = $title, s.url = $url, s.publisher = $publisher, s.published = $published, s.text = $text`,
        { ...write.source },
      );
      // The ingest time (prov:Activity in JSON-LD): the first ingest of a source is when it entered the graph.
      await run(`MATCH (s:${SOURCE_LABEL} {id: $id}) WHERE s.ingestedAt IS NULL SET s.ingestedAt = $ingestedAt`, {
        id: write.source.id,
        ingestedAt: new Date().toISOString(),
      });
      // Read before the first write of a relationship (see importGraph); the claims need the stored values.
      const existingRels = await this.existingRelationships(run, write.relationships);
      const settled = await settleStatedClaims(run, write.claims ?? [], write.source.id, [...existing.values(), ...existingRels.values()]);
      const entityOutcomes: MergeOutcome[] = [];
      const entityRows = write.entities.map((incoming) => {
        const { merged, outcome } = mergeEntity(existing.get(incoming.id) ?? null, withCurrentValues(incoming, settled));
        entityOutcomes.push(claimOutcome(outcome, settled, incoming.id));
        return entityRow(merged);
      });
      await this.writeEntityRows(run, entityRows);
      const relOutcomes: MergeOutcome[] = [];
      await this.mergeRelationships(run, write.relationships.map((r) => withCurrentValues(r, settled)), existingRels, relOutcomes, settled);
      const mentionRows = Object.entries(write.mentions).map(([entityId, offsets]) => ({ entityId, offsets }));
      // A source's mentions are recomputed in full on every write, so they replace the old ones; CREATE also
      // stays linear where MERGE over one source's thousands of MENTIONS does not.
      await run(`MATCH (s:${SOURCE_LABEL} {id: $sourceId})-[m:${MENTIONS}]->(:${ENTITY_LABEL}) DELETE m`, { sourceId: write.source.id });
      const linked = mentionRows.filter((r) => r.offsets.length > 0);
      const unplaced = mentionRows.filter((r) => r.offsets.length === 0);
      const mentionCreate = `UNWIND $rows AS row MATCH (s:${SOURCE_LABEL} {id: $sourceId}) MATCH (e:${ENTITY_LABEL} {id: row.entityId}) CREATE (s)-[m:${MENTIONS}`;
      if (linked.length > 0) await run(`${mentionCreate} {offsets: row.offsets}]->(e)`, { rows: linked, sourceId: write.source.id });
      // Entities the text describes without naming get an empty literal: an empty list parameter would type as STRING[].
      if (unplaced.length > 0) {
        await run(`${mentionCreate} {offsets: []}]->(e)`, { rows: unplaced.map(({ entityId }) => ({ entityId })), sourceId: write.source.id });
      }
      return summariseOutcomes(entityOutcomes, relOutcomes);
    });
  }

  /** Engines may override to add per-kind labels (Neo4j). */
  protected async upsertEntities(run: TransactionRun, rows: Row[], sets: string): Promise<void> {
    await run(`UNWIND $rows AS row MERGE (e:${ENTITY_LABEL} {id: row.id}) SET ${sets}`, { rows });
  }

  private async entitiesByIds(run: TransactionRun, ids: readonly string[]): Promise<Map<string, Entity>> {
    if (ids.length === 0) return new Map();
    const rows = await run(`MATCH (e:${ENTITY_LABEL}) WHERE e.id IN $ids RETURN ${entityColumns('e', 'e_')}`, { ids });
    return new Map(rows.map((r) => [r.e_id as string, toEntity(r, 'e_')]));
  }

  protected async existingRelationships(run: TransactionRun, rels: Relationship[]): Promise<Map<string, Relationship>> {
    if (rels.length === 0) return new Map();
    const keys = rels.map((r) => ({ from: r.from, to: r.to, type: r.type }));
    const rows = await run(
      `UNWIND $keys AS k MATCH (a:${ENTITY_LABEL} {id: k.from})-[r]->(b:${ENTITY_LABEL} {id: k.to}) WHERE ${this.dialect.typeOf('r')} = k.type RETURN ${relationshipColumns(this.dialect, 'r', 'a', 'b')}`,
      { keys },
    );
    return new Map(rows.map((row) => {
      const rel = toRelationship(row);
      return [rel.id, rel];
    }));
  }

  // ---- reading -------------------------------------------------------------------------------

  async getEntities(ids: readonly string[]): Promise<(Entity | null)[]> {
    if (ids.length === 0) return [];
    const rows = await this.read('getEntities', `MATCH (e:${ENTITY_LABEL}) WHERE e.id IN $ids RETURN ${entityColumns('e', 'e_')}`, {
      ids: [...new Set(ids)],
    });
    const byId = new Map(rows.map((r) => [r.e_id as string, toEntity(r, 'e_')]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async listEntities(options: { kinds?: KindName[]; first: number; after?: string }): Promise<Page<Entity>> {
    const kinds = checkedKinds(options.kinds);
    const after = decodeCursor(options.after);
    const kindFilter = kinds ? 'e.kind IN $kinds' : 'true';
    const [rows, count] = await Promise.all([
      this.read(
        'listEntities',
        `MATCH (e:${ENTITY_LABEL}) WHERE ${kindFilter} AND ${after === undefined ? 'true' : 'e.id > $after'} RETURN ${entityColumns('e', 'e_')} ORDER BY e.id LIMIT $limit`,
        { kinds: kinds ?? [], ...(after === undefined ? {} : { after }), limit: options.first + 1 },
      ),
      this.read('countEntities', `MATCH (e:${ENTITY_LABEL}) WHERE ${kindFilter} RETURN count(e) AS n`, { kinds: kinds ?? [] }),
    ]);
    return {
      items: rows.slice(0, options.first).map((r) => toEntity(r, 'e_')),
      totalCount: Number(count[0]?.n ?? 0),
      hasNextPage: rows.length > options.first,
    };
  }

  async getSources(ids: readonly string[]): Promise<(Source | null)[]> {
    if (ids.length === 0) return [];
    const rows = await this.read('getSources', `MATCH (s:${SOURCE_LABEL}) WHERE s.id IN $ids RETURN ${sourceColumns('s')}`, {
      ids: [...new Set(ids)],
    });
    const byId = new Map(rows.map((r) => [r.s_id as string, toSource(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  // ---- sources ---------------------------------------------------------------------------

  async listSources(options: SourceListOptions): Promise<Page<Source>> {
    const after = decodeSourceCursor(options.after);
    const filters = [
      ...(options.publishedAfter !== undefined ? ['s.published IS NOT NULL AND left(s.published, 10) >= $publishedAfter'] : []),
      ...(options.publishedBefore !== undefined ? ['s.published IS NOT NULL AND left(s.published, 10) <= $publishedBefore'] : []),
    ];
    const filterParams = {
      ...(options.publishedAfter !== undefined ? { publishedAfter: options.publishedAfter } : {}),
      ...(options.publishedBefore !== undefined ? { publishedBefore: options.publishedBefore } : {}),
    };
    // Newest first: the sort key is the published date ('' when undated, so undated sources come last), then the id.
    const sortKey = "coalesce(s.published, '')";
    const page = after
      ? [`(${sortKey} < $afterPublished OR (${sortKey} = $afterPublished AND s.id > $afterId))`]
      : [];
    const where = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');
    const [rows, count] = await Promise.all([
      this.read(
        'listSources',
        `MATCH (s:${SOURCE_LABEL}) ${where([...filters, ...page])} RETURN ${sourceColumns('s')}, ${sortKey} AS s_sort ORDER BY s_sort DESC, s_id LIMIT $limit`,
        { ...filterParams, ...(after ? { afterPublished: after.published, afterId: after.id } : {}), limit: options.first + 1 },
      ),
      this.read('countSources', `MATCH (s:${SOURCE_LABEL}) ${where(filters)} RETURN count(s) AS n`, filterParams),
    ]);
    return { items: rows.slice(0, options.first).map((r) => toSource(r)), totalCount: Number(count[0]?.n ?? 0), hasNextPage: rows.length > options.first };
  }

  async sourceCounts(ids: readonly string[]): Promise<SourceCounts[]> {
    if (ids.length === 0) return [];
    const unique = [...new Set(ids)];
    const [entities, relationships] = await Promise.all([
      this.read(
        'sourceEntityCounts',
        `MATCH (s:${SOURCE_LABEL})-[:${MENTIONS}]->(e:${ENTITY_LABEL}) WHERE s.id IN $ids RETURN s.id AS id, count(e) AS n`,
        { ids: unique },
      ),
      // One pass over the relationships: each counts once per source among its quotes' sources.
      this.read(
        'sourceRelationshipCounts',
        `MATCH (a:${ENTITY_LABEL})-[r]->(b:${ENTITY_LABEL}) UNWIND r.sources AS sid WITH DISTINCT a.id AS f, ${this.dialect.typeOf('r')} AS t, b.id AS o, sid WHERE sid IN $ids RETURN sid AS id, count(*) AS n`,
        { ids: unique },
      ),
    ]);
    const tally = (rows: Row[]) => new Map(rows.map((r) => [r.id as string, Number(r.n)]));
    const [e, r] = [tally(entities), tally(relationships)];
    return ids.map((id) => ({ entities: e.get(id) ?? 0, relationships: r.get(id) ?? 0 }));
  }

  async relationshipsStatedBy(sourceIds: readonly string[]): Promise<Relationship[][]> {
    if (sourceIds.length === 0) return [];
    // One pass over the relationships for every source asked (a page of sources costs one read, not one each).
    const rows = await this.read(
      'relationshipsStatedBy',
      `MATCH (a:${ENTITY_LABEL})-[r]->(b:${ENTITY_LABEL}) UNWIND r.sources AS sid WITH a, r, b, sid WHERE sid IN $ids RETURN sid AS stated_by, ${relationshipColumns(this.dialect, 'r', 'a', 'b')} ORDER BY r_from, r_type, r_to`,
      { ids: [...new Set(sourceIds)] },
    );
    const bySource = new Map<string, Map<string, Relationship>>();
    for (const row of rows) {
      const rel = toRelationship(row);
      const stated = bySource.get(row.stated_by as string) ?? new Map<string, Relationship>();
      stated.set(rel.id, rel); // a source quoted twice for one relationship states it once
      bySource.set(row.stated_by as string, stated);
    }
    return sourceIds.map((id) => [...(bySource.get(id)?.values() ?? [])]);
  }

  async sourcesMentioning(entityId: string): Promise<{ source: Source; offsets: number[] }[]> {
    const rows = await this.read(
      'sourcesMentioning',
      `MATCH (s:${SOURCE_LABEL})-[m:${MENTIONS}]->(e:${ENTITY_LABEL} {id: $id}) RETURN ${sourceColumns('s')}, m.offsets AS offsets ORDER BY s.id`,
      { id: entityId },
    );
    return rows.map((r) => ({ source: toSource(r), offsets: toOffsets(r.offsets) }));
  }

  async entitiesMentionedBy(sourceId: string): Promise<{ entity: Entity; offsets: number[] }[]> {
    const rows = await this.read(
      'entitiesMentionedBy',
      `MATCH (s:${SOURCE_LABEL} {id: $id})-[m:${MENTIONS}]->(e:${ENTITY_LABEL}) RETURN ${entityColumns('e', 'e_')}, m.offsets AS offsets ORDER BY e.id`,
      { id: sourceId },
    );
    return rows.map((r) => ({ entity: toEntity(r, 'e_'), offsets: toOffsets(r.offsets) }));
  }

  async relationshipsOf(
    entityId: string,
    options: { direction: Direction; types?: RelationshipTypeName[]; first: number; after?: string },
  ): Promise<Page<RelationshipEdge>> {
    const types = checkedTypes(options.types);
    const after = decodeCursor(options.after);
    const typeOf = this.dialect.typeOf('r');
    // The sort key is direction|type|other id, and IN sorts before OUT. Each direction is read from the engine
    // in key order, after the cursor, a page at a time: an entity with thousands of relationships (a hub) is
    // counted, not read. Types are filtered by value, not in the pattern: a pattern of a few types binds only
    // their properties, and the columns below name every relationship property.
    const { direction: afterDirection, withinDirection } = splitEdgeSortKey(after);
    const directions = (['IN', 'OUT'] as const).filter((d) => options.direction === 'BOTH' || options.direction === d);
    const pages = await Promise.all(
      directions.map(async (direction) => {
        const pattern = direction === 'OUT' ? `(x:${ENTITY_LABEL} {id: $id})-[r]->(o:${ENTITY_LABEL})` : `(x:${ENTITY_LABEL} {id: $id})<-[r]-(o:${ENTITY_LABEL})`;
        const count = this.read('relationshipsOf', `MATCH ${pattern} WHERE ${typeOf} IN $types RETURN count(r) AS n`, { id: entityId, types });
        // A cursor in a later direction leaves nothing of this one; in this direction, only keys after it.
        const skipAll = afterDirection !== undefined && afterDirection > direction;
        const from = afterDirection === direction ? withinDirection : undefined;
        const rows = skipAll
          ? Promise.resolve([] as Row[])
          : this.read(
              'relationshipsOf',
              `MATCH ${pattern} WHERE ${typeOf} IN $types${from === undefined ? '' : ` AND ${withinDirectionKeyExpression(typeOf, 'o')} > $after`}
               WITH r, o, ${withinDirectionKeyExpression(typeOf, 'o')} AS sortKey
               RETURN ${relationshipColumns(this.dialect, 'r')}, ${entityColumns('o', 'o_')} ORDER BY sortKey LIMIT $limit`,
              { id: entityId, types, limit: options.first + 1, ...(from === undefined ? {} : { after: from }) },
            );
        return { direction, rows: await rows, total: Number((await count)[0]?.n ?? 0) };
      }),
    );
    const edges = pages.flatMap(({ direction, rows }) =>
      rows.map((row): RelationshipEdge => {
        // The ends are known here; projecting them again would repeat o.id, which LadybugDB folds together.
        row.r_from = direction === 'OUT' ? entityId : row.o_id;
        row.r_to = direction === 'OUT' ? row.o_id : entityId;
        return { relationship: toRelationship(row), direction, other: toEntity(row, 'o_') };
      }),
    );
    return {
      items: edges.slice(0, options.first),
      totalCount: pages.reduce((n, p) => n + p.total, 0),
      hasNextPage: edges.length > options.first,
    };
  }

  /** Each page on its own (paged in the engine: ORDER BY the key, LIMIT); engines with an index batch them. */
  async relationshipPages(requests: readonly RelationshipPageRequest[]): Promise<Page<RelationshipEdge>[]> {
    return Promise.all(requests.map(({ entityId, ...options }) => this.relationshipsOf(entityId, options)));
  }

  /** Each listing on its own (ordered and limited in the engine); engines with an index batch them. */
  async neighborPages(requests: readonly NeighbourRequest[]): Promise<Entity[][]> {
    return Promise.all(requests.map(({ entityId, ...options }) => this.neighbors(entityId, options)));
  }

  async neighbors(
    entityId: string,
    options: { direction: Direction; types?: RelationshipTypeName[]; kinds?: KindName[]; first: number; order?: NeighbourOrder },
  ): Promise<Entity[]> {
    const types = checkedTypes(options.types);
    const kinds = checkedKinds(options.kinds);
    const arrowLeft = options.direction === 'IN' ? '<' : '';
    const arrowRight = options.direction === 'OUT' ? '>' : '';
    const byId = options.order?.by === 'id';
    const after = options.order?.by === 'id' ? options.order.after : undefined;
    const afterName = options.order?.by === 'name' ? options.order.after : undefined;
    const pastName = afterName === undefined ? '' : ' AND (o.name > $afterName OR (o.name = $afterName AND o.id > $after))';
    const rows = await this.read(
      'neighbors',
      `MATCH (x:${ENTITY_LABEL} {id: $id})${arrowLeft}-[r${typedPattern(types)}]-${arrowRight}(o:${ENTITY_LABEL}) WHERE ${kinds ? 'o.kind IN $kinds' : 'true'} AND o.id <> $id${after === undefined ? '' : ' AND o.id > $after'}${pastName}
       WITH DISTINCT o RETURN ${entityColumns('o', 'o_')} ORDER BY ${byId ? 'o.id' : 'o.name, o.id'} LIMIT $limit`,
      {
        id: entityId,
        kinds: kinds ?? [],
        limit: options.first,
        ...(after === undefined ? {} : { after }),
        ...(afterName === undefined ? {} : { afterName: afterName.name, after: afterName.id }),
      },
    );
    return rows.map((r) => toEntity(r, 'o_'));
  }

  async relationshipsOfType(
    types: RelationshipTypeName[],
    options: { toKinds?: KindName[]; fromKinds?: KindName[] },
  ): Promise<Relationship[]> {
    const checked = checkedTypes(types);
    const fromKinds = checkedKinds(options.fromKinds);
    const toKinds = checkedKinds(options.toKinds);
    const rows = await this.read(
      'relationshipsOfType',
      `MATCH (a:${ENTITY_LABEL})-[r${typedPattern(checked)}]->(b:${ENTITY_LABEL})
       WHERE ${fromKinds ? 'a.kind IN $fromKinds' : 'true'} AND ${toKinds ? 'b.kind IN $toKinds' : 'true'}
       RETURN ${relationshipColumns(this.dialect, 'r', 'a', 'b', checked)} ORDER BY r_to, r_type, r_from`,
      { fromKinds: fromKinds ?? [], toKinds: toKinds ?? [] },
    );
    return rows.map(toRelationship);
  }

  async search(text: string, options: { kinds?: KindName[]; first: number }): Promise<SearchHit[]> {
    const folded = foldForSearch(text);
    if (!folded) throw new KgError('BAD_USER_INPUT', 'search text must not be empty', { path: 'text' });
    const kinds = checkedKinds(options.kinds);
    const candidates = async (needle: string) =>
      (
        await this.read(
          'search',
          `MATCH (e:${ENTITY_LABEL}) WHERE e.searchText CONTAINS $needle AND ${kinds ? 'e.kind IN $kinds' : 'true'} RETURN ${entityColumns('e', 'e_')} LIMIT ${SEARCH_CANDIDATES}`,
          { needle, kinds: kinds ?? [] },
        )
      ).map((r) => toEntity(r, 'e_'));
    let hits = (await candidates(folded)).map((e) => scoreEntity(e, folded)).filter((h): h is SearchHit => h !== null);
    // No phrase match: fall back to the words, scoring each entity by the share of words it matches.
    if (hits.length === 0) hits = await wordShareHits(queryWords(folded), candidates);
    return rankHits(hits, options.first, text);
  }

  async shortestPath(from: string, to: string, options: TraversalOptions): Promise<Path | null> {
    const paths = await this.paths('shortestPath', from, to, options, false, 1);
    return paths[0] ?? null;
  }

  async allShortestPaths(from: string, to: string, options: TraversalOptions & { first: number }): Promise<Path[]> {
    return this.paths('allShortestPaths', from, to, options, true, options.first);
  }

  private async paths(operation: string, from: string, to: string, options: TraversalOptions, all: boolean, first: number): Promise<Path[]> {
    const types = checkedTypes(options.types);
    const hops = checkedHops(options.maxHops);
    if (from === to) {
      const [entity] = await this.getEntities([from]);
      return entity ? [{ entities: [entity], relationships: [] }] : [];
    }
    const rows = await this.read(
      operation,
      `MATCH (a:${ENTITY_LABEL} {id: $from}), (b:${ENTITY_LABEL} {id: $to}) ${this.dialect.shortestPath(types, hops, all)}
       RETURN ${this.dialect.pathIds('p')} AS ids, ${this.dialect.pathTypes('p')} AS types LIMIT $limit`,
      { from, to, limit: first },
    );
    return this.hydratePaths(rows.map((r) => ({ ids: r.ids as string[], types: r.types as string[] })));
  }

  async connectionsWithin(id: string, options: TraversalOptions & { kinds?: KindName[]; first: number }): Promise<Connection[]> {
    const types = checkedTypes(options.types);
    const hops = checkedHops(options.maxHops);
    const kinds = checkedKinds(options.kinds);
    const rows = await this.read(
      'connectionsWithin',
      `MATCH (a:${ENTITY_LABEL} {id: $id}) ${this.dialect.shortestPathsFrom(types, hops)}
       WHERE b.id <> $id AND ${kinds ? 'b.kind IN $kinds' : 'true'}
       RETURN b.id AS target, length(p) AS distance, ${this.dialect.pathIds('p')} AS ids, ${this.dialect.pathTypes('p')} AS types
       ORDER BY distance, target`,
      { id, kinds: kinds ?? [] },
    );
    // One path per target: engines may return several equally short ones.
    const seen = new Set<string>();
    const unique = rows.filter((r) => !seen.has(r.target as string) && seen.add(r.target as string)).slice(0, options.first);
    const paths = await this.hydratePaths(unique.map((r) => ({ ids: r.ids as string[], types: r.types as string[] })));
    return paths.map((path) => ({ entity: path.entities[path.entities.length - 1]!, distance: path.relationships.length, path }));
  }

  /** Turns id/type lists into full paths with two batched lookups (entities, relationships). */
  private async hydratePaths(raw: { ids: string[]; types: string[] }[]): Promise<Path[]> {
    if (raw.length === 0) return [];
    const ids = [...new Set(raw.flatMap((r) => r.ids))];
    const keys = new Map<string, { from: string; to: string; type: string }>();
    for (const r of raw) {
      r.types.forEach((type, i) => {
        const a = r.ids[i]!;
        const b = r.ids[i + 1]!;
        keys.set(relationshipId(a, type, b), { from: a, to: b, type });
        keys.set(relationshipId(b, type, a), { from: b, to: a, type });
      });
    }
    const [entities, rels] = await Promise.all([
      this.getEntities(ids),
      this.existingRelationships((q, p) => this.read('pathRelationships', q, p), [...keys.values()].map((k) => ({ ...k, id: '', type: k.type as RelationshipTypeName, properties: {}, evidence: [] }))),
    ]);
    const byId = new Map(entities.filter((e): e is Entity => e !== null).map((e) => [e.id, e]));
    return raw.map((r) => ({
      entities: r.ids.map((id) => byId.get(id)!),
      relationships: r.types.map((type, i) => {
        const a = r.ids[i]!;
        const b = r.ids[i + 1]!;
        return (rels.get(relationshipId(a, type, b)) ?? rels.get(relationshipId(b, type, a)))!;
      }),
    }));
  }

  async stats(): Promise<GraphStats> {
    const [kinds, types, sources, mentions] = await Promise.all([
      this.read('stats', `MATCH (e:${ENTITY_LABEL}) RETURN e.kind AS key, count(*) AS n`),
      this.read('stats', `MATCH (:${ENTITY_LABEL})-[r]->(:${ENTITY_LABEL}) RETURN ${this.dialect.typeOf('r')} AS key, count(*) AS n`),
      this.read('stats', `MATCH (s:${SOURCE_LABEL}) RETURN count(s) AS n`),
      this.read('stats', `MATCH (:${SOURCE_LABEL})-[m:${MENTIONS}]->(:${ENTITY_LABEL}) RETURN count(m) AS n`),
    ]);
    const tally = (rows: Row[]) => rows.map((r): [string, number] => [String(r.key), Number(r.n)]);
    return graphStats(tally(kinds), tally(types), Number(sources[0]?.n ?? 0), Number(mentions[0]?.n ?? 0));
  }

  async exportGraph(): Promise<GraphDump> {
    const [sources, entities, rels, mentions, decisions, claims] = await Promise.all([
      this.read('export', `MATCH (s:${SOURCE_LABEL}) RETURN ${sourceColumns('s')} ORDER BY s.id`),
      this.read('export', `MATCH (e:${ENTITY_LABEL}) RETURN ${entityColumns('e', 'e_')} ORDER BY e.id`),
      this.read('export', `MATCH (a:${ENTITY_LABEL})-[r]->(b:${ENTITY_LABEL}) RETURN ${relationshipColumns(this.dialect, 'r', 'a', 'b')} ORDER BY r_from, r_type, r_to`),
      this.read('export', `MATCH (s:${SOURCE_LABEL})-[m:${MENTIONS}]->(e:${ENTITY_LABEL}) RETURN s.id AS sourceId, e.id AS entityId, m.offsets AS offsets ORDER BY sourceId, entityId`),
      this.decisions(),
      readAllClaims((q, p) => this.read('export', q, p)),
    ]);
    return {
      sources: sources.map((r) => toSource(r)),
      entities: entities.map((r) => toEntity(r, 'e_')),
      relationships: rels.map(toRelationship),
      mentions: mentions.map((r) => toMention(r, 'sourceId', 'entityId')),
      ...(decisions.length > 0 ? { decisions } : {}),
      claims,
    };
  }

  // ---- claims ----------------------------------------------------------------------------------

  async claimsOf(subjects: readonly string[]): Promise<Claim[][]> {
    return claimsBySubject((q, p) => this.read('claimsOf', q, p), subjects);
  }

  async conflicts(options: { first: number; after?: { subject: string; property: string } }): Promise<Conflict[]> {
    const first = options.first;
    if (!Number.isInteger(first) || first < 1) throw new KgError('BAD_USER_INPUT', '`first` must be a positive integer', { path: 'first' });
    const read = (q: string, p?: Params) => this.read('conflicts', q, p);
    const keys = await conflictKeys(read, first, options.after);
    const subjects = [...new Set(keys.map((k) => k.subject))];
    const claims = await claimsBySubject(read, subjects);
    const bySubject = new Map(subjects.map((s, i) => [s, claims[i]!]));
    return keys.map((k) => ({ ...k, claims: (bySubject.get(k.subject) ?? []).filter((c) => c.property === k.property) }));
  }

  async preferClaim(claimId: string, mark: PreferredMark): Promise<Claim | null> {
    const found = await this.writeTransaction('preferClaim', async (run) => {
      const claim = await readClaim(run, claimId);
      if (!claim) return null;
      await markPreferred(run, claim, mark);
      await setPropertyValue(run, claim.subject, claim.property, claim.value);
      await recordPreference(run, claim.subject, claim.id, mark);
      return claim;
    });
    if (!found) return null;
    return (await this.claimsOf([found.subject]))[0]!.find((c) => c.id === claimId) ?? null;
  }

  async *exportSlices(options: { batchSize: number }): AsyncIterable<GraphSlice> {
    const limit = checkedBatchSize(options.batchSize);
    for (let after: string | undefined; ; ) {
      const rows = await this.keysetPage(SOURCE_LABEL, 's', sourceColumns('s'), after, limit);
      if (rows.length > 0) yield { sources: rows.map((r) => toSource(r)), entities: [], relationships: [], mentions: [], kinds: {} };
      if (rows.length < limit) break;
      after = rows[rows.length - 1]!.s_id as string;
    }
    yield* this.entitySlices(limit);
  }

  /** Keyset pages (id > last id), so each page costs the same however deep into the graph it lies. */
  private keysetPage(label: string, v: string, columns: string, after: string | undefined, limit: number): Promise<Row[]> {
    return this.read('exportSlices', `MATCH (${v}:${label}) WHERE ${after === undefined ? 'true' : `${v}.id > $after`} RETURN ${columns} ORDER BY ${v}.id LIMIT $limit`, {
      ...(after === undefined ? {} : { after }),
      limit,
    });
  }

  /** An export's entities in slices of `limit`, each with its outgoing relationships and the mentions of its entities. */
  protected async *entitySlices(limit: number): AsyncIterable<GraphSlice> {
    for (let after: string | undefined; ; ) {
      const rows = await this.keysetPage(ENTITY_LABEL, 'e', entityColumns('e', 'e_'), after, limit);
      if (rows.length === 0) break;
      const ids = rows.map((r) => r.e_id as string);
      // UNWIND + {id: id} looks each entity up by key; `a.id IN $ids` scans every relationship (5x slower at 20k).
      const [rels, mentions] = await Promise.all([
        this.outgoingRelationships(ids),
        this.read('exportSlices', `UNWIND $ids AS id MATCH (s:${SOURCE_LABEL})-[m:${MENTIONS}]->(e:${ENTITY_LABEL} {id: id}) RETURN s.id AS sourceId, e.id AS entityId, m.offsets AS offsets ORDER BY entityId, sourceId`, { ids }),
      ]);
      yield exportSlice(rows, rels, mentions);
      if (rows.length < limit) break;
      after = ids[ids.length - 1];
    }
  }

  /**
   * Every outgoing relationship of the entities, with the kind at the other end, in (from, type, to) order: an
   * export slice's relationships.
   */
  private async outgoingRelationships(ids: readonly string[]): Promise<{ relationship: Relationship; toKind: KindName }[]> {
    const rows = await this.read(
      'exportSlices',
      `UNWIND $ids AS id MATCH (a:${ENTITY_LABEL} {id: id})-[r]->(b:${ENTITY_LABEL}) RETURN ${relationshipColumns(this.dialect, 'r', 'a', 'b')}, b.kind AS r_to_kind ORDER BY r_from, r_type, r_to`,
      { ids },
    );
    return rows.map((r) => ({ relationship: toRelationship(r), toKind: r.r_to_kind as KindName }));
  }

  async relationshipsOfEach(
    entityIds: readonly string[],
    options: { direction: Direction; types?: RelationshipTypeName[] },
  ): Promise<RelationshipEdge[][]> {
    if (entityIds.length === 0) return [];
    const types = checkedTypes(options.types);
    const pattern = typedPattern(types);
    const columns = `${relationshipColumns(this.dialect, 'r', undefined, undefined, types)}, ${entityColumns('o', 'o_')}`;
    const branches: string[] = [];
    if (options.direction !== 'IN') {
      branches.push(
        `MATCH (x:${ENTITY_LABEL})-[r${pattern}]->(o:${ENTITY_LABEL}) WHERE x.id IN $ids RETURN x.id AS x_id, 'OUT' AS dir, ${columns}`,
      );
    }
    if (options.direction !== 'OUT') {
      branches.push(
        `MATCH (x:${ENTITY_LABEL})<-[r${pattern}]-(o:${ENTITY_LABEL}) WHERE x.id IN $ids RETURN x.id AS x_id, 'IN' AS dir, ${columns}`,
      );
    }
    const rows = await this.read('relationshipsOfEach', branches.join(' UNION ALL '), { ids: [...new Set(entityIds)] });
    const byEntity = new Map<string, { key: string; edge: RelationshipEdge }[]>();
    for (const row of rows) {
      const self = row.x_id as string;
      const direction = row.dir as 'OUT' | 'IN';
      row.r_from = direction === 'OUT' ? self : row.o_id;
      row.r_to = direction === 'OUT' ? row.o_id : self;
      const list = byEntity.get(self) ?? [];
      list.push({ key: edgeSortKey(direction, row.r_type as string, row.o_id as string), edge: { relationship: toRelationship(row), direction, other: toEntity(row, 'o_') } });
      byEntity.set(self, list);
    }
    return entityIds.map((id) =>
      (byEntity.get(id) ?? []).sort((a, b) => compareKeys(a.key, b.key)).map((e) => e.edge),
    );
  }

  async mentionsAmong(options: { entityIds?: readonly string[]; sourceIds?: readonly string[] }): Promise<MentionLink[]> {
    const filters = [
      ...(options.entityIds ? ['e.id IN $entityIds'] : []),
      ...(options.sourceIds ? ['s.id IN $sourceIds'] : []),
    ];
    if (filters.length === 0 || options.entityIds?.length === 0 || options.sourceIds?.length === 0) return [];
    const rows = await this.read(
      'mentionsAmong',
      `MATCH (s:${SOURCE_LABEL})-[m:${MENTIONS}]->(e:${ENTITY_LABEL}) WHERE ${filters.join(' AND ')} RETURN s.id AS m_source, e.id AS m_entity, m.offsets AS offsets ORDER BY m_source, m_entity`,
      {
        ...(options.entityIds ? { entityIds: [...new Set(options.entityIds)] } : {}),
        ...(options.sourceIds ? { sourceIds: [...new Set(options.sourceIds)] } : {}),
      },
    );
    return rows.map((r) => toMention(r, 'm_source', 'm_entity'));
  }

  async entityLabels(): Promise<EntityLabel[]> {
    const rows = await this.read(
      'entityLabels',
      `MATCH (e:${ENTITY_LABEL}) RETURN e.id AS id, e.kind AS kind, e.name AS name, e.aliases AS aliases ORDER BY id`,
    );
    return rows.map((r) => ({ id: r.id as string, kind: r.kind as KindName, name: r.name as string, aliases: (r.aliases as string[] | null) ?? [] }));
  }

  async getRelationships(ids: readonly string[]): Promise<(Relationship | null)[]> {
    const keys = [...new Set(ids)].flatMap((id) => {
      const key = parseRelationshipId(id);
      return key && isRelationshipType(key.type) ? [{ id, from: key.from, to: key.to, type: key.type, properties: {}, evidence: [] }] : [];
    });
    const found = await this.existingRelationships((q, p) => this.read('getRelationships', q, p), keys);
    return ids.map((id) => found.get(id) ?? null);
  }

  async importGraph(dump: GraphDump): Promise<ImportSummary> {
    return this.writeTransaction('importGraph', async (run) => {
      // UNWIND lists stay bounded however large the dump: the transaction is one, its statements are many.
      for (const rows of batches(dump.sources)) {
        await run(
          `UNWIND $rows AS row MERGE (s:${SOURCE_LABEL} {id: row.id}) SET s.title = row.title, s.url = row.url, s.publisher = row.publisher, s.published = row.published, s.text = row.text`,
          { rows: rows.map((s) => ({ id: s.id, title: s.title, url: s.url, publisher: s.publisher, published: s.published, text: s.text })) },
        );
        // A file written before ingest times were recorded leaves the graph's own time in place.
        await run(`UNWIND $rows AS row MATCH (s:${SOURCE_LABEL} {id: row.id}) SET s.ingestedAt = coalesce(row.ingestedAt, s.ingestedAt)`, {
          rows: rows.map((s) => ({ id: s.id, ingestedAt: s.ingestedAt ?? null })),
        });
      }

      // Every lookup comes before the first relationship write: LadybugDB 0.19 crashes reading untyped
      // relationships in a transaction that has already merged some.
      const existingRels = new Map<string, Relationship>();
      for (const batch of batches(dump.relationships)) {
        for (const [id, rel] of await this.existingRelationships(run, batch)) existingRels.set(id, rel);
      }
      // Claims are settled before the rows are written, so each row carries the value the rule picks.
      let settled: SettledClaims | undefined;
      if (dump.claims && dump.claims.length > 0) {
        const subjects = new Set(dump.claims.map((c) => c.subject));
        const storedEntities = [...(await this.entitiesByIds(run, dump.entities.filter((e) => subjects.has(e.id)).map((e) => e.id))).values()];
        settled = await settleImportedClaims(run, dump.claims, [...storedEntities, ...existingRels.values()]);
      }

      const entityOutcomes: MergeOutcome[] = [];
      for (const batch of batches(dump.entities)) {
        const existing = await this.entitiesByIds(run, batch.map((e) => e.id));
        const rows = batch.flatMap((incoming) => {
          const { merged, outcome } = mergeEntity(existing.get(incoming.id) ?? null, settled ? withCurrentValues(incoming, settled) : incoming);
          entityOutcomes.push(outcome);
          return outcome === 'unchanged' ? [] : [entityRow(merged)];
        });
        await this.writeEntityRows(run, rows);
      }
      const knownMentions = new Map<string, number[]>();
      for (const batch of batches(dump.mentions)) {
        const rows = await run(
          `UNWIND $keys AS k MATCH (s:${SOURCE_LABEL} {id: k.sourceId})-[m:${MENTIONS}]->(e:${ENTITY_LABEL} {id: k.entityId}) RETURN s.id AS s, e.id AS e, m.offsets AS offsets`,
          { keys: batch.map((m) => ({ sourceId: m.sourceId, entityId: m.entityId })) },
        );
        for (const r of rows) knownMentions.set(`${r.s as string}|${r.e as string}`, toOffsets(r.offsets));
      }

      const relOutcomes: MergeOutcome[] = [];
      for (const batch of batches(dump.relationships)) {
        await this.mergeRelationships(run, settled ? batch.map((r) => withCurrentValues(r, settled)) : batch, existingRels, relOutcomes);
      }

      let mentions = 0;
      for (const batch of batches(dump.mentions)) {
        const rows = batch.flatMap((m) => {
          const before = knownMentions.get(`${m.sourceId}|${m.entityId}`);
          const offsets = [...new Set([...(before ?? []), ...m.offsets])].sort((a, b) => a - b);
          if (before && before.length === offsets.length) return [];
          return [{ sourceId: m.sourceId, entityId: m.entityId, offsets }];
        });
        if (rows.length === 0) continue;
        mentions += rows.length;
        await run(
          `UNWIND $rows AS row MATCH (s:${SOURCE_LABEL} {id: row.sourceId}) MATCH (e:${ENTITY_LABEL} {id: row.entityId}) MERGE (s)-[m:${MENTIONS}]->(e) SET m.offsets = row.offsets`,
          { rows },
        );
      }
      // In the same transaction: a graph and the decisions made on it arrive together or not at all.
      const decisions = dump.decisions?.length ? await importDecisions(run, dump.decisions) : 0;
      return { ...summariseOutcomes(entityOutcomes, relOutcomes), sources: dump.sources.length, mentions, ...(decisions > 0 ? { decisions } : {}) };
    });
  }

  // ---- analysts' decisions (./decision-cypher.ts) -------------------------------------------

  mergeEntities(request: MergeRequest): Promise<{ decision: Decision; summary: MergeSummary }> {
    return this.writeTransaction('mergeEntities', (run) => mergeEntities(this.mergeTools(run), request));
  }

  keepApart(request: KeepApartRequest): Promise<Decision> {
    return this.writeTransaction('keepApart', (run) => keepApart(run, request));
  }

  decisions(options: { subjects?: readonly string[] } = {}): Promise<Decision[]> {
    return readDecisions((q, p) => this.read('decisions', q, p), options.subjects);
  }

  importDecisions(decisions: readonly Decision[]): Promise<number> {
    if (decisions.length === 0) return Promise.resolve(0);
    return this.writeTransaction('importDecisions', (run) => importDecisions(run, decisions));
  }

  /** The shared writers a merge uses, inside its transaction. */
  private mergeTools(run: TransactionRun): MergeTools {
    return {
      run,
      dialect: this.dialect,
      existingRelationships: (r, rels) => this.existingRelationships(r, rels),
      writeEntity: (r, entity) => this.writeEntityRows(r, [entityRow(entity)]),
      writeRelationships: async (r, rels) => {
        const byType = new Map<string, Row[]>();
        for (const rel of rels) byType.set(rel.type, [...(byType.get(rel.type) ?? []), relationshipRow(rel)]);
        for (const [type, rows] of byType) await this.writeRelationshipRows(r, type, rows);
      },
    };
  }

  /** Merges incoming relationships with the stored ones and writes the changed ones, one UNWIND per type. */
  private async mergeRelationships(
    run: TransactionRun,
    incoming: Relationship[],
    existing: Map<string, Relationship>,
    outcomes: MergeOutcome[],
    settled?: SettledClaims,
  ): Promise<void> {
    const byType = new Map<string, Row[]>();
    for (const rel of incoming) {
      const { merged, outcome } = mergeRelationship(existing.get(rel.id) ?? null, rel);
      outcomes.push(settled ? claimOutcome(outcome, settled, rel.id) : outcome);
      if (outcome === 'unchanged') continue;
      const rows = byType.get(merged.type) ?? [];
      rows.push(relationshipRow(merged));
      byType.set(merged.type, rows);
    }
    for (const [type, rows] of byType) await this.writeRelationshipRows(run, type, rows);
  }

  /** Merges entity rows (already merged with what the graph holds) in one UNWIND. */
  private async writeEntityRows(run: TransactionRun, rows: Row[]): Promise<void> {
    for (const part of byNumberShape(rows)) {
      const present = withoutEmptyColumns(part, ENTITY_ROW_KEYS);
      await this.upsertEntities(run, present, setClause('e', present, ['id']));
    }
  }

  /**
   * Merges relationship rows of one type (already merged with what the graph holds) in one UNWIND. The ends are
   * two MATCH clauses, not one with a comma: LadybugDB plans the comma form as a cross product (15x slower at 10k).
   */
  private async writeRelationshipRows(run: TransactionRun, type: string, rows: Row[]): Promise<void> {
    for (const part of byNumberShape(rows)) {
      const present = withoutEmptyColumns(part, RELATIONSHIP_ROW_KEYS);
      const sets = setClause('r', present, ['from', 'to']);
      await run(
        `UNWIND $rows AS row MATCH (a:${ENTITY_LABEL} {id: row.from}) MATCH (b:${ENTITY_LABEL} {id: row.to}) MERGE (a)-[r:${type}]->(b) SET ${sets}`,
        { rows: present },
      );
    }
  }
}

/** A record whose claims changed is updated even when the value it shows stays the same. */
function claimOutcome(outcome: MergeOutcome, settled: SettledClaims, id: string): MergeOutcome {
  return outcome === 'unchanged' && settled.changedSubjects.has(id) ? 'updated' : outcome;
}

/** GraphStats from per-kind and per-type counts (sorted by name; totals are their sums). */
export function graphStats(kinds: [string, number][], types: [string, number][], sources: number, mentions: number): GraphStats {
  const sorted = (entries: [string, number][]) => Object.fromEntries([...entries].sort(([a], [b]) => a.localeCompare(b)));
  const sum = (entries: [string, number][]) => entries.reduce((total, [, n]) => total + n, 0);
  return {
    entities: sum(kinds),
    relationships: sum(types),
    sources,
    mentions,
    entitiesByKind: sorted(kinds),
    relationshipsByType: sorted(types),
  };
}


// Former exports of this module, now in modules of their own; kept so code written against them still builds.
export { checkedHops, checkedKinds, checkedTypes } from './arguments';
export { decodeCursor, encodeCursor } from './cursor';
export { typedPattern, type Dialect } from './dialect';
export { entityColumns, relationshipColumns, toEntity, toRelationship, type Params, type Row } from './rows';

