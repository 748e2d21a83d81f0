/**
 * The one way tests run the real `kg` program: in this process (same code path as the binary, fast) or as a
 * process of its own; either way with an environment of its own, collecting what it prints and its exit code.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { until } from './condition';
import { PROJECT_ROOT } from './engines';

export interface KgRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `kg <args>` in this process; `env` entries set to undefined are removed for the run (e.g. NEO4J_URI). */
export async function runKg(args: string[], env: Record<string, string | undefined>): Promise<KgRun> {
  const saved = new Map(Object.keys(env).map((k) => [k, process.env[k]]));
  const savedExit = process.exitCode;
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  process.exitCode = 0;
  try {
    await main(['node', 'kg', ...args]);
    return { exitCode: Number(process.exitCode ?? 0), stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    process.exitCode = savedExit;
  }
}

/** The built program, what a user runs (`npm run build` makes it): process tests run it, not the sources. */
export const KG_BUILT = path.join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
const KG_SOURCES = path.join(PROJECT_ROOT, 'src', 'cli', 'main.ts');

/** How a `kg` process is started. */
export interface KgProcessOptions {
  /** Run the TypeScript sources (through tsx's require hook, no wrapper process) instead of the build: for a test whose `nodeArgs` load a hook of its own into them. */
  fromSources?: boolean;
  /** Node options before the program, e.g. `['--require', hook]`. */
  nodeArgs?: string[];
  /** Written to the program's stdin, which is then closed. */
  input?: string;
}

/**
 * The environment of a `kg` process: this one's, without what a developer's shell or `.env` would lend it
 * (NEO4J_URI, an admin token, COLUMNS), logging silenced, 128 MiB of buffer pool; then `env`, where an entry set
 * to undefined is removed. KG_ADMIN_TOKEN is empty rather than unset, so that dotenv does not fill it from `.env`.
 */
export function kgEnvironment(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  // No NODE_ENV: jest sets it to `test`, which changes libraries' behaviour (Apollo's signal handling); kg runs as users run it.
  const { NEO4J_URI: _uri, KG_ADMIN_TOKEN: _token, COLUMNS: _columns, NODE_ENV: _nodeEnv, ...inherited } = process.env;
  const merged: NodeJS.ProcessEnv = { ...inherited, KG_LOG_LEVEL: 'silent', KG_BUFFER_POOL_MB: '128', KG_ADMIN_TOKEN: '' };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  return merged;
}

/** The node arguments that run `kg <args>`; refuses to run a build that is not there. */
function kgArguments(args: string[], options: KgProcessOptions): string[] {
  // tsx's hook first, so that a hook of the test's own in `nodeArgs` may be TypeScript too.
  if (options.fromSources) return ['--require', require.resolve('tsx/cjs'), ...(options.nodeArgs ?? []), KG_SOURCES, ...args];
  if (!fs.existsSync(KG_BUILT)) throw new Error(`${KG_BUILT} is missing: run \`npm run build\` first`);
  return [...(options.nodeArgs ?? []), KG_BUILT, ...args];
}

/** A failed run's exit code; a process killed by a signal (a native crash) gets 128 + its number, as a shell says, never a plain 1. */
function exitCodeOf(error: { code?: number | string; signal?: NodeJS.Signals }): number {
  if (typeof error.code === 'number') return error.code;
  return error.signal ? 128 + (os.constants.signals[error.signal] ?? 0) : 1;
}

/**
 * Runs `kg <args>` as a process of its own (for what only a process shows: its exit code, signals, a second
 * process on the same folder) and waits for it to exit; `env` as in kgEnvironment.
 */
export function runKgProcess(args: string[], env: Record<string, string | undefined> = {}, options: KgProcessOptions = {}): Promise<KgRun> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, kgArguments(args, options), { cwd: PROJECT_ROOT, env: kgEnvironment(env), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ exitCode: error ? exitCodeOf(error as { code?: number | string; signal?: NodeJS.Signals }) : 0, stdout, stderr }),
    );
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}

/** A `kg` process still running: what it has printed so far, and its exit. */
export interface KgChild {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `kg <args>` as a process of its own and returns at once (node itself, no wrapper that could outlive a kill). */
export function spawnKg(args: string[], env: Record<string, string | undefined> = {}, options: KgProcessOptions = {}): KgChild {
  const child = spawn(process.execPath, kgArguments(args, options), { cwd: PROJECT_ROOT, env: kgEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** A running `kg serve`. */
export interface KgServer extends KgChild {
  /** Where it serves, e.g. http://127.0.0.1:41234 (GraphQL at `${url}/graphql`). */
  url: string;
  /** Sends `signal` (SIGTERM unless told) unless it has exited, and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The line `kg serve` prints once it serves, and the start-up block's last row, printed after it. */
const SERVING = /kg: serving \S+ graph at (http:\/\/\S+)\/graphql/;
const STARTED = /^ {2}writes {2,}/m;

/**
 * Starts `kg serve --port <port>` (0, any free port, unless told) and waits until it has said what is where; fails
 * with what it printed when it exits first, or when it has not started within `timeoutMs`.
 */
export async function startKgServe(env: Record<string, string | undefined> = {}, options: KgProcessOptions & { port?: string; timeoutMs?: number } = {}): Promise<KgServer> {
  const running = spawnKg(['serve', '--port', options.port ?? '0'], env, options);
  let gone = false;
  void running.exited.then(() => (gone = true));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (!gone) running.child.kill(signal);
    return running.exited;
  };
  try {
    await until(() => gone || (SERVING.test(running.stdout()) && STARTED.test(running.stdout())), 'kg serve to start', options.timeoutMs ?? 90_000);
  } catch (e) {
    await stop('SIGKILL');
    throw new Error(`${(e as Error).message}\n${running.stdout()}\n${running.stderr()}`);
  }
  if (gone) throw new Error(`kg serve exited before it served:\n${running.stdout()}\n${running.stderr()}`);
  return { ...running, url: SERVING.exec(running.stdout())![1]!, stop };
}
