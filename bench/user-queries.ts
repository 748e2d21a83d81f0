/**
 * What running users' Cypher in query processes costs on the embedded engine: a simple query run in the server
 * (as the named queries run) against the same query from a user (in a warm query process), the first read after a
 * write (a new view), and a query process's start. Seed graph; writes its own section into BENCHMARKS.md.
 *
 *   npx tsx bench/user-queries.ts [--out BENCHMARKS.md]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LadybugGraphStore } from '../src/graph/embedded/store';
import type { CypherOptions } from '../src/graph/port';
import { loadSeed } from '../src/knowledge/load';

const ROOT = path.resolve(__dirname, '..');
const RUNS = 300;
const WRITES = 30;
const STARTS = 5;
const READ: CypherOptions = { readOnly: true, timeoutMs: 10_000, maxRows: 1000 };
const QUERY = 'MATCH (e:Entity {id: $id}) RETURN e.name AS name';

function percentiles(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(2);
  return `${at(50)} / ${at(95)} / ${at(99)}`;
}

async function timed(n: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await run(i);
    samples.push(performance.now() - started);
  }
  return samples;
}

async function main(): Promise<void> {
  const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1]! : path.join(ROOT, 'BENCHMARKS.md');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-bench-user-queries-'));
  const store = new LadybugGraphStore({ dataDir, bufferPoolMb: 256, cypherConcurrency: 1 });
  try {
    await store.init();
    await loadSeed(store, path.join(ROOT, 'seed'));
    await store.warmUp();
    const ids = ['iran', 'russia', 'jalali', 'rasht-astara-railway'];
    const params = (i: number) => ({ params: { id: ids[i % ids.length] } });
    // Warm both paths before measuring.
    await timed(20, (i) => store.runCypher(QUERY, { ...READ, trusted: true, ...params(i) }));
    await timed(20, (i) => store.runCypher(QUERY, { ...READ, ...params(i) }));
    const inServer = await timed(RUNS, (i) => store.runCypher(QUERY, { ...READ, trusted: true, ...params(i) }));
    const inProcess = await timed(RUNS, (i) => store.runCypher(QUERY, { ...READ, ...params(i) }));
    const afterWrite: number[] = [];
    for (let i = 0; i < WRITES; i++) {
      await store.runCypher(`CREATE (:Entity {id: 'bench-${i}', kind: 'Place', name: 'Bench ${i}'})`, { ...READ, readOnly: false });
      afterWrite.push(...(await timed(1, () => store.runCypher(QUERY, { ...READ, ...params(i) }))));
    }
    // A start: the process crashes (a known crashing query), and the next query waits for its replacement.
    const starts: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      await store.runCypher(`RETURN nodes($p${i}) AS x`, { ...READ, params: { [`p${i}`]: null } }).catch(() => undefined);
      starts.push(...(await timed(1, () => store.runCypher(QUERY, { ...READ, ...params(i) }))));
    }
    const entry = path.extname(__filename) === '.ts' ? 'TypeScript sources through tsx' : 'the build';
    const lines = [
      '## Users\' Cypher in query processes',
      '',
      `Seed graph, one query at a time, ${os.availableParallelism()} cores, Node ${process.version}, query processes run from ${entry}; ms p50 / p95 / p99.`,
      '',
      '| what | ms |',
      '| --- | --- |',
      `| \`${QUERY}\` in the server (as a named query runs), ${RUNS} runs | ${percentiles(inServer)} |`,
      `| the same as a user's query, in a warm query process, ${RUNS} runs | ${percentiles(inProcess)} |`,
      `| a user's query right after a write (checkpoint, new view), ${WRITES} runs | ${percentiles(afterWrite)} |`,
      `| a user's query waiting for a query process to start after a crash, ${STARTS} runs | ${percentiles(starts)} |`,
      '',
    ];
    const marker = "<!-- users' queries -->";
    const section = `${marker}\n${lines.join('\n')}${marker}\n`;
    const existing = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '# Benchmarks\n';
    const pattern = new RegExp(`${marker}[\\s\\S]*?${marker}\\n`);
    fs.writeFileSync(out, pattern.test(existing) ? existing.replace(pattern, section) : `${existing.trimEnd()}\n\n${section}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
