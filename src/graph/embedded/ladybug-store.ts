/**
 * The embedded engine: LadybugDB in-process, persisted to a folder. The zero-setup default.
 * One connection is reserved for writes (its transactions must not interleave with other queries);
 * reads share a small pool so they run beside a write.
 * Traversals (shortest path, connections within k hops, an entity's relationships when it has many) run
 * on an in-process adjacency index (./adjacency.ts) kept in step with every write; the rest is the shared Cypher.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import DataLoader from 'dataloader';
import lbug from '@ladybugdb/core';
import type { Connection as LbugConnection, Database, PreparedStatement, QueryResult } from '@ladybugdb/core';
import { DEFAULT_CYPHER_MEMORY_MB, defaultCypherConcurrency } from '../../config';
import { KgError } from '../../errors';
import { ENTITY_LABEL, MENTIONS, SOURCE_LABEL, relationshipProperties, relationshipTypeNames, type KindName, type RelationshipTypeName } from '../../ontology/ontology';
import { embeddedDdl } from '../../ontology/schema';
import {
  CypherGraphStore,
  checkedHops,
  checkedKinds,
  checkedTypes,
  decodeCursor,
  entityColumns,
  graphStats,
  toEntity,
  toRelationship,
  typedPattern,
  type Dialect,
  type Params,
  type Row,
  type TransactionRun,
} from '../cypher-store';
import type {
  BackupManifest,
  Connection,
  CypherOptions,
  CypherResult,
  Direction,
  DocumentWrite,
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
import { FollowedNameIndex } from '../name-search';
import { foldForSearch } from '../../text/normalise';
import { AdjacencyIndex, typeFilter, typeIndex, type EdgeRef, type EntityRow, type RowPath } from './adjacency';
import { neighbourPages, relationshipPages, type PageReads } from './relationship-pages';
import { ADJACENCY_FILE, databaseStamp, loadAdjacency, saveAdjacency } from './adjacency-file';
import { refuseUnlessRead } from '../cypher-guard';
import { CheckpointGate } from './checkpoint-gate';
import { engineError } from './errors';
import { runStatement, type StatementOptions, type StatementResult } from './run-statement';
import { UserQueries, type UserQueryLoad } from './user-queries';
import { portableValue } from './values';
import { checkDataFolder, type DataFolderReport } from './data-folder';
import { writeBackup } from './backup';

const ladybugDialect: Dialect = {
  typeOf: (v) => `label(${v})`,
  shortestPath: (types, hops, all) => `MATCH p = (a)-[${typedPattern(types)}* ${all ? 'ALL SHORTEST' : 'SHORTEST'} 1..${hops}]-(b)`,
  shortestPathsFrom: (types, hops) => `MATCH p = (a)-[${typedPattern(types)}* SHORTEST 1..${hops}]-(b:Entity)`,
  pathIds: (p) => `properties(nodes(${p}), 'id')`,
  pathTypes: (p) => `list_transform(rels(${p}), x -> label(x))`,
};

const MAX_DB_SIZE = 256 * 1024 ** 3;

import { DATABASE_FILE } from './database-file';

export { DATABASE_FILE };

/** Entities with more relationships than this are not read from when the other end of a relationship will do. */
const ANCHOR_DEGREE = 1000;
/** Prepared statements kept per connection (the shapes the store uses are few; users' Cypher is not cached). */
const STATEMENT_CACHE = 256;
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
}

/** What a queued write did to the graph, so the adjacency index knows whether it can follow. */
type WriteEffect = 'document' | 'unknown' | 'none';

export class LadybugGraphStore extends CypherGraphStore {
  readonly engine = 'embedded' as const;
  protected readonly dialect = ladybugDialect;
  private db!: Database;
  private writer!: LbugConnection;
  private readers: LbugConnection[] = [];
  /** Readers not running a query; a query on a busy connection would block the event loop until it is free. */
  private idleReaders: LbugConnection[] = [];
  private readerWaiters: ((c: LbugConnection) => void)[] = [];
  private writeQueue: Promise<unknown> = Promise.resolve();
  private readonly statements = new Map<LbugConnection, Map<string, PreparedStatement>>();
  private adjacencyIndex: AdjacencyIndex | null = null;
  private adjacencyBuild: Promise<AdjacencyIndex> | null = null;
  /** True when there is no index yet or a write happened that the index cannot follow. */
  private adjacencyStale = true;
  /** Index updates for documents written, in order; traversals wait for them. */
  private adjacencyUpdates: Promise<unknown> = Promise.resolve();
  /** The name index search answers from, following writes as the adjacency index does. */
  private readonly names = new FollowedNameIndex(this);
  /** Writes so far: a query process whose view is older opens a new one (see ./user-queries.ts). */
  private writes = 0;
  /** Rewrites of the database file so far (checkpoints, bulk copies, admin statements); each waits at the gate. */
  private rewrites = 0;
  private readonly gate = new CheckpointGate();
  /**
   * Keeps a CHECKPOINT (or an admin statement, which may be one) apart from this process's own reads: LadybugDB 0.19
   * stops the whole process (SIGSEGV) when a checkpoint runs while another connection of the database reads.
   */
  private readonly ownReads = new CheckpointGate();
  private userQueryProcesses: UserQueries | undefined;
  /** What the data folder check found before opening (./data-folder.ts). */
  dataFolder: DataFolderReport | undefined;
  /** The database files' stamp before this process opened them, and whether it has written since (see adjacency-file.ts). */
  private openedStamp = '';
  private wroteSinceOpen = false;
  /** True when the index in memory is the one on disk for the stamp it was saved with. */
  private adjacencySaved: string | null = null;

  constructor(private readonly options: LadybugOptions) {
    super();
  }

  async init(): Promise<void> {
    fs.mkdirSync(this.options.dataDir, { recursive: true });
    this.dataFolder = await checkDataFolder(path.join(this.options.dataDir, DATABASE_FILE), { readOnly: this.options.readOnly });
    this.openedStamp = databaseStamp(this.options.dataDir, DATABASE_FILE);
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
      for (let i = 0; i < (this.options.readConnections ?? 4); i++) {
        const c = new lbug.Connection(this.db);
        await c.init();
        this.readers.push(c);
      }
      this.idleReaders = [...this.readers];
    } catch (e) {
      throw engineError(e, { dataDir: this.options.dataDir });
    }
    if (!this.options.readOnly) for (const ddl of embeddedDdl()) await this.query(this.writer, ddl);
  }

  /** A consistent copy of the database in `targetDir`, taken in the write queue right after a checkpoint (./backup.ts). */
  backup(targetDir: string): Promise<BackupManifest> {
    return this.serialiseWrite(async () => {
      await this.apartFromOwnReads(() => this.query(this.writer, 'CHECKPOINT'));
      return writeBackup(path.join(this.options.dataDir, DATABASE_FILE), targetDir, await this.stats());
      // A checkpoint rewrites the file: it waits at the gate until no user's query reads it; nothing is written.
    }, 'none', true);
  }

  /**
   * Runs one engine-native bulk statement (`COPY … FROM`) on the write connection, queued like any write;
   * `onProgress` hears the fraction done (0..1) as the engine reports it.
   */
  async bulkCopy(statement: string, onProgress?: (fraction: number) => void): Promise<void> {
    await this.serialiseWrite(async () => {
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
    await Promise.all([this.adjacency(), this.options.readOnly ? undefined : this.userQueries().warmUp()]);
  }

  /** Writes the log into the database file now: between writes, when no user's query reads the file. */
  checkpoint(): Promise<void> {
    return this.betweenWrites(() => this.checkpointNow());
  }

  /** Users' queries running, reading and waiting, and the query processes' ids (for health checks and tests). */
  userQueryLoad(): UserQueryLoad {
    return this.userQueryProcesses?.load() ?? { running: 0, reading: 0, waiting: 0, processes: [] };
  }

  async close(): Promise<void> {
    await this.userQueryProcesses?.close();
    await this.names.close();
    await this.writeQueue.catch(() => undefined);
    await this.adjacencyBuild?.catch(() => undefined);
    this.statements.clear();
    for (const c of [...this.readers, this.writer]) await c?.close();
    await this.db?.close();
    this.persistAdjacency();
  }

  /**
   * Writes the index beside the closed database, stamped with the files as closing left them, so the next start
   * loads it instead of rebuilding; skipped when the index is stale or holds writes made after its build.
   */
  private persistAdjacency(): void {
    const index = this.adjacencyIndex;
    if (!index || this.adjacencyStale || !this.db || this.options.readOnly) return;
    try {
      const stamp = databaseStamp(this.options.dataDir, DATABASE_FILE);
      if (this.adjacencySaved === stamp) return;
      saveAdjacency(path.join(this.options.dataDir, ADJACENCY_FILE), index, stamp);
    } catch {
      // An index that cannot be written is rebuilt on the next start; closing the graph must not fail for it.
    }
  }

  protected async read(_operation: string, query: string, params: Params = {}): Promise<Row[]> {
    return this.withReader((reader) => this.query(reader, query, params));
  }

  /** Runs `work` on a reader of its own, waiting for one to be free. */
  private async withReader<T>(work: (reader: LbugConnection) => Promise<T>): Promise<T> {
    const leave = await this.ownReads.shared(Infinity);
    const reader = this.idleReaders.pop() ?? (await new Promise<LbugConnection>((resolve) => this.readerWaiters.push(resolve)));
    try {
      return await work(reader);
    } finally {
      const waiter = this.readerWaiters.shift();
      if (waiter) waiter(reader);
      else this.idleReaders.push(reader);
      leave();
    }
  }

  /** Runs `work` (a CHECKPOINT or an admin statement) once none of this process's reads runs, holding new ones back. */
  private async apartFromOwnReads<T>(work: () => Promise<T>): Promise<T> {
    const leave = await this.ownReads.exclusive();
    try {
      return await work();
    } finally {
      leave();
    }
  }

  protected writeTransaction<T>(operation: string, work: (run: TransactionRun) => Promise<T>): Promise<T> {
    return this.serialiseWrite(
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

  /**
   * Queues `work` behind every earlier write: LadybugDB allows one write transaction at a time.
   * A write whose effect the adjacency index cannot follow (user Cypher, bulk copies) marks it stale.
   * A `rewrite` (anything that may write the database file itself, not only the log) waits until no user's
   * query reads the file; the log is written into the file once it grows past CHECKPOINT_WAL_BYTES.
   */
  private serialiseWrite<T>(work: () => Promise<T>, effect: WriteEffect = 'unknown', rewrite = false): Promise<T> {
    this.wroteSinceOpen = true;
    const result = this.writeQueue.then(async () => {
      const leave = rewrite ? await this.gate.exclusive() : () => undefined;
      if (rewrite) this.rewrites++;
      try {
        return await work();
      } finally {
        leave();
        // Counted before the caller hears of it, so its next query reads a view with this write.
        if (effect !== 'none') this.writes++;
      }
    });
    this.writeQueue = result
      .then(
        () => {
          if (effect === 'unknown') {
            this.adjacencyStale = true;
            this.names.markStale();
          }
        },
        () => undefined,
      )
      .then(() => this.checkpointWhenDue());
    return result;
  }

  /** Runs `work` between two writes (in the write queue) without counting it as one. */
  private betweenWrites<T>(work: () => Promise<T>): Promise<T> {
    const result = this.writeQueue.then(work);
    this.writeQueue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
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
    const leave = await this.gate.exclusive();
    this.rewrites++;
    try {
      await this.apartFromOwnReads(() => this.query(this.writer, 'CHECKPOINT'));
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
        ? await connection.execute(await this.prepare(connection, query), params as never)
        : await connection.query(query);
      return rowsOf(result, portableValue);
    } catch (e) {
      throw engineError(e, { query });
    }
  }

  /** A prepared statement for `query` on `connection`, prepared once and reused. */
  private async prepare(connection: LbugConnection, query: string): Promise<PreparedStatement> {
    let cache = this.statements.get(connection);
    if (!cache) this.statements.set(connection, (cache = new Map()));
    const cached = cache.get(query);
    if (cached) return cached;
    const statement = await connection.prepare(query);
    if (!statement.isSuccess()) throw engineError(new Error(statement.getErrorMessage()), { query });
    if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
    cache.set(query, statement);
    return statement;
  }

  // ---- reads the adjacency index makes fast ---------------------------------------------------

  /** One primary-key lookup per id (a list filter `e.id IN $ids` would scan the whole table). */
  override async getEntities(ids: readonly string[]): Promise<(Entity | null)[]> {
    if (ids.length === 0) return [];
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
    const unset = new Set(Object.keys(rows[0] ?? {}).filter((k) => k !== 'id' && rows.every((r) => r[k] === null || r[k] === undefined)));
    if (unset.size === 0) return super.upsertEntities(run, rows, sets);
    const kept = sets.split(', ').filter((s) => !unset.has(/^e\.(\w+) =/.exec(s)?.[1] ?? ''));
    const trimmed = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !unset.has(k))));
    return super.upsertEntities(run, trimmed, kept.join(', '));
  }

  override async writeDocument(write: DocumentWrite): Promise<WriteSummary> {
    const summary = await super.writeDocument(write);
    this.names.written(write.entities.map((e) => e.id));
    if (this.adjacencyIndex || this.adjacencyBuild) {
      // Additions are idempotent, so applying them after a build that already saw them is harmless.
      this.adjacencyUpdates = this.adjacencyUpdates
        .then(async () => {
          const index = this.adjacencyBuild ? await this.adjacencyBuild : this.adjacencyIndex;
          if (index) await this.applyDocument(index, write);
        })
        .catch(() => {
          this.adjacencyStale = true;
        });
    }
    return summary;
  }

  /** Search by the name index (exact, alias, word, variant, typo, prefix); text found only inside names or descriptions falls back to the scan. */
  override async search(text: string, options: { kinds?: KindName[]; first: number }): Promise<SearchHit[]> {
    if (!foldForSearch(text)) return super.search(text, options);
    const hits = await this.names.search(text, { ...options, kinds: checkedKinds(options.kinds) });
    return hits.length > 0 ? hits : super.search(text, options);
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
    return relationshipPages(await this.adjacency(), this.pageReads, requests);
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
    return neighbourPages(await this.adjacency(), this.pageReads, requests);
  }

  /**
   * The reads page assembly uses: this store's read pool, and primary-key lookups gathered over one tick, so the
   * pages and neighbour listings of one GraphQL level (participants and partOf, say) read their entities together.
   */
  private readonly pageReads: PageReads = {
    read: (operation, query, params) => this.read(operation, query, params),
    getEntities: async (ids) => {
      const found = await this.entityBatch.loadMany(ids);
      for (const e of found) if (e instanceof Error) throw e;
      return found as (Entity | null)[];
    },
  };
  private readonly entityBatch = new DataLoader<string, Entity | null>((ids) => this.getEntities(ids), { cache: false });

  override async shortestPath(from: string, to: string, options: TraversalOptions): Promise<Path | null> {
    const types = checkedTypes(options.types);
    const hops = checkedHops(options.maxHops);
    if (from === to) return super.shortestPath(from, to, options);
    const index = await this.adjacency();
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
    const index = await this.adjacency();
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
    await this.adjacencyUpdates;
    if (!this.adjacencyIndex || this.adjacencyStale) return super.stats();
    const index = this.adjacencyIndex;
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

  // ---- the adjacency index ------------------------------------------------------------------

  /** The index, built on first use and rebuilt after a write it could not follow. */
  private async adjacency(): Promise<AdjacencyIndex> {
    await this.adjacencyUpdates;
    if (this.adjacencyIndex && !this.adjacencyStale) return this.adjacencyIndex;
    if (!this.adjacencyBuild) {
      this.adjacencyStale = false;
      this.adjacencyBuild = this.buildAdjacency()
        .then((index) => (this.adjacencyIndex = index))
        .catch((e) => {
          this.adjacencyStale = true;
          throw e;
        })
        .finally(() => {
          this.adjacencyBuild = null;
        });
    }
    return this.adjacencyBuild;
  }

  /**
   * The index saved beside the database when it still describes it (nothing written since, by this process or any
   * other: see adjacency-file.ts); otherwise built from the engine's rows.
   */
  private async buildAdjacency(): Promise<AdjacencyIndex> {
    if (!this.wroteSinceOpen) {
      const saved = loadAdjacency(path.join(this.options.dataDir, ADJACENCY_FILE), this.openedStamp);
      if (saved) {
        this.adjacencySaved = this.openedStamp;
        return saved;
      }
    }
    this.adjacencySaved = null;
    return this.readAdjacency();
  }

  /** Reads every entity row and relationship end from the engine (exported to CSV: far faster than row by row). */
  private async readAdjacency(): Promise<AdjacencyIndex> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-adjacency-'));
    const exportRows = (statement: string) => this.withReader((reader) => this.query(reader, statement));
    try {
      const entitiesFile = path.join(dir, 'entities.csv');
      await exportRows(`COPY (MATCH (e:${ENTITY_LABEL}) RETURN e.rowid, e.id, e.kind, e.name) TO ${cypherString(entitiesFile)} (header=false)`);
      const entityRows: EntityRow[] = [];
      // on_record keeps one small object per entity instead of an array of arrays of a million records.
      parse(fs.readFileSync(entitiesFile), {
        relax_column_count: true,
        on_record: ([row, id, kind, name]: string[]) => {
          entityRows.push({ row: Number(row), id: id!, kind: kind ?? '', name: name ?? '' });
          return undefined;
        },
      });
      fs.rmSync(entitiesFile);
      const parts: { from: Uint32Array; to: Uint32Array; type: number }[] = [];
      for (const type of relationshipTypeNames) {
        const file = path.join(dir, `${type}.csv`);
        await exportRows(`COPY (MATCH (a:${ENTITY_LABEL})-[r:${type}]->(b:${ENTITY_LABEL}) RETURN a.rowid, b.rowid) TO ${cypherString(file)} (header=false)`);
        parts.push({ ...rowPairs(fs.readFileSync(file)), type: typeIndex(type) });
        fs.rmSync(file);
      }
      const total = parts.reduce((s, p) => s + p.from.length, 0);
      const from = new Uint32Array(total);
      const to = new Uint32Array(total);
      const typeOf = new Uint8Array(total);
      let at = 0;
      let maxRow = -1;
      for (const p of parts) {
        from.set(p.from, at);
        to.set(p.to, at);
        typeOf.fill(p.type, at, at + p.from.length);
        at += p.from.length;
        for (let i = 0; i < p.from.length; i++) maxRow = Math.max(maxRow, p.from[i]!, p.to[i]!);
      }
      for (const e of entityRows) maxRow = Math.max(maxRow, e.row);
      return AdjacencyIndex.build({ rowCount: maxRow + 1, entities: entityRows, from, to, typeOf });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Brings the index up to date with a document just written: its new entities and relationships. */
  private async applyDocument(index: AdjacencyIndex, write: DocumentWrite): Promise<void> {
    const ids = new Set<string>([...write.entities.map((e) => e.id), ...write.relationships.flatMap((r) => [r.from, r.to])]);
    const unknown = [...ids].filter((id) => index.row(id) === undefined);
    if (unknown.length > 0) {
      const rows = await this.read('adjacencyRows', `UNWIND $ids AS i MATCH (e:${ENTITY_LABEL} {id: i}) RETURN e.id AS id, e.rowid AS row, e.kind AS kind, e.name AS name`, { ids: unknown });
      for (const r of rows) index.setEntity(Number(r.row), r.id as string, r.kind as string, r.name as string);
    }
    for (const r of write.relationships) {
      const from = index.row(r.from);
      const to = index.row(r.to);
      if (from !== undefined && to !== undefined) index.addRelationship(from, typeIndex(r.type), to);
    }
  }

  /** Entities and relationships along paths of rows, fetched in a few batched lookups. */
  private async hydrate(index: AdjacencyIndex, paths: RowPath[]): Promise<Path[]> {
    if (paths.length === 0) return [];
    const ids = [...new Set(paths.flatMap((p) => p.rows))].map((r) => index.id(r));
    const unique = new Map<string, EdgeRef>();
    for (const p of paths) for (const e of p.edges) unique.set(edgeKey(e), e);
    const [entities, relationships] = await Promise.all([this.getEntities(ids), this.relationshipsAt(index, [...unique.values()])]);
    const byId = new Map(entities.filter((e): e is Entity => e !== null).map((e) => [e.id, e]));
    return paths.map((p) => ({
      entities: p.rows.map((r) => byId.get(index.id(r))!),
      relationships: p.edges.map((e) => relationships.get(edgeKey(e))!),
    }));
  }

  /**
   * Relationships by their ends. Each query reads the relationships of one entity (an anchor), so anchors are
   * chosen to cover many of the wanted relationships with few queries, never a hub when the other end is not
   * one (reading from a hub walks all of its relationships); the queries run side by side on the readers.
   */
  private async relationshipsAt(index: AdjacencyIndex, edges: EdgeRef[]): Promise<Map<string, Relationship>> {
    const anchors = new Map<number, { out: EdgeRef[]; in: EdgeRef[] }>();
    let remaining = edges;
    while (remaining.length > 0) {
      const covers = new Map<number, number>();
      for (const e of remaining) for (const end of new Set([e.from, e.to])) covers.set(end, (covers.get(end) ?? 0) + 1);
      let anchor = -1;
      for (const [end, n] of covers) {
        if (index.degree(end) > ANCHOR_DEGREE) continue;
        if (anchor < 0 || n > covers.get(anchor)! || (n === covers.get(anchor)! && index.degree(end) < index.degree(anchor))) anchor = end;
      }
      // Every end left is a hub: read each relationship from its smaller end.
      if (anchor < 0) anchor = index.degree(remaining[0]!.from) <= index.degree(remaining[0]!.to) ? remaining[0]!.from : remaining[0]!.to;
      const entry = anchors.get(anchor) ?? { out: [], in: [] };
      anchors.set(anchor, entry);
      remaining = remaining.filter((e) => {
        if (e.from === anchor) entry.out.push(e);
        else if (e.to === anchor) entry.in.push(e);
        else return true;
        return false;
      });
    }
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
        const wanted = new Set(list.map(edgeKey));
        reads.push(
          this.read('relationshipsAt', statement, { id: index.id(anchor), others }).then((rows) => {
            for (const row of rows) {
              const other = Number(row.o_row);
              const type = typeIndex(row.r_type as string);
              const ref = direction === 'OUT' ? { from: anchor, to: other, type } : { from: other, to: anchor, type };
              if (!wanted.has(edgeKey(ref))) continue;
              row.r_from = index.id(ref.from);
              row.r_to = index.id(ref.to);
              found.set(edgeKey(ref), toRelationship(row));
            }
          }),
        );
      }
    }
    await Promise.all(reads);
    return found;
  }

  async runCypher(query: string, options: CypherOptions): Promise<CypherResult> {
    const started = performance.now();
    if (options.readOnly && !options.trusted) refuseUnlessRead(query, this.engine, options.params);
    const deadline = started + options.timeoutMs;
    const statement = { params: options.params ?? {}, readOnly: options.readOnly, maxRows: options.maxRows, timeoutMs: options.timeoutMs };
    try {
      this.rounds++;
      const result =
        options.readOnly && !options.trusted
          ? await this.userQueries().run(query, statement.params, options.maxRows, deadline)
          : options.readOnly
            ? await this.runOwnRead(query, statement)
            : // An admin statement may be anything (COPY, CHECKPOINT, DDL): a rewrite, queued behind the store's own writes.
              await this.serialiseWrite(() => this.apartFromOwnReads(() => this.runHere(query, { ...statement, timeoutMs: deadline - performance.now() })), 'unknown', true);
      return { ...result, elapsedMs: Math.round((performance.now() - started) * 100) / 100, engine: this.engine };
    } catch (e) {
      throw engineError(e, { query });
    }
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

  /** A trusted read (a named query) on a connection of its own, counted among this process's reads. */
  private async runOwnRead(query: string, statement: StatementOptions): Promise<StatementResult> {
    const leave = await this.ownReads.shared(Infinity);
    try {
      return await this.runHere(query, statement);
    } finally {
      leave();
    }
  }

  /** The query processes that run users' Cypher, started on first use. */
  private userQueries(): UserQueries {
    const store = this;
    const memoryMb = this.options.cypherMemoryMb ?? DEFAULT_CYPHER_MEMORY_MB;
    this.userQueryProcesses ??= new UserQueries(
      {
        databaseFile: path.join(this.options.dataDir, DATABASE_FILE),
        betweenWrites: (work) => this.betweenWrites(work),
        beforeView: () => this.shrinkLogForView(),
        gate: this.gate,
        engineError: (e, query) => engineError(e, { query }),
        // Read when asked: the counts move with every write.
        get generation() {
          return store.writes;
        },
        get epoch() {
          return store.rewrites;
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

/** Key of a stored relationship by rows and type index. */
function edgeKey(e: EdgeRef): string {
  return `${e.from}|${e.type}|${e.to}`;
}

/** A file path as a Cypher string literal. */
function cypherString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * Parses the `from,to` integer lines the engine's COPY TO writes. Millions of lines: a byte loop here is
 * several times faster than a general CSV parser, and these lines hold nothing but digits and one comma.
 */
function rowPairs(buffer: Buffer): { from: Uint32Array; to: Uint32Array } {
  let lines = 0;
  for (let i = 0; i < buffer.length; i++) if (buffer[i] === 10) lines++;
  if (buffer.length > 0 && buffer[buffer.length - 1] !== 10) lines++;
  const from = new Uint32Array(lines);
  const to = new Uint32Array(lines);
  let n = 0;
  let value = 0;
  let first = -1;
  for (let i = 0; i <= buffer.length; i++) {
    const c = i < buffer.length ? buffer[i]! : 10;
    if (c >= 48 && c <= 57) value = value * 10 + (c - 48);
    else if (c === 44) {
      first = value;
      value = 0;
    } else if (c === 10) {
      if (first >= 0) {
        from[n] = first;
        to[n] = value;
        n++;
      }
      first = -1;
      value = 0;
    }
  }
  return { from: from.subarray(0, n), to: to.subarray(0, n) };
}

function rowsOf(result: QueryResult | QueryResult[], convert: (v: unknown) => unknown): Row[] {
  const results = Array.isArray(result) ? result : [result];
  const last = results[results.length - 1]!;
  // Results are materialised by the engine; reading them synchronously saves a thread hop per row.
  // Closed in every case: an unclosed result pins buffer-pool pages until GC runs, and after a few dozen
  // path queries the pool is full ("Unable to allocate memory").
  try {
    const rows = last.getAllSync();
    return rows.map((row) => {
      const out: Row = {};
      for (const [k, v] of Object.entries(row)) out[k] = convert(v);
      return out;
    });
  } finally {
    for (const r of results) r.close();
  }
}
