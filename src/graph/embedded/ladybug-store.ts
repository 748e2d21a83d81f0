/**
 * The embedded engine: LadybugDB in-process, persisted to a folder. The zero-setup default.
 * One connection is reserved for writes (its transactions must not interleave with other queries);
 * reads share a small pool so they run beside a write.
 */
import fs from 'node:fs';
import path from 'node:path';
import lbug from '@ladybugdb/core';
import type { Connection as LbugConnection, Database, QueryResult } from '@ladybugdb/core';
import { KgError } from '../../errors';
import { embeddedDdl } from '../../ontology/schema';
import { CypherGraphStore, typedPattern, type Dialect, type Params, type Row, type TransactionRun } from '../cypher-store';
import type { CypherOptions, CypherResult } from '../port';
import { portableValue } from './values';

const ladybugDialect: Dialect = {
  typeOf: (v) => `label(${v})`,
  shortestPath: (types, hops, all) => `MATCH p = (a)-[${typedPattern(types)}* ${all ? 'ALL SHORTEST' : 'SHORTEST'} 1..${hops}]-(b)`,
  shortestPathsFrom: (types, hops) => `MATCH p = (a)-[${typedPattern(types)}* SHORTEST 1..${hops}]-(b:Entity)`,
  pathIds: (p) => `properties(nodes(${p}), 'id')`,
  pathTypes: (p) => `list_transform(rels(${p}), x -> label(x))`,
};

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
  if (/lock/i.test(message) && context.dataDir) {
    return new KgError(
      'DATA_DIR_LOCKED',
      `the data folder ${context.dataDir} is in use by another process (is \`kg serve\` running?). Stop it, or send the command to it with --url.`,
      {},
      { cause: e },
    );
  }
  if (/interrupt|timeout/i.test(message)) return new KgError('CYPHER_TIMEOUT', 'the query ran past its time limit and was stopped', {}, { cause: e });
  const position = /\(line: (\d+), offset: (\d+)\)/.exec(message);
  if (/Parser exception|Binder exception|Catalog exception/.test(message)) {
    return new KgError(
      'CYPHER_SYNTAX_ERROR',
      message.split('\n')[0]!,
      position ? { line: Number(position[1]), column: Number(position[2]) + 1 } : {},
      { cause: e },
    );
  }
  return new KgError('ENGINE_ERROR', message.split('\n')[0]!, {}, { cause: e });
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
      // A process killed while committing leaves a torn last record in the log: replay up to it and drop it
      // (that transaction never returned), instead of refusing to open (throwOnWalReplayFailure = false).
      const [compression, readOnly, maxDbSize, autoCheckpoint, checkpointThreshold, throwOnWalReplayFailure] = [true, false, 0, true, -1, false];
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
    // A connection of its own, so the time limit and any transaction belong to this query alone.
    const connection = new lbug.Connection(this.db);
    try {
      await connection.init();
      connection.setQueryTimeout(options.timeoutMs);
      const statement = await connection.prepare(query);
      if (!statement.isSuccess()) throw engineError(new Error(statement.getErrorMessage()), { query });
      if (options.readOnly && !statement.isReadOnly()) {
        throw new KgError('CYPHER_WRITE_FORBIDDEN', 'this query would change the graph; writes need the admin token');
      }
      const run = async () => {
        this.rounds++;
        const result = await connection.execute(statement, (options.params ?? {}) as never);
        const last = Array.isArray(result) ? result[result.length - 1]! : result;
        const columns = last.getColumnNamesSync();
        const rows: unknown[][] = [];
        let truncated = false;
        // Read one row past the cap so `truncated` is exact without fetching the rest.
        while (last.hasNext()) {
          const row = last.getNextSync();
          if (rows.length >= options.maxRows) {
            truncated = true;
            break;
          }
          rows.push(columns.map((c) => portableValue(row?.[c])));
        }
        return { columns, rows, truncated };
      };
      // A single statement is its own transaction; writes still queue behind other writes.
      const { columns, rows, truncated } = statement.isReadOnly() ? await run() : await this.serialiseWrite(run);
      return { columns, rows: rows as CypherResult['rows'], truncated, elapsedMs: Math.round((performance.now() - started) * 100) / 100, engine: this.engine };
    } catch (e) {
      throw engineError(e, { query });
    } finally {
      await connection.close();
    }
  }
}

async function rowsOf(result: QueryResult | QueryResult[], convert: (v: unknown) => unknown): Promise<Row[]> {
  const last = Array.isArray(result) ? result[result.length - 1]! : result;
  const rows = await last.getAll();
  return rows.map((row) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(row)) out[k] = convert(v);
    return out;
  });
}
