/**
 * The one way tests run the real `kg` program: in this process (same code path as the binary, fast) or as a
 * process of its own; either way with an environment of its own, collecting what it prints and its exit code.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { main } from '../../src/cli/main';
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

const TSX = path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const MAIN = path.join(PROJECT_ROOT, 'src', 'cli', 'main.ts');

/**
 * Runs `kg <args>` as a process of its own (for what only a process shows: its exit code, signals, a second
 * process on the same folder), from the sources, logging silenced; `env` entries set to undefined are removed.
 */
export function runKgProcess(args: string[], env: Record<string, string | undefined> = {}): Promise<KgRun> {
  const merged: NodeJS.ProcessEnv = { ...process.env, KG_LOG_LEVEL: 'silent' };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  return new Promise((resolve) => {
    execFile(process.execPath, [TSX, MAIN, ...args], { cwd: PROJECT_ROOT, env: merged, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ exitCode: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
