/**
 * Prints what the name index costs at a given size, on a synthetic graph's names (`kg generate`'s): the time to
 * compute every name's keys, to build the whole index (on this thread, and in a worker thread while this thread
 * stays free), the RSS it adds, a few searches, and the duplicate review's pairing. Not a test: a measurement.
 * `npx tsx --expose-gc scripts/bench-names.ts 100000`
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { generateGraph } from '../src/bulk/synthetic-graph';
import { kindNames, type KindName } from '../src/ontology/ontology';
import { NameSearchIndex, type NamedEntity } from '../src/text/names/name-index';
import { nameKeys } from '../src/text/names/name-keys';
import { likelyPairs } from '../src/text/names/likely-pairs';
import { latinWords } from '../src/text/names/name-keys';
import { buildInWorker } from '../src/text/names/index-worker';

const total = Number(process.argv[2] ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;

function labelsOf(n: number): NamedEntity[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-names-'));
  try {
    const manifest = generateGraph({ entities: n, relationships: 0, seed: 1, outDir: dir });
    return manifest.files.entities.flatMap((f) =>
      (parse(fs.readFileSync(path.join(dir, f.file), 'utf8'), { columns: true }) as { id: string; kind: string; name: string }[]).map((r) => ({
        id: r.id,
        kind: f.kind,
        name: r.name,
        aliases: [],
      })),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const labels = labelsOf(total);
  console.log(`names: ${labels.length} entities`);
  gc();
  let t = performance.now();
  for (const l of labels) nameKeys(l.name);
  console.log(`keys of every name: ${Math.round(performance.now() - t)} ms`);

  gc();
  const before = process.memoryUsage().rss;
  t = performance.now();
  const index = new NameSearchIndex(labels);
  const built = performance.now() - t;
  gc();
  console.log(`index built on this thread: ${Math.round(built)} ms, RSS +${mb(process.memoryUsage().rss - before)} (heap ${mb(process.memoryUsage().heapUsed)})`);

  for (const text of ['Sergei Petrov', 'Sergey Petrov', 'Petrov', 'Сергей Петров', 'Petrof', 'Kara', 'zzqx']) {
    t = performance.now();
    const hits = index.search(text, { limit: 10 });
    console.log(`search "${text}": ${hits.length} hits in ${(performance.now() - t).toFixed(1)} ms`);
  }

  // In a worker: this thread measures how long it is kept from running (the longest gap between timer ticks).
  let longest = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 10);
  t = performance.now();
  const worker = await buildInWorker(labels);
  console.log(`index built in a worker: ${Math.round(performance.now() - t)} ms; this thread's longest stall ${Math.round(longest)} ms`);
  clearInterval(ticker);
  t = performance.now();
  const hits = await worker.search('Sergey Petrov', { limit: 10 });
  console.log(`search through the worker: ${hits.length} hits in ${(performance.now() - t).toFixed(1)} ms`);
  await worker.close();

  t = performance.now();
  let pairs = 0;
  let skipped = 0;
  for (const kind of kindNames) {
    const entities = labels.filter((l) => l.kind === kind).map((l) => ({ id: l.id, names: [{ label: l.name, words: latinWords(l.name) }] }));
    const found = likelyPairs(entities, { person: (kind as KindName) === 'Person', maxBlock: 50 });
    pairs += found.pairs.length;
    skipped += found.skippedBlocks;
  }
  console.log(`duplicate pairing: ${pairs} pairs, ${skipped} blocks too common, ${Math.round(performance.now() - t)} ms`);
}

void main();
