/**
 * A checkpoint never runs beside the store's own reads (LadybugDB 0.19 stops the whole process with SIGSEGV when
 * it does). Found through the explorer: an admin write, then a user's query (whose view first shortens the log
 * with a checkpoint) beside an ordinary API read, took the server down about one time in three. The rounds run in
 * a child process, so a crash fails this test instead of stopping jest.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../support/engines';

test('rounds of admin write, checkpoint and reads side by side finish in a live process', async () => {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'checkpoint-beside-reads.child.ts'), '40'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (c, s) => resolve({ code: c, signal: s })),
  );
  expect({ code, signal, last: out.trim().split('\n').pop() }).toEqual({ code: 0, signal: null, last: 'rounds done: 40' });
}, 240_000);
