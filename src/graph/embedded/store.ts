/**
 * The embedded engine: LadybugDB in-process, persisted to a folder. The zero-setup default.
 * One connection is reserved for writes (its transactions must not interleave with other queries);
 * reads share a small pool so they run beside a write.
 * Traversals (shortest path, connections within k hops, an entity's relationships when it has many) run
 * on an in-process adjacency index (./adjacency.ts) kept in step with every write; the rest is the shared Cypher.
 */
import fs from 'node:fs';
import path from 'node:path';
import DataLoader from 'dataloader';
import lbug from '@ladybugdb/core';
import type { Connection as LbugConnection, Database } from '@ladybugdb/core';
import { DEFAULT_CYPHER_MEMORY_MB, defaultCypherConcurrency } from '../../config';
import { ENTITY_LABEL, MENTIONS, SOURCE_LABEL, relationshipProperties, relationshipTypeNames, type KindName, type RelationshipTypeName } from '../../ontology/ontology';
import { checkedHops, checkedKinds, checkedTypes } from '../arguments';
import { CypherGraphStore, graphStats, type TransactionRun } from '../cypher-store';
import { typedPattern } from '../dialect';
import type {
  BackupManifest,
  BulkLoadOptions,
  Connection,
  CypherOptions,
  CypherResult,
  Direction,
  DocumentWrite,
  GraphSlice,
  Entity,
  GraphStats,
  NeighbourOrder,
  NeighbourRequest,
  Page,
  Path,
  Relationship,
  RelationshipEdge,
  RelationshipPageRequest,
  SearchHit,
  TraversalOptions,
  WriteSummary,
} from '../port';
import { entityColumns, toEntity, toRelationship, type Params, type Row } from '../rows';
import type { NamedEntity } from '../../text/names/name-index';
import { FollowedNameIndex } from '../name-search';
import { answerCypher, isUsersQuery } from '../user-cypher';
import { withoutEmptyColumns } from '../unwind-rows';
import { foldForSearch } from '../../text/normalise';
import { typeFilter, typeIndex, type AdjacencyIndex, type EdgeRef, type RowPath } from './adjacency';
import { chooseAnchors, edgeRefKey } from './anchor-cover';
import { neighbourPages, relationshipPages, type PageReads } from './relationship-pages';
import { rowRangeSlices } from './export-slices';
import { CheckpointGate } from './checkpoint-gate';
import { DATABASE_FILE } from './database-file';
import { ladybugDialect } from './dialect';
import { engineError } from './errors';
import { FollowedAdjacency } from './followed-adjacency';
import { ReaderPool } from './reader-pool';
import { rowsOf } from './result-rows';
import { runStatement, type StatementOptions, type StatementResult } from './run-statement';
import { applySchema } from './schema';
import type { MigrationPlan } from '../../ontology/evolution';
import { StatementCache } from './statement-cache';
import { UserQueries, type UserQueryLoad } from './user-queries';
import { portableValue } from './values';
import { WriteQueue, type WriteEffect } from './write-queue';
import { checkDataFolder, type DataFolderReport } from './data-folder';
import { writeBackup } from './backup';
import { bulkLoadEmbedded, type EmbeddedBulkReport } from './bulk';

/** Address space each open database reserves; see init. */
const MAX_DB_SIZE = 256 * 1024 ** 3;
/** Size of the write-ahead log past which the store writes it into the database file (LadybugDB's own default). */
const CHECKPOINT_WAL_BYTES = 16 * 1024 * 1024;

export interface LadybugOptions {
  dataDir: string;
  bufferPoolMb: number;
  readConnections?: number;
  /** Users' Cypher queries at once, one query process each (KG_CYPHER_CONCURRENCY). */
  cypherConcurrency?: number;
  /** Memory ceiling of a user's Cypher query in MiB (KG_CYPHER_MEMORY_MB). Default 1024. */
  cypherMemoryMb?: number;
  /** Open without writing anything (kg check, the start-up probe): no schema, no log repair. */
  readOnly?: boolean;
  /** How the schema meets the ontology (./schema.ts): `open` by default; `plan` and `apply` for `kg migrate`. */
  schema?: 'open' | 'plan' | 'apply';
  /** Storage rows an export reads per round (./export-slices.ts); tests set it small to cross rounds. Default ROUND_ROWS. */
  exportRoundRows?: number;
  /** Largest graph whose searches fall back to the scan when no name matches (KG_SEARCH_SCAN_MAX_ENTITIES). Default 100 000. */
  searchScanMaxEntities?: number;
}

/** KG_SEARCH_SCAN_MAX_ENTITIES's default: the scan costs 20–100 ms at 100 000 entities (BENCHMARKS.md). */
const SEARCH_SCAN_MAX_ENTITIES = 100_000;


export class LadybugGraphStore extends CypherGraphStore {
  readonly engine = 'embedded' as const;
  protected readonly dialect = ladybugDialect;
  private db!: Database;
  private writer!: LbugConnection;
  private readers!: ReaderPool;
  private readonly statements = new StatementCache((message, query) => engineError(new Error(message), { query }));
  private readonly gate = new CheckpointGate();
  private readonly writeQueue = new WriteQueue(this.gate, {
    afterUnknownWrite: () => {
      this.adjacencyIndex.markStale();
      this.names.markStale();
    },
    afterEach: () => this.checkpointWhenDue(),
  });
  /** The traversal index, following writes (./followed-adjacency.ts). */
  private readonly adjacencyIndex: FollowedAdjacency;
  /** The name index search answers from, following writes as the adjacency index does. */
  private readonly names = new FollowedNameIndex(this);
  private userQueryProcesses: UserQueries | undefined;
  /** What the data folder check found before opening (./data-folder.ts). */
  dataFolder: DataFolderReport | undefined;
  /** How the schema was brought to the ontology on opening (./schema.ts). */
  migration: MigrationPlan | undefined;

  constructor(private readonly options: LadybugOptions) {
    super();
    this.adjacencyIndex = new FollowedAdjacency({
      dataDir: options.dataDir,
      readOnly: options.readOnly ?? false,
      read: (operation, query, params) => this.read(operation, query, params),
      wroteSinceOpen: () => this.writeQueue.wroteSinceOpen,
    });
  }

  async init(): Promise<void> {
    fs.mkdirSync(this.options.dataDir, { recursive: true });
    this.dataFolder = await checkDataFolder(path.join(this.options.dataDir, DATABASE_FILE), { readOnly: this.options.readOnly });
    this.adjacencyIndex.noteOpened();
    try {
      // LadybugDB stores a database as a file plus its write-ahead log; both live inside the data folder.
      // maxDBSize bounds the address space each open database reserves (8 TiB by default), so tests and
      // tools can open many databases in one process; 256 GiB is far beyond the 1M-entity benchmark graph.
      // A process killed while committing leaves a torn last record in the log: replay up to it and drop it
      // (that transaction never returned), instead of refusing to open (throwOnWalReplayFailure = false).
      // No automatic checkpoint: it would rewrite the file under a query process's view; see checkpointWhenDue.
      const [compression, readOnly, maxDbSize, autoCheckpoint, checkpointThreshold, throwOnWalReplayFailure] = [true, this.options.readOnly ?? false, MAX_DB_SIZE, false, -1, false];
      this.db = new lbug.Database(
        path.join(this.options.dataDir, DATABASE_FILE),
        this.options.bufferPoolMb * 1024 * 1024,
        compression,
        readOnly,
        maxDbSize,
        autoCheckpoint,
        checkpointThreshold,
        throwOnWalReplayFailure,
      );
      await this.db.init();
      this.writer = new lbug.Connection(this.db);
      await this.writer.init();
      const readers: LbugConnection[] = [];
      for (let i = 0; i < (this.options.readConnections ?? 4); i++) {
        const c = new lbug.Connection(this.db);
        await c.init();
        readers.push(c);
      }
      this.readers = new ReaderPool(readers);
    } catch (e) {
      throw engineError(e, { dataDir: this.options.dataDir });
    }
    if (!this.options.readOnly) {
      this.migration = await applySchema((statement, params) => this.query(this.writer, statement, params), this.options.dataDir, this.options.schema ?? 'open');
    }
  }

  /** A consistent copy of the database in `targetDir`, taken in the write queue right after a checkpoint (./backup.ts). */
  backup(targetDir: string): Promise<BackupManifest> {
    return this.writeQueue.write(async () => {
      await this.readers.apartFromReads(() => this.query(this.writer, 'CHECKPOINT'));
      return writeBackup(path.join(this.options.dataDir, DATABASE_FILE), targetDir, await this.stats());
      // A checkpoint rewrites the file: it waits at the gate until no user's query reads it; nothing is written.
    }, 'none', true);
  }

  /**
   * Runs one engine-native bulk statement (`COPY … FROM`) on the write connection, queued like any write;
   * `onProgress` hears the fraction done (0..1) as the engine reports it.
   */
  async bulkCopy(statement: string, onProgress?: (fraction: number) => void): Promise<void> {
    await this.writeQueue.write(async () => {
      this.rounds++;
      try {
        const result = await this.writer.query(statement, (pipeline, finished, pipelines) =>
          onProgress?.(Math.min(1, (finished + pipeline / 100) / Math.max(1, pipelines))),
        );
        for (const r of Array.isArray(result) ? result : [result]) r.close();
      } catch (e) {
        throw engineError(e, { query: statement });
      }
    }, 'unknown', true);
  }

  /** Loads a bulk folder into this graph, which must be empty, with the engine's COPY FROM (./bulk.ts). */
  bulkLoad(dir: string, options: BulkLoadOptions = {}): Promise<EmbeddedBulkReport> {
    return bulkLoadEmbedded(this, dir, options.onProgress);
  }

  /** A connection of the caller's own to this database, for tools that measure the engine itself (npm run bench). */
  async connect(): Promise<LbugConnection> {
    const connection = new lbug.Connection(this.db);
    await connection.init();
    return connection;
  }

  /** Builds now what the first traversal would otherwise build: the adjacency index; and starts the query processes. */
  async warmUp(): Promise<void> {
    // A read-only store (kg check, the start-up probe) serves no users' queries and must leave the folder as it is.
    // The name index is built by the first search, not here: reading every entity's names would slow every start.
    await Promise.all([this.adjacencyIndex.current(), this.options.readOnly ? undefined : this.userQueries().warmUp()]);
  }

  /** Writes the log into the database file now: between writes, when no user's query reads the file. */
  checkpoint(): Promise<void> {
    return this.writeQueue.between(() => this.checkpointNow());
  }

  /**
   * Every entity's names for the name index: ids, kinds and names from the adjacency index (the strings it already
   * holds, shared rather than copied, and no read of a million rows), aliases read for the entities that have any.
   */
  async nameLabels(): Promise<NamedEntity[]> {
    const index = await this.adjacencyIndex.current();
    const rows = await this.read('nameLabels', `MATCH (e:${ENTITY_LABEL}) WHERE size(e.aliases) > 0 RETURN e.id AS id, e.aliases AS aliases`, {});
    const aliases = new Map(rows.map((r) => [r.id as string, r.aliases as string[]]));
    const labels: NamedEntity[] = [];
    for (let row = 0; row < index.rowCount; row++) {
      const kind = index.kind(row);
      // A row without a kind holds no entity (a hole left by a merge).
      if (kind !== undefined) labels.push({ id: index.id(row), kind, name: index.name(row), aliases: aliases.get(index.id(row)) ?? [] });
    }
    return labels;
  }

  /** About how many entities there are: the adjacency index's rows when it is built (the name index's choice of build). */
  async approximateEntityCount(): Promise<number | null> {
    return (await this.adjacencyIndex.ifFresh())?.rowCount ?? null;
  }

  /** Whether the name index answers searches now (a large graph's is built in the background after the first search; for benchmarks). */
  get nameIndexReady(): boolean {
    return this.names.ready;
  }

  /** Users' queries running, reading and waiting, and the query processes' ids (for health checks and tests). */
  userQueryLoad(): UserQueryLoad {
    return this.userQueryProcesses?.load() ?? { running: 0, reading: 0, waiting: 0, processes: [] };
  }

  async close(): Promise<void> {
    await this.userQueryProcesses?.close();
    await this.names.close();
    await this.writeQueue.settled();
    await this.adjacencyIndex.settled();
    this.statements.clear();
    for (const c of [...(this.readers?.connections ?? []), this.writer]) await c?.close();
    await this.db?.close();
    if (this.db) this.adjacencyIndex.persist();
  }

  protected async read(_operation: string, query: string, params: Params = {}): Promise<Row[]> {
    return this.readers.withReader((reader) => this.query(reader, query, params));
  }

  protected writeTransaction<T>(operation: string, work: (run: TransactionRun) => Promise<T>): Promise<T> {
    return this.writeQueue.write(
      async () => {
        await this.query(this.writer, 'BEGIN TRANSACTION');
        try {
          const value = await work((q, p) => this.query(this.writer, q, p ?? {}));
          await this.query(this.writer, 'COMMIT');
          return value;
        } catch (e) {
          await this.query(this.writer, 'ROLLBACK').catch(() => undefined);
          throw e;
        }
      },
      // writeDocument's additions are applied to the index by the override below; any other write is unknown.
      operation === 'writeDocument' ? 'document' : 'unknown',
    );
  }

  /** Writes the log into the database file when it has grown large (what LadybugDB's automatic checkpoint did). */
  private async checkpointWhenDue(): Promise<void> {
    const size = this.logBytes();
    // While users' queries read, a checkpoint would hold the writes queued behind it until they end: unless the log
    // has grown far past the mark, the next write tries again.
    if (size >= CHECKPOINT_WAL_BYTES && (this.gate.sharedHolders === 0 || size >= 4 * CHECKPOINT_WAL_BYTES)) {
      await this.checkpointNow().catch(() => undefined);
    }
  }

  /**
   * Before a query process opens a view (between writes): the log written into the file, if no user's query reads
   * it. A view replays the whole log as it opens, which costs far more than writing it once (the seed's 170 KB log:
   * 0.3–0.9 s and 200 MB per opening, against a checkpoint of a few ms).
   */
  private async shrinkLogForView(): Promise<void> {
    if (this.gate.sharedHolders === 0 && this.logBytes() > 0) await this.checkpointNow().catch(() => undefined);
  }

  /** Writes the log into the file once no user's query reads it; call between writes. A failure leaves the log as it was. */
  private async checkpointNow(): Promise<void> {
    if (this.options.readOnly) return;
    const leave = await this.writeQueue.exclusive();
    try {
      await this.readers.apartFromReads(() => this.query(this.writer, 'CHECKPOINT'));
    } finally {
      leave();
    }
  }

  private logBytes(): number {
    return fs.statSync(path.join(this.options.dataDir, `${DATABASE_FILE}.wal`), { throwIfNoEntry: false })?.size ?? 0;
  }

  private async query(connection: LbugConnection, query: string, params: Params = {}): Promise<Row[]> {
    this.rounds++;
    try {
      const result = Object.keys(params).length
        ? await connection.execute(await this.statements.prepare(connection, query), params as never)
        : await connection.query(query);
      return rowsOf(result, portableValue);
    } catch (e) {
      throw engineError(e, { query });
    }
  }

  // ---- reads the adjacency index makes fast ---------------------------------------------------

  /**
   * Entities by id. Lookups asked within one turn of the event loop, by any number of requests, are read together
   * in one engine query: each query has a fixed cost (about a millisecond) that concurrent lookups then share.
   */
  override async getEntities(ids: readonly string[]): Promise<(Entity | null)[]> {
    if (ids.length === 0) return [];
    const found = await this.entityLookups.loadMany(ids);
    for (const e of found) if (e instanceof Error) throw e;
    return found as (Entity | null)[];
  }
  private readonly entityLookups = new DataLoader<string, Entity | null>((ids) => this.readEntities(ids), {
    cache: false,
    maxBatchSize: 1000,
    batchScheduleFn: (read) => setImmediate(read),
  });

  /** One primary-key lookup per id (a list filter `e.id IN $ids` would scan the whole table). */
  private async readEntities(ids: readonly string[]): Promise<(Entity | null)[]> {
    const rows = await this.read('getEntities', `UNWIND $ids AS i MATCH (e:${ENTITY_LABEL} {id: i}) RETURN ${entityColumns('e', 'e_')}`, {
      ids: [...new Set(ids)],
    });
    const byId = new Map(rows.map((r) => [r.e_id as string, toEntity(r, 'e_')]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * LadybugDB types a list-of-maps parameter from its values, and a field that is null in every row comes out
   * as STRING, which a DOUBLE or list column refuses. Such a field is null in every merged entity (merging keeps
   * an older value unless the newer is set), so it is left out of the SET: the stored value is null already.
   */
  protected override async upsertEntities(run: TransactionRun, rows: Row[], sets: string): Promise<void> {
    const trimmed = withoutEmptyColumns(rows, ['id']);
    if (trimmed === rows) return super.upsertEntities(run, rows, sets);
    const kept = new Set(Object.keys(trimmed[0] ?? {}));
    return super.upsertEntities(run, trimmed, sets.split(', ').filter((s) => kept.has(/^e\.(\w+) =/.exec(s)?.[1] ?? '')).join(', '));
  }

  override async writeDocument(write: DocumentWrite): Promise<WriteSummary> {
    const summary = await super.writeDocument(write);
    this.names.written(write.entities.map((e) => e.id));
    this.adjacencyIndex.follow(write);
    return summary;
  }

  /** An export's entities by ranges of storage rows (./export-slices.ts): the shared id keysets read every relationship per slice here. */
  protected override async *entitySlices(limit: number): AsyncIterable<GraphSlice> {
    const read = (operation: string, query: string, params: Params) => this.read(operation, query, params);
    yield* rowRangeSlices(await this.adjacencyIndex.current(), this.dialect, read, { limit, roundRows: this.options.exportRoundRows });
  }

  /**
   * Search by the name index (exact, alias, word, variant, typo, prefix). Text no name matches falls back to the
   * scan inside names and descriptions, on graphs up to searchScanMaxEntities; larger graphs are answered by the
   * index alone once it is built (a scan reads every entity), and by the scan while it is built.
   */
  override async search(text: string, options: { kinds?: KindName[]; first: number }): Promise<SearchHit[]> {
    if (!foldForSearch(text)) return super.search(text, options);
    const answer = await this.names.search(text, { ...options, kinds: checkedKinds(options.kinds) });
    if (answer === null) return super.search(text, options);
    if (answer.hits.length > 0 || answer.indexed > (this.options.searchScanMaxEntities ?? SEARCH_SCAN_MAX_ENTITIES)) return answer.hits;
    return super.search(text, options);
  }

  /** A page of an entity's relationships, chosen and counted on the adjacency index (see relationship-pages.ts). */
  override async relationshipsOf(
    entityId: string,
    options: { direction: Direction; types?: RelationshipTypeName[]; first: number; after?: string },
  ): Promise<Page<RelationshipEdge>> {
    const [page] = await this.relationshipPages([{ entityId, ...options }]);
    return page!;
  }

  override async relationshipPages(requests: readonly RelationshipPageRequest[]): Promise<Page<RelationshipEdge>[]> {
    if (requests.length === 0) return [];
    return relationshipPages(await this.adjacencyIndex.current(), this.pageReads, requests);
  }

  override async neighbors(
    entityId: string,
    options: { direction: Direction; types?: RelationshipTypeName[]; kinds?: KindName[]; first: number; order?: NeighbourOrder },
  ): Promise<Entity[]> {
    const [list] = await this.neighborPages([{ entityId, ...options }]);
    return list!;
  }

  override async neighborPages(requests: readonly NeighbourRequest[]): Promise<Entity[][]> {
    if (requests.length === 0) return [];
    return neighbourPages(await this.adjacencyIndex.current(), this.pageReads, requests);
  }

  /**
   * The reads page assembly uses: this store's read pool, and its entity lookups (gathered over a turn of the event
   * loop, so the pages and neighbour listings of one GraphQL level, participants and partOf say, read theirs together).
   */
  private readonly pageReads: PageReads = {
    read: (operation, query, params) => this.read(operation, query, params),
    getEntities: (ids) => this.getEntities(ids),
  };

  override async shortestPath(from: string, to: string, options: TraversalOptions): Promise<Path | null> {
    const types = checkedTypes(options.types);
    const hops = checkedHops(options.maxHops);
    if (from === to) return super.shortestPath(from, to, options);
    const index = await this.adjacencyIndex.current();
    const a = index.row(from);
    const b = index.row(to);
    if (a === undefined || b === undefined) return null;
    const found = index.shortestPath(a, b, typeFilter(types), hops);
    return found ? (await this.hydrate(index, [found]))[0]! : null;
  }

  override async connectionsWithin(id: string, options: TraversalOptions & { kinds?: KindName[]; first: number }): Promise<Connection[]> {
    const types = checkedTypes(options.types);
    const hops = checkedHops(options.maxHops);
    const kinds = checkedKinds(options.kinds);
    const index = await this.adjacencyIndex.current();
    const start = index.row(id);
    if (start === undefined) return [];
    const found = index.connectionsWithin(start, typeFilter(types), hops, options.first, (r) => !kinds || kinds.includes(index.kind(r)!));
    const paths = await this.hydrate(index, found.map((f) => f.path));
    return paths.map((path, i) => ({ entity: path.entities[path.entities.length - 1]!, distance: found[i]!.distance, path }));
  }

  /**
   * Relationship counts come from the adjacency index when it is built (counting millions of relationships in the
   * engine takes seconds); a one-off command without it asks the engine rather than build it.
   */
  override async stats(): Promise<GraphStats> {
    const index = await this.adjacencyIndex.ifFresh();
    if (!index) return super.stats();
    const [kinds, sources, mentions] = await Promise.all([
      this.read('stats', `MATCH (e:${ENTITY_LABEL}) RETURN e.kind AS key, count(*) AS n`),
      this.read('stats', `MATCH (s:${SOURCE_LABEL}) RETURN count(s) AS n`),
      this.read('stats', `MATCH (:${SOURCE_LABEL})-[m:${MENTIONS}]->(:${ENTITY_LABEL}) RETURN count(m) AS n`),
    ]);
    return graphStats(
      kinds.map((r) => [String(r.key), Number(r.n)]),
      Object.entries(index.relationshipCounts()).filter(([, n]) => n > 0),
      Number(sources[0]?.n ?? 0),
      Number(mentions[0]?.n ?? 0),
    );
  }

  /** Entities and relationships along paths of rows, fetched in a few batched lookups. */
  private async hydrate(index: AdjacencyIndex, paths: RowPath[]): Promise<Path[]> {
    if (paths.length === 0) return [];
    const ids = [...new Set(paths.flatMap((p) => p.rows))].map((r) => index.id(r));
    const unique = new Map<string, EdgeRef>();
    for (const p of paths) for (const e of p.edges) unique.set(edgeRefKey(e), e);
    const [entities, relationships] = await Promise.all([this.getEntities(ids), this.relationshipsAt(index, [...unique.values()])]);
    const byId = new Map(entities.filter((e): e is Entity => e !== null).map((e) => [e.id, e]));
    return paths.map((p) => ({
      entities: p.rows.map((r) => byId.get(index.id(r))!),
      relationships: p.edges.map((e) => relationships.get(edgeRefKey(e))!),
    }));
  }

  /**
   * Relationships by their ends. Each query reads the relationships of one entity (an anchor), so anchors are
   * chosen to cover many of the wanted relationships with few queries, never a hub when the other end is not
   * one (reading from a hub walks all of its relationships); the queries run side by side on the readers.
   */
  private async relationshipsAt(index: AdjacencyIndex, edges: EdgeRef[]): Promise<Map<string, Relationship>> {
    const anchors = chooseAnchors(edges, (row) => index.degree(row));
    const found = new Map<string, Relationship>();
    const reads: Promise<void>[] = [];
    for (const [anchor, sides] of anchors) {
      for (const [direction, list] of [['OUT', sides.out], ['IN', sides.in]] as const) {
        if (list.length === 0) continue;
        // Naming the types matters: a pattern over every relationship table is several times slower to read.
        const types = [...new Set(list.map((e) => relationshipTypeNames[e.type]!))].sort();
        const props = [...new Set(types.flatMap((t) => Object.keys(relationshipProperties(t))))];
        const pattern = direction === 'OUT' ? `-[r${typedPattern(types)}]->` : `<-[r${typedPattern(types)}]-`;
        const statement =
          `MATCH (x:${ENTITY_LABEL} {id: $id})${pattern}(o:${ENTITY_LABEL}) WHERE o.rowid IN $others ` +
          `RETURN o.rowid AS o_row, label(r) AS r_type, r.evidence AS r_evidence, r.sources AS r_sources${props.map((p) => `, r.${p} AS r_${p}`).join('')}`;
        const others = [...new Set(list.map((e) => (direction === 'OUT' ? e.to : e.from)))];
        const wanted = new Set(list.map(edgeRefKey));
        reads.push(
          this.read('relationshipsAt', statement, { id: index.id(anchor), others }).then((rows) => {
            for (const row of rows) {
              const other = Number(row.o_row);
              const type = typeIndex(row.r_type as string);
              const ref = direction === 'OUT' ? { from: anchor, to: other, type } : { from: other, to: anchor, type };
              if (!wanted.has(edgeRefKey(ref))) continue;
              row.r_from = index.id(ref.from);
              row.r_to = index.id(ref.to);
              found.set(edgeRefKey(ref), toRelationship(row));
            }
          }),
        );
      }
    }
    await Promise.all(reads);
    return found;
  }

  /** Users' text runs in a query process, trusted text here, admin statements in the write queue (see ./user-queries.ts). */
  async runCypher(query: string, options: CypherOptions): Promise<CypherResult> {
    return answerCypher(
      this.engine,
      query,
      options,
      async (started) => {
        const deadline = started + options.timeoutMs;
        const statement = { params: options.params ?? {}, readOnly: options.readOnly, maxRows: options.maxRows, timeoutMs: options.timeoutMs };
        this.rounds++;
        if (isUsersQuery(options)) return this.userQueries().run(query, statement.params, options.maxRows, deadline);
        if (options.readOnly) return this.readers.asRead(() => this.runHere(query, statement));
        // An admin statement may be anything (COPY, CHECKPOINT, DDL): a rewrite, queued behind the store's own writes.
        return this.writeQueue.write(
          () => this.readers.apartFromReads(() => this.runHere(query, { ...statement, timeoutMs: deadline - performance.now() })),
          'unknown',
          true,
        );
      },
      (e) => engineError(e, { query }),
    );
  }

  /**
   * Runs a statement in this process, on a connection of its own (so the time limit is this statement's alone).
   * Only trusted text (the named queries: fixed text, parameters checked against their declared types; tried with
   * hostile values, none stopped the engine) and admin statements (the token holder's) run here; users' Cypher
   * runs in a query process.
   */
  private async runHere(query: string, statement: StatementOptions): Promise<StatementResult> {
    const connection = new lbug.Connection(this.db);
    try {
      await connection.init();
      return await runStatement(connection, query, statement);
    } finally {
      await connection.close();
    }
  }

  /** The query processes that run users' Cypher, started on first use. */
  private userQueries(): UserQueries {
    const store = this;
    const memoryMb = this.options.cypherMemoryMb ?? DEFAULT_CYPHER_MEMORY_MB;
    this.userQueryProcesses ??= new UserQueries(
      {
        databaseFile: path.join(this.options.dataDir, DATABASE_FILE),
        betweenWrites: (work) => this.writeQueue.between(work),
        beforeView: () => this.shrinkLogForView(),
        gate: this.gate,
        engineError: (e, query) => engineError(e, { query }),
        // Read when asked: the counts move with every write.
        get generation() {
          return store.writeQueue.writes;
        },
        get epoch() {
          return store.writeQueue.rewrites;
        },
      },
      {
        concurrency: this.options.cypherConcurrency ?? defaultCypherConcurrency(),
        memoryMb,
        // Small: the view only caches pages; what a query builds is bounded by the memory ceiling.
        bufferPoolMb: Math.max(64, Math.min(this.options.bufferPoolMb, Math.floor(memoryMb / 4))),
      },
    );
    return this.userQueryProcesses;
  }
}
