/**
 * The embedded engine: LadybugDB in-process, persisted to a folder. The zero-setup default.
 * One connection is reserved for writes (its transactions must not interleave with other queries);
 * reads share a small pool so they run beside a write.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lbug from '@ladybugdb/core';
import type { Connection as LbugConnection, Database, QueryResult } from '@ladybugdb/core';
import { KgError } from '../../errors';
import { embeddedDdl } from '../../ontology/schema';
import { CypherGraphStore, typedPattern, type Dialect, type Params, type Row, type TransactionRun } from '../cypher-store';
import type { CypherOptions, CypherResult } from '../port';
import { refuseBeyondGraph, blankLiterals, positionOf } from '../cypher-guard';
import { QuerySlots } from './query-slots';
import { ID_LOOKUP_QUERY, portableRows, portableValue } from './values';

const ladybugDialect: Dialect = {
  typeOf: (v) => `label(${v})`,
  shortestPath: (types, hops, all) => `MATCH p = (a)-[${typedPattern(types)}* ${all ? 'ALL SHORTEST' : 'SHORTEST'} 1..${hops}]-(b)`,
  shortestPathsFrom: (types, hops) => `MATCH p = (a)-[${typedPattern(types)}* SHORTEST 1..${hops}]-(b:Entity)`,
  pathIds: (p) => `properties(nodes(${p}), 'id')`,
  pathTypes: (p) => `list_transform(rels(${p}), x -> label(x))`,
};

/**
 * Users' Cypher queries running at once, per process, each on one engine thread, so the product's own queries
 * (and the named queries) always find a worker free: one fewer than the cores, at most two (see QuerySlots).
 */
const userQuerySlots = new QuerySlots(Math.max(1, Math.min(2, os.availableParallelism() - 1)));

const MAX_DB_SIZE = 256 * 1024 ** 3;

/** File name of the database inside KG_DATA_DIR. */
export const DATABASE_FILE = 'graph.lbdb';

export interface LadybugOptions {
  dataDir: string;
  bufferPoolMb: number;
  readConnections?: number;
}

/** Converts a LadybugDB error to the product's error type; the one place that knows its messages. */
export function engineError(e: unknown, context: { query?: string; dataDir?: string } = {}): KgError {
  if (e instanceof KgError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const first = message.split('\n')[0]!;
  if (/lock/i.test(message) && context.dataDir) {
    return new KgError(
      'DATA_DIR_LOCKED',
      `the data folder ${context.dataDir} is in use by another process (is \`kg serve\` running?). Stop it, or send the command to it with --url.`,
      {},
      { cause: e },
    );
  }
  if (/interrupt|timeout/i.test(message)) return new KgError('CYPHER_TIMEOUT', 'the query ran past its time limit and was stopped', {}, { cause: e });
  if (/buffer pool is full/i.test(message)) {
    return new KgError('LIMIT_EXCEEDED', 'the query needs more memory than the embedded engine may use (KG_BUFFER_POOL_MB) and was stopped; narrow it or bound its paths', {}, { cause: e });
  }
  const missing = /Parameter (\S+) not found/.exec(message);
  if (missing) return new KgError('BAD_USER_INPUT', `the query uses parameter $${missing[1]} but no value was given for it`, { path: `params.${missing[1]}` }, { cause: e });
  if (/do not support prepare multiple statements/i.test(message)) {
    return new KgError('CYPHER_SYNTAX_ERROR', 'send one statement at a time (the query holds several, separated by ";")', {}, { cause: e });
  }
  const position = /\(line: (\d+), offset: (\d+)\)/.exec(message);
  if (/Parser exception|Binder exception|Catalog exception/.test(message)) {
    // The parser quotes the query up to the mistake, newlines included; the message keeps that quote on one line.
    const head = position ? message.slice(0, position.index).replace(/\s*\n\s*/g, ' ').trim() : first;
    const at = position ? { line: Number(position[1]), column: Number(position[2]) + 1 } : locate(first, context.query);
    return new KgError('CYPHER_SYNTAX_ERROR', at ? `${head} (line ${at.line}, column ${at.column})` : head, at ?? {}, { cause: e });
  }
  if (/Runtime exception/.test(message)) return new KgError('CYPHER_ERROR', first, {}, { cause: e });
  return new KgError('ENGINE_ERROR', first, {}, { cause: e });
}

/** Where in the query a semantic error (which LadybugDB reports without a position) points, when it can be found. */
function locate(message: string, query: string | undefined): { line: number; column: number } | undefined {
  if (!query) return undefined;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const property = /Cannot find property (\w+) for (\w+)/.exec(message);
  const fn = /function (\w+) does not exist/i.exec(message);
  const variable = /Variable (\w+) is not in scope/.exec(message);
  const table = /Table (\w+) does not exist/.exec(message);
  const pattern = property
    ? new RegExp(`\\b${escape(property[2]!)}\\s*\\.\\s*${escape(property[1]!)}\\b`)
    : fn
      ? new RegExp(`\\b${escape(fn[1]!)}\\s*\\(`, 'i')
      : variable
        ? new RegExp(`\\b${escape(variable[1]!)}\\b`)
        : table
          ? new RegExp(`:\\s*${escape(table[1]!)}\\b`)
          : undefined;
  const m = pattern?.exec(blankLiterals(query));
  return m ? positionOf(query, m.index) : undefined;
}

export class LadybugGraphStore extends CypherGraphStore {
  readonly engine = 'embedded' as const;
  protected readonly dialect = ladybugDialect;
  private db!: Database;
  private writer!: LbugConnection;
  private readers: LbugConnection[] = [];
  private nextReader = 0;
  private writeQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: LadybugOptions) {
    super();
  }

  async init(): Promise<void> {
    fs.mkdirSync(this.options.dataDir, { recursive: true });
    try {
      // LadybugDB stores a database as a file plus its write-ahead log; both live inside the data folder.
      // maxDBSize bounds the address space each open database reserves (8 TiB by default), so tests and
      // tools can open many databases in one process; 256 GiB is far beyond the 1M-entity benchmark graph.
      // A process killed while committing leaves a torn last record in the log: replay up to it and drop it
      // (that transaction never returned), instead of refusing to open (throwOnWalReplayFailure = false).
      const [compression, readOnly, maxDbSize, autoCheckpoint, checkpointThreshold, throwOnWalReplayFailure] = [true, false, MAX_DB_SIZE, true, -1, false];
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
      for (let i = 0; i < (this.options.readConnections ?? 2); i++) {
        const c = new lbug.Connection(this.db);
        await c.init();
        this.readers.push(c);
      }
    } catch (e) {
      throw engineError(e, { dataDir: this.options.dataDir });
    }
    for (const ddl of embeddedDdl()) await this.query(this.writer, ddl);
  }

  async close(): Promise<void> {
    await this.writeQueue.catch(() => undefined);
    for (const c of [...this.readers, this.writer]) await c?.close();
    await this.db?.close();
  }

  protected async read(_operation: string, query: string, params: Params = {}): Promise<Row[]> {
    const reader = this.readers[this.nextReader++ % this.readers.length]!;
    return this.query(reader, query, params);
  }

  protected writeTransaction<T>(_operation: string, work: (run: TransactionRun) => Promise<T>): Promise<T> {
    return this.serialiseWrite(async () => {
      await this.query(this.writer, 'BEGIN TRANSACTION');
      try {
        const value = await work((q, p) => this.query(this.writer, q, p ?? {}));
        await this.query(this.writer, 'COMMIT');
        return value;
      } catch (e) {
        await this.query(this.writer, 'ROLLBACK').catch(() => undefined);
        throw e;
      }
    });
  }

  /** Queues `work` behind every earlier write: LadybugDB allows one write transaction at a time. */
  private serialiseWrite<T>(work: () => Promise<T>): Promise<T> {
    const result = this.writeQueue.then(work);
    this.writeQueue = result.catch(() => undefined);
    return result;
  }

  private async query(connection: LbugConnection, query: string, params: Params = {}): Promise<Row[]> {
    this.rounds++;
    try {
      const result = Object.keys(params).length
        ? await connection.execute(await this.prepare(connection, query), params as never)
        : await connection.query(query);
      return await rowsOf(result, portableValue);
    } catch (e) {
      throw engineError(e, { query });
    }
  }

  private async prepare(connection: LbugConnection, query: string) {
    const statement = await connection.prepare(query);
    if (!statement.isSuccess()) throw engineError(new Error(statement.getErrorMessage()), { query });
    return statement;
  }

  async runCypher(query: string, options: CypherOptions): Promise<CypherResult> {
    const started = performance.now();
    const deadline = started + options.timeoutMs;
    if (options.readOnly && !options.trusted) refuseBeyondGraph(query);
    const release = options.trusted ? () => undefined : await userQuerySlots.acquire(deadline);
    // A connection of its own, so the time limit (LadybugDB interrupts the query when it passes) is this query's alone.
    const connection = new lbug.Connection(this.db);
    try {
      await connection.init();
      if (!options.trusted) connection.setMaxNumThreadForExec(1);
      connection.setQueryTimeout(Math.max(1, Math.round(deadline - performance.now())));
      const statement = await connection.prepare(query);
      if (!statement.isSuccess()) throw engineError(new Error(statement.getErrorMessage()), { query });
      // The prepared statement knows whether it would write: refuse here, before anything runs.
      if (options.readOnly && !statement.isReadOnly()) {
        throw new KgError('CYPHER_WRITE_FORBIDDEN', 'this query would change the graph; writes need the admin token');
      }
      const run = async () => {
        this.rounds++;
        // One statement runs as one transaction: it commits whole or, on error or timeout, not at all.
        const result = await connection.execute(statement, (options.params ?? {}) as never);
        const last = Array.isArray(result) ? result[result.length - 1]! : result;
        const columns = last.getColumnNamesSync();
        const types = last.getColumnDataTypesSync();
        const raw: unknown[][] = [];
        let truncated = false;
        // Read one row past the cap so `truncated` is exact without converting the rest.
        while (last.hasNext()) {
          const row = last.getNextSync();
          if (raw.length >= options.maxRows) {
            truncated = true;
            break;
          }
          raw.push(columns.map((c) => row?.[c]));
        }
        last.close();
        return { columns, types, raw, truncated };
      };
      // Writes queue behind the store's own writes: LadybugDB allows one write transaction at a time.
      const { columns, types, raw, truncated } = statement.isReadOnly() ? await run() : await this.serialiseWrite(run);
      const rows = await portableRows(raw, types, async (ids) => {
        this.rounds++;
        const found = await (await connection.execute(await connection.prepare(ID_LOOKUP_QUERY), { ids })) as QueryResult;
        return new Map((await found.getAll()).map((r) => [String(r.internal), String(r.id)]));
      });
      return { columns, rows, truncated, elapsedMs: Math.round((performance.now() - started) * 100) / 100, engine: this.engine };
    } catch (e) {
      throw engineError(e, { query });
    } finally {
      await connection.close();
      release();
    }
  }
}

/** Reads every row, then closes the results: an unclosed result pins buffer-pool pages until GC runs, and
 * after a few dozen path queries the pool is full ("Unable to allocate memory"). */
async function rowsOf(result: QueryResult | QueryResult[], convert: (v: unknown) => unknown): Promise<Row[]> {
  const results = Array.isArray(result) ? result : [result];
  try {
    const rows = await results[results.length - 1]!.getAll();
    return rows.map((row) => {
      const out: Row = {};
      for (const [k, v] of Object.entries(row)) out[k] = convert(v);
      return out;
    });
  } finally {
    for (const r of results) r.close();
  }
}
