#!/usr/bin/env node
/**
 * `npm run test:repeat [-- --runs N] [files…]`: runs the browser and timing-sensitive test files N times in a
 * row (default 10), one jest process per run with the files in band, and prints a pass/fail table per file.
 * Exits 1 when any file failed in any run. A flaky test shows here as a row that is not all passes.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** Files whose outcome could depend on timing: a browser, child processes, signals, time limits, queueing. */
const TIMING_SENSITIVE = [
  'test/web/**/*.test.ts',
  'test/api/graphiql-browser.test.ts',
  'test/cypher/timeout.test.ts',
  'test/cypher/run-cypher.test.ts',
  'test/ingest/kill.test.ts',
  'test/cli/serve.test.ts',
  'test/cypher/cli.test.ts',
];

const args = process.argv.slice(2);
let runs = 10;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else files.push(args[i]);
}
if (!Number.isInteger(runs) || runs < 1) {
  console.error('--runs takes a positive whole number');
  process.exit(2);
}

/** Expands the simple globs above (`dir/**\/*.test.ts`) to the files that exist. */
function expand(pattern) {
  if (!pattern.includes('*')) return fs.existsSync(path.join(root, pattern)) ? [pattern] : [];
  const base = pattern.slice(0, pattern.indexOf('*')).replace(/\/$/, '');
  const dir = path.join(root, base);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.posix.join(base, f.split(path.sep).join('/')))
    .sort();
}

const selected = [...new Set((files.length ? files : TIMING_SENSITIVE).flatMap(expand))];
if (selected.length === 0) {
  console.error('no test files to run');
  process.exit(2);
}

const results = new Map(selected.map((f) => [f, []]));
const started = new Date();
for (let run = 1; run <= runs; run++) {
  const out = path.join(os.tmpdir(), `kg-test-repeat-${process.pid}-${run}.json`);
  const t0 = Date.now();
  spawnSync(process.execPath, [path.join(root, 'node_modules/jest/bin/jest.js'), '--runInBand', '--json', `--outputFile=${out}`, ...selected], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const report = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : { testResults: [] };
  fs.rmSync(out, { force: true });
  const byFile = new Map(report.testResults.map((r) => [path.relative(root, r.name).split(path.sep).join('/'), r]));
  for (const f of selected) {
    const r = byFile.get(f);
    const failed = r ? r.assertionResults.filter((a) => a.status === 'failed').map((a) => a.fullName) : ['did not run'];
    results.get(f).push(r && r.status === 'passed' ? 'pass' : `FAIL${failed.length ? ` (${failed.join('; ')})` : ''}`);
  }
  const failing = selected.filter((f) => results.get(f)[run - 1] !== 'pass');
  console.log(`run ${run}/${runs}: ${failing.length ? `FAIL ${failing.join(', ')}` : 'all passed'} (${Math.round((Date.now() - t0) / 1000)} s, load average ${os.loadavg()[0].toFixed(1)})`);
  // What failed, as it happens: a run stopped early still says why.
  for (const f of failing) {
    const messages = (byFile.get(f)?.assertionResults ?? []).filter((a) => a.status === 'failed').map((a) => `${a.fullName}: ${(a.failureMessages ?? []).join(' ').split('\n')[0]}`);
    for (const m of messages.length ? messages : [results.get(f)[run - 1]]) console.log(`  ${f}: ${m}`);
  }
}

const width = Math.max(...selected.map((f) => f.length));
console.log(`\n${runs} runs from ${started.toISOString()} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'})\n`);
console.log(`${'file'.padEnd(width)}  ${Array.from({ length: runs }, (_, i) => String(i + 1).padStart(2)).join(' ')}  passed`);
for (const f of selected) {
  const row = results.get(f);
  const passed = row.filter((r) => r === 'pass').length;
  console.log(`${f.padEnd(width)}  ${row.map((r) => (r === 'pass' ? ' ✓' : ' ✗')).join(' ')}  ${passed}/${runs}`);
}
const failures = selected.flatMap((f) => results.get(f).map((r, i) => [f, i + 1, r]).filter(([, , r]) => r !== 'pass'));
for (const [f, i, r] of failures) console.log(`  run ${i}: ${f}: ${r}`);
process.exit(failures.length ? 1 : 0);
