/**
 * Users' read-only Cypher on the embedded engine runs in query processes (./query-process.ts), never in the
 * server: a native crash of the engine, a parameter binding that freezes or an expression that eats gigabytes
 * takes one query process down, and the server answers the request with a product error and starts another.
 *
 * Each query process holds a read-only view of the database file (LadybugDB lets a second process open it
 * read-only while the server writes). A view shows the database as of its opening, so:
 * - the store counts its writes (`generation`) and a process whose view is older opens a new one before the
 *   next query, between two writes (in the store's write queue), so it never reads a log being appended to;
 * - the store counts rewrites of the database file (`epoch`: checkpoints, bulk copies, admin statements), which
 *   wait at the CheckpointGate until no query reads, and a view from an earlier epoch is never read again.
 * A query is stopped by the engine's own time limit, or its process is killed (SIGKILL) just past the deadline or
 * when its resident memory passes KG_CYPHER_MEMORY_MB. Processes stay warm between queries; at most
 * KG_CYPHER_CONCURRENCY exist, one per running query.
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KgError, type ErrorCode } from '../../errors';
import type { CheckpointGate } from './checkpoint-gate';
import { QuerySlots } from './query-slots';
import type { StatementResult } from './run-statement';

/** What the server asks a query process. */
export type QueryRequest = { type: 'open' } | { type: 'run'; query: string; params: Record<string, unknown>; maxRows: number; timeoutMs: number };

/** What a query process answers. */
export type QueryReply =
  | { type: 'ready' }
  | { type: 'opened' }
  | ({ type: 'result' } & StatementResult)
  | { type: 'error'; code?: ErrorCode; message: string; details?: Record<string, unknown> };

/** What the query processes need from the store that owns the database. */
export interface UserQueryHost {
  databaseFile: string;
  /** Runs `work` between two of the store's writes (in its write queue). */
  betweenWrites<T>(work: () => Promise<T>): Promise<T>;
  /** Called between writes before a view opens: a view replays the whole log, so the store may shorten it first. */
  beforeView(): Promise<void>;
  /** Count of writes so far; a view opened before the last of them misses it. */
  readonly generation: number;
  /** Count of rewrites of the database file so far; a view opened before the last of them must not be read. */
  readonly epoch: number;
  readonly gate: CheckpointGate;
  /** Converts an engine message to the product's error. */
  engineError(e: unknown, query: string): KgError;
}

/** What UserQueries.load() tells. */
export interface UserQueryLoad {
  running: number;
  reading: number;
  waiting: number;
  processes: number[];
}

export interface UserQueryLimits {
  /** Query processes, so users' queries at once (KG_CYPHER_CONCURRENCY). */
  concurrency: number;
  /** Resident memory a query process may reach before it is killed, in MiB (KG_CYPHER_MEMORY_MB). */
  memoryMb: number;
  /** Buffer pool of each query process's view, in MiB. */
  bufferPoolMb: number;
}

/** Time past the deadline the engine's own time limit gets to answer before the process is killed. */
const KILL_GRACE_MS = 200;
/** How often a working query process's resident memory is read. */
const MEMORY_POLL_MS = 50;
/** Time a query process may take to start and open its first view when nobody waits for it. */
const WARM_START_MS = 60_000;
/** Queries remembered as having crashed the engine (the oldest are forgotten first). */
const REMEMBERED_CRASHES = 1000;

const ENTRY = path.join(__dirname, `query-process${path.extname(__filename)}`);
// Run from TypeScript sources (tests, tsx), the query process needs the same loader; the build runs plain .js.
const EXEC_ARGV = ENTRY.endsWith('.ts') ? ['--require', require.resolve('tsx/cjs')] : [];

/** Why a query process ended while it was asked something. */
type Ending = 'deadline' | 'memory' | 'crash' | 'closed' | 'retired';

class ProcessEnded extends Error {
  constructor(
    readonly ending: Ending,
    readonly during: QueryRequest['type'] | 'start',
    readonly exit: string,
  ) {
    super(`the query process ended (${ending}, ${exit}) during ${during}`);
  }
}

/** One query process and the one request it is answering. */
class QueryProcess {
  readonly child: ChildProcess;
  /** Ready for requests, with a first view opened when it was started warm. */
  warming: Promise<void>;
  generation = -1;
  epoch = -1;
  exited = false;
  wasReady = false;
  readonly ended: Promise<void>;
  private pending: { resolve: (reply: QueryReply) => void; reject: (e: Error) => void; during: ProcessEnded['during'] } | undefined;
  private stopping: Ending | undefined;
  private stderr = '';

  constructor(limits: UserQueryLimits, databaseFile: string) {
    this.child = fork(ENTRY, [], {
      execArgv: EXEC_ARGV,
      // Only what it needs: users' queries run here, and the server's environment holds its secrets.
      env: { PATH: process.env.PATH, KG_QUERY_DATABASE: databaseFile, KG_QUERY_BUFFER_POOL_MB: String(limits.bufferPoolMb) },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.child.stderr?.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-2000)));
    this.child.on('error', () => undefined); // 'exit' follows, and reports it
    this.child.on('message', (reply: QueryReply) => {
      const pending = this.pending;
      this.pending = undefined;
      pending?.resolve(reply);
    });
    this.ended = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.exited = true;
        const pending = this.pending;
        this.pending = undefined;
        pending?.reject(new ProcessEnded(this.stopping ?? 'crash', pending.during, `${signal ?? `exit code ${code}`}${this.stderr ? `: ${this.stderr.trim()}` : ''}`));
        resolve();
      }),
    );
    this.warming = this.ask(undefined, performance.now() + WARM_START_MS, limits.memoryMb).then(() => {
      this.wasReady = true;
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /**
   * Sends `request` (none: waits for the first message) and waits for the answer; kills the process at
   * `killAt` (a `performance.now()` time) or when its resident memory passes `memoryMb`.
   */
  ask(request: QueryRequest | undefined, killAt: number, memoryMb: number): Promise<QueryReply> {
    if (this.exited) return Promise.reject(new ProcessEnded('crash', request?.type ?? 'start', 'already ended'));
    return new Promise<QueryReply>((resolve, reject) => {
      const timer = setTimeout(() => this.stop('deadline'), Math.max(0, killAt - performance.now()));
      let watching = true;
      const watch = async () => {
        while (watching && !this.exited) {
          const rss = await residentBytes(this.pid);
          if (rss !== undefined && rss > memoryMb * 1024 * 1024) this.stop('memory');
          await new Promise((r) => setTimeout(r, MEMORY_POLL_MS));
        }
      };
      const settle = () => {
        clearTimeout(timer);
        watching = false;
      };
      this.pending = {
        resolve: (reply) => (settle(), resolve(reply)),
        reject: (e) => (settle(), reject(e)),
        during: request?.type ?? 'start',
      };
      void watch();
      if (request) this.child.send(request);
    });
  }

  stop(why: Ending): void {
    if (this.exited) return;
    this.stopping ??= why;
    this.child.kill('SIGKILL');
  }
}

/** Resident memory of a process in bytes (Linux /proc; `ps` elsewhere); undefined when it cannot be read. */
async function residentBytes(pid: number): Promise<number | undefined> {
  try {
    const status = await fs.promises.readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    if (process.platform === 'linux') return undefined;
    return new Promise((resolve) =>
      execFile('ps', ['-o', 'rss=', '-p', String(pid)], (error, stdout) => resolve(error ? undefined : Number(stdout.trim()) * 1024 || undefined)),
    );
  }
}

/** The key a crashing query is remembered by: its text with whitespace runs folded, and its parameters. */
function crashKey(query: string, params: Record<string, unknown>): string {
  return crypto.createHash('sha256').update(query.replace(/\s+/g, ' ').trim()).update('\0').update(JSON.stringify(params)).digest('hex');
}

export class UserQueries {
  private readonly slots: QuerySlots;
  private readonly idle: QueryProcess[] = [];
  private readonly processes = new Set<QueryProcess>();
  private readonly crashed = new Map<string, true>();
  private closed = false;

  constructor(
    private readonly host: UserQueryHost,
    private readonly limits: UserQueryLimits,
  ) {
    this.slots = new QuerySlots(limits.concurrency);
  }

  /**
   * Queries holding a turn (`running`: starting, opening a view or reading), those reading the database now, those
   * waiting for a turn, and the query processes' ids (for health checks and tests).
   */
  load(): UserQueryLoad {
    return { running: this.slots.busy, reading: this.host.gate.sharedHolders, waiting: this.slots.queued, processes: [...this.processes].map((p) => p.pid) };
  }

  /** Starts query processes up to the concurrency, each with a view open, so no query waits for a start. */
  warmUp(): Promise<void> {
    while (!this.closed && this.processes.size < this.limits.concurrency) this.idle.push(this.spawn());
    return Promise.all(this.idle.map((p) => p.warming.catch(() => undefined))).then(() => undefined);
  }

  /** Runs one user's read-only statement in a query process, within `deadline` (a `performance.now()` time). */
  async run(query: string, params: Record<string, unknown>, maxRows: number, deadline: number): Promise<StatementResult> {
    const key = crashKey(query, params);
    if (this.crashed.has(key)) {
      throw new KgError('CYPHER_ERROR', 'this query stopped the query engine before and is not run again; change the query');
    }
    const release = await this.slots.acquire(deadline);
    let proc: QueryProcess | undefined;
    try {
      if (this.closed) throw new KgError('ENGINE_UNAVAILABLE', 'the graph store is closing');
      proc = this.idle.pop() ?? this.spawn();
      await beforeDeadline(proc.warming.catch(() => undefined), deadline, 'for the query engine to start');
      for (;;) {
        if (proc.generation !== this.host.generation || proc.epoch !== this.host.epoch) await this.refresh(proc, deadline);
        const leave = await this.host.gate.shared(deadline);
        try {
          // A rewrite of the file came between the new view and the gate: that view must not be read.
          if (proc.epoch !== this.host.epoch) continue;
          const timeoutMs = deadline - performance.now();
          if (timeoutMs <= 0) throw new KgError('CYPHER_TIMEOUT', 'the query waited its whole time limit and was not started');
          const reply = await proc.ask({ type: 'run', query, params, maxRows, timeoutMs }, deadline + KILL_GRACE_MS, this.limits.memoryMb);
          return this.resultOf(reply, query);
        } finally {
          leave();
        }
      }
    } catch (e) {
      throw this.explain(e, key);
    } finally {
      if (proc) await this.giveBack(proc);
      release();
    }
  }

  /** Kills every query process and waits until they are gone. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.processes];
    for (const p of all) p.stop('closed');
    await Promise.all(all.map((p) => p.ended));
  }

  private spawn(): QueryProcess {
    const proc = new QueryProcess(this.limits, this.host.databaseFile);
    this.processes.add(proc);
    // A first view opened while nobody waits makes the first query as quick as the next.
    proc.warming = proc.warming.then(() => this.refresh(proc, performance.now() + WARM_START_MS));
    proc.warming.catch(() => undefined);
    void proc.ended.then(() => {
      this.processes.delete(proc);
      const at = this.idle.indexOf(proc);
      if (at >= 0) this.idle.splice(at, 1);
      // Replace a process that worked (not one that could not start: that would loop).
      if (!this.closed && proc.wasReady && this.processes.size < this.limits.concurrency) this.idle.push(this.spawn());
    });
    return proc;
  }

  /** Opens a new view in `proc` between two writes of the store, unless the deadline passes while it waits. */
  private async refresh(proc: QueryProcess, deadline: number): Promise<void> {
    let state: 'waiting' | 'opening' | 'abandoned' = 'waiting';
    const turn = this.host.betweenWrites(async () => {
      if (state === 'abandoned') return;
      state = 'opening';
      await this.host.beforeView();
      const [generation, epoch] = [this.host.generation, this.host.epoch];
      const reply = await proc.ask({ type: 'open' }, deadline + KILL_GRACE_MS, this.limits.memoryMb);
      if (reply.type === 'error') throw this.host.engineError(new Error(reply.message), '');
      [proc.generation, proc.epoch] = [generation, epoch];
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        // Once opening, the open is bounded by its own kill at the deadline: wait for it.
        if (state !== 'waiting') return;
        state = 'abandoned';
        reject(new KgError('CYPHER_TIMEOUT', 'the query waited its whole time limit for earlier writes to finish and was not started'));
      }, Math.max(0, deadline - performance.now()));
      turn.then(resolve, reject).finally(() => clearTimeout(timer));
    });
  }

  private resultOf(reply: QueryReply, query: string): StatementResult {
    if (reply.type === 'result') return { columns: reply.columns, rows: reply.rows, truncated: reply.truncated };
    if (reply.type === 'error' && reply.code) throw new KgError(reply.code, reply.message, reply.details ?? {});
    throw this.host.engineError(new Error(reply.type === 'error' ? reply.message : `unexpected answer ${reply.type}`), query);
  }

  /** The product's error for a query whose process ended under it. */
  private explain(e: unknown, key: string): unknown {
    if (!(e instanceof ProcessEnded)) return e;
    switch (e.ending) {
      case 'deadline':
        return new KgError('CYPHER_TIMEOUT', 'the query ran past its time limit and was stopped', {}, { cause: e });
      case 'memory':
        return new KgError(
          'LIMIT_EXCEEDED',
          `the query needed more than ${this.limits.memoryMb} MiB of memory (KG_CYPHER_MEMORY_MB) and was stopped; narrow it or bound its lists and paths`,
          { max: this.limits.memoryMb },
          { cause: e },
        );
      case 'closed':
      case 'retired':
        return new KgError('ENGINE_UNAVAILABLE', 'the graph store is closing', {}, { cause: e });
      case 'crash':
        if (e.during === 'run') {
          this.crashed.set(key, true);
          if (this.crashed.size > REMEMBERED_CRASHES) this.crashed.delete(this.crashed.keys().next().value!);
        }
        // The user's query did it: CYPHER_ERROR, whose words reach the client (an ENGINE_ERROR's do not).
        if (e.during === 'run') return new KgError('CYPHER_ERROR', 'the query stopped the query engine; the engine was restarted', {}, { cause: e });
        return new KgError('ENGINE_ERROR', 'the query engine could not start; try again', {}, { cause: e });
    }
  }

  /** Keeps a process for the next query, unless it holds more than half the ceiling at rest (then a fresh one). */
  private async giveBack(proc: QueryProcess): Promise<void> {
    if (proc.exited || this.closed) return;
    const rss = await residentBytes(proc.pid);
    if (rss !== undefined && rss > (this.limits.memoryMb * 1024 * 1024) / 2) proc.stop('retired');
    else this.idle.push(proc);
  }
}

/** Waits for `work` until `deadline`; CYPHER_TIMEOUT saying what it waited for after that. */
async function beforeDeadline<T>(work: Promise<T>, deadline: number, waitedFor: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new KgError('CYPHER_TIMEOUT', `the query waited its whole time limit ${waitedFor} and was not started`)),
          Math.max(0, deadline - performance.now()),
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
