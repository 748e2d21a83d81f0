/**
 * Runs the real `kg` program in this process (same code path as the binary) with an environment of its own,
 * and collects what it prints.
 */
import { main } from '../../src/cli/main';

export interface KgRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `kg <args>`; `env` entries set to undefined are removed for the run (e.g. NEO4J_URI). */
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
