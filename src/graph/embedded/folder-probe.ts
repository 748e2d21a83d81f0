/**
 * Opens a data folder read-only in a child process (./folder-probe-child.ts) and runs consistency reads there,
 * so a native crash of the engine on a damaged folder ends the child, never the caller.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

/** One consistency read and its outcome. */
export interface FolderCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** What the child found: `failure` says why the folder cannot be trusted when `ok` is false. */
export interface ProbeResult {
  ok: boolean;
  failure?: string;
  checks: FolderCheck[];
  counts?: { entities: number; relationships: number; sources: number; mentions: number };
  /** Log damage found (and, read-only, not repaired): what the next read-write open would drop. */
  droppedLog?: { tail: 'torn' | 'damaged'; bytesDropped: number; transactionsKept: number; problem: string };
}

/**
 * `open`: the engine opens the folder (replaying its log) and answers a few counts; what a start after a crash
 * needs. `full`: also every consistency read of `kg check`, including the adjacency index build.
 */
export function probeDataFolder(dataDir: string, mode: 'open' | 'full', bufferPoolMb = 256): Promise<ProbeResult> {
  // Run from TypeScript sources (tests, tsx) the child needs tsx too; built, it is plain JavaScript.
  const fromSource = __filename.endsWith('.ts');
  const child = path.join(__dirname, `folder-probe-child${fromSource ? '.ts' : '.js'}`);
  const args = fromSource ? ['--require', require.resolve('tsx/cjs'), child] : [child];
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...args, dataDir, mode, String(bufferPoolMb)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KG_LOG_LEVEL: 'silent' } });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (err += d));
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) return resolve(JSON.parse(last) as ProbeResult);
      const why = signal
        ? `crashed the engine (the probe process ended with ${signal})`
        : `failed (the probe process exited with code ${code}${err.trim() ? `: ${err.trim().split('\n').pop()}` : ''})`;
      resolve({ ok: false, failure: why, checks: [] });
    });
  });
}
