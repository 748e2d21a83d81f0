/**
 * Prints what the name index costs at a given size, on a synthetic graph's names (`kg generate`'s, or with
 * `--distinct` every person's family name coined, so there are about as many distinct words as names): the time to
 * build the whole index (on this thread, and in a worker thread while this thread stays free), the RSS it adds, and
 * p50/p95 of searches (exact names, family names alone, variants, other scripts, typos) and of type-ahead prefixes.
 * With `--graphql`, the same searches through a served, bulk-loaded graph's GraphQL endpoint instead.
 * Not a test: a measurement. `npx tsx --expose-gc scripts/bench-names.ts 1000000 [--distinct] [--no-worker] [--pairs] [--graphql]`
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { SeededRandom, generateGraph } from '../src/bulk/synthetic-graph';
import { kindNames, type KindName } from '../src/ontology/ontology';
import { NameSearchIndex, type NamedEntity } from '../src/text/names/name-index';
import { likelyPairs } from '../src/text/names/likely-pairs';
import { latinWords } from '../src/text/names/name-keys';
import { buildInWorker } from '../src/text/names/index-worker';
import { startServer } from '../src/api/server';
import { loadConfig } from '../src/config';
import { bulkLoadEmbedded } from '../src/graph/embedded/bulk';
import { LadybugGraphStore } from '../src/graph/embedded/store';

const args = process.argv.slice(2);
const total = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
const distinctNames = args.includes('--distinct');
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;

/** A seeded generator (the synthetic graph's SeededRandom): the same queries on every run. */
function random(seed: number): () => number {
  const generator = new SeededRandom(seed);
  return () => generator.float();
}
const r = random(42);
const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;

function coined(): string {
  const syllables = ['ka', 'ra', 'vel', 'mor', 'sa', 'tan', 'li', 'do', 'ne', 'shi', 'bar', 'zu', 'po', 'an', 'tel', 'gor', 'mi', 'ha', 'ves', 'qa', 'ur', 'bek', 'zo', 'din'];
  const s = Array.from({ length: 3 + Math.floor(r() * 3) }, () => pick(syllables)).join('');
  return s[0]!.toUpperCase() + s.slice(1);
}

function labelsOf(n: number): NamedEntity[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-names-'));
  try {
    const manifest = generateGraph({ entities: n, relationships: 0, seed: 1, outDir: dir });
    return manifest.files.entities.flatMap((f) =>
      (parse(fs.readFileSync(path.join(dir, f.file), 'utf8'), { columns: true }) as { id: string; kind: string; name: string }[]).map((row) => ({
        id: row.id,
        kind: f.kind,
        // --distinct: the family name coined, so the index holds about as many distinct words as names.
        name: distinctNames && f.kind === 'Person' ? `${row.name.split(' ')[0]} ${coined()}` : row.name,
        aliases: [],
      })),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One edit in a word of 5+ letters (a typo the index must forgive). */
function typo(word: string): string {
  const at = 1 + Math.floor(r() * (word.length - 2));
  const edit = Math.floor(r() * 3);
  return edit === 0 ? word.slice(0, at) + word.slice(at + 1) : edit === 1 ? word.slice(0, at) + 'e' + word.slice(at) : word.slice(0, at) + 'o' + word.slice(at + 1);
}

const CYRILLIC: Record<string, string> = { Sergei: 'Сергей', Ivan: 'Иван', Boris: 'Борис', Pavel: 'Павел', Maxim: 'Максим', Petrov: 'Петров', Belov: 'Белов', Gromov: 'Громов', Lebedev: 'Лебедев', Sokolov: 'Соколов', Novikov: 'Новиков' };
const VARIANTS: [RegExp, string][] = [
  [/ei\b/, 'ey'],
  [/ov\b/, 'off'],
  [/i\b/, 'y'],
  [/ss/, 's'],
  [/ch/, 'tch'],
  [/kh/, 'h'],
];

/** Texts an analyst types, derived from the names: kinds of search, and type-ahead. */
function queries(labels: readonly NamedEntity[]): Record<string, string[]> {
  const names = Array.from({ length: 300 }, () => pick(labels).name);
  const persons = labels.filter((l) => l.kind === 'Person');
  const personNames = Array.from({ length: 300 }, () => pick(persons).name);
  return {
    'exact name': names.slice(0, 200),
    'family name alone': personNames.slice(0, 100).map((n) => n.split(' ').pop()!),
    'variant spelling': personNames.slice(100, 200).map((n) => {
      const rule = VARIANTS.find(([p]) => p.test(n));
      return rule ? n.replace(rule[0], rule[1]) : n.replace(/a/, 'e');
    }),
    'Cyrillic script': personNames.filter((n) => n.split(' ').every((w) => CYRILLIC[w])).slice(0, 50).map((n) => n.split(' ').map((w) => CYRILLIC[w]).join(' ')),
    'typo (one edit)': names.slice(200, 300).map((n) => n.split(' ').map((w) => (w.length >= 7 ? typo(w) : w)).join(' ')),
    'nothing matches': Array.from({ length: 50 }, () => `zzq${coined().toLowerCase()}x`),
    'prefix (type-ahead, 2–8 letters)': names.slice(0, 200).map((n) => n.slice(0, 2 + Math.floor(r() * 7)).trimEnd()),
  };
}

function percentiles(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return `p50 ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms (${sorted.length})`;
}

/**
 * --graphql: the generated graph bulk-loaded into a data folder and served as `kg serve` serves it; the first search
 * starts the index's build in the background (the scan answers meanwhile); once it is ready, the same texts are
 * timed over HTTP, one request at a time.
 */
async function throughGraphql(): Promise<void> {
  // The texts from the same seed's names, computed first so the names are not held while the server is measured.
  const texts = queries(labelsOf(total));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-names-graphql-'));
  try {
    const files = path.join(work, 'files');
    generateGraph({ entities: total, relationships: 0, seed: 1, outDir: files });
    const dataDir = path.join(work, 'data');
    let t = performance.now();
    const loader = new LadybugGraphStore({ dataDir, bufferPoolMb: loadConfig().bufferPoolMb });
    await loader.init();
    await bulkLoadEmbedded(loader, files);
    await loader.close();
    console.log(`graph of ${total} entities loaded in ${Math.round((performance.now() - t) / 1000)} s`);
    const config = loadConfig({ ...process.env, KG_DATA_DIR: dataDir, KG_SEED_ON_START: 'false', KG_PORT: '0', KG_LOG_LEVEL: 'silent' });
    const store = new LadybugGraphStore({ dataDir, bufferPoolMb: config.bufferPoolMb });
    await store.init();
    await store.warmUp();
    const server = await startServer(config, store);
    const url = `${server.url}/graphql`;
    // The engine's pages of every entity read once (what the scan and the label read touch), so the RSS measured
    // next is the index's: its label read, the worker and what it holds.
    await store.entityLabels();
    const rssServing = held().rss;
    t = performance.now();
    const scan: number[] = [];
    // Searches while the index is built: the scan answers (these also start the build).
    for (const text of texts['exact name']!.slice(0, 5)) {
      const s = performance.now();
      await searchOver(url, text);
      scan.push(performance.now() - s);
    }
    console.log(`while the index is built, the scan: ${percentiles(scan)}`);
    while (!store.nameIndexReady) await new Promise((resolve) => setTimeout(resolve, 200));
    const ready = Math.round((performance.now() - t) / 1000);
    const rssReady = held().rss;
    // And once the label read's garbage has had time to go (the worker collects on its own).
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    console.log(`index ready ${ready} s after the first search; server RSS +${mb(rssReady - rssServing)} then, +${mb(held().rss - rssServing)} 10 s later (after the engine's pages of every entity were read once)`);
    // Warm-up: a few of each kind.
    for (const list of Object.values(texts)) for (const text of list.slice(0, 5)) await searchOver(url, text);
    const all: number[] = [];
    const byIndex: number[] = [];
    const byScan: number[] = [];
    for (const [kind, list] of Object.entries(texts)) {
      const times: number[] = [];
      for (const text of list) {
        const s = performance.now();
        const indexed = await searchOver(url, text);
        const ms = performance.now() - s;
        times.push(ms);
        if (!kind.startsWith('prefix')) all.push(ms);
        (indexed ? byIndex : byScan).push(ms);
      }
      console.log(`GraphQL search, ${kind}: ${percentiles(times)}`);
    }
    console.log(`GraphQL search, every kind above but prefix: ${percentiles(all)}`);
    console.log(`GraphQL search answered by the name index (a hit with a name reason): ${percentiles(byIndex)}`);
    // Above KG_SEARCH_SCAN_MAX_ENTITIES these are answered by the index alone (empty); below it, by the scan.
    if (byScan.length > 0) console.log(`GraphQL search no name matched (the index alone above KG_SEARCH_SCAN_MAX_ENTITIES, else the scan inside names and descriptions): ${percentiles(byScan)}`);
    await server.stop();
    await store.close();
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const SEARCH_QUERY = 'query ($q: String!) { search(text: $q, first: 10) { edges { node { score why entity { id name } } } } }';

/** One search over HTTP; true when the name index answered it (a hit matched for a name reason, not `contains`). */
async function searchOver(url: string, text: string): Promise<boolean> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: SEARCH_QUERY, variables: { q: text } }) });
  const body = (await response.json()) as { data?: { search: { edges: { node: { why: string } }[] } }; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`GraphQL error on "${text}": ${body.errors[0]!.message}`);
  return (body.data?.search.edges ?? []).some((edge) => edge.node.why !== 'contains');
}

/** What the process holds: JS heap plus typed arrays after a full collection, and RSS. */
function held(): { rss: number; held: number } {
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, held: m.heapUsed + m.arrayBuffers };
}

async function main(): Promise<void> {
  if (args.includes('--graphql')) return throughGraphql();
  const labels = labelsOf(total);
  const distinctWords = new Set(labels.flatMap((l) => latinWords(l.name))).size;
  console.log(`names: ${labels.length} entities, ${distinctWords} distinct words${distinctNames ? ' (--distinct)' : ''}`);
  const texts = queries(labels);

  // What the index holds: JS heap plus typed arrays (RSS alone also moves with what the generator freed, and may fall).
  const before = held();
  let t = performance.now();
  const index = new NameSearchIndex(labels);
  const built = performance.now() - t;
  const after = held();
  console.log(`index built on this thread: ${Math.round(built)} ms; heap and arrays +${mb(after.held - before.held)}, RSS +${mb(after.rss - before.rss)}`);

  // Two rounds: the first warms the code up; the second is reported.
  for (const round of [0, 1]) {
    const all: number[] = [];
    for (const [kind, list] of Object.entries(texts)) {
      const times: number[] = [];
      let hits = 0;
      for (const text of list) {
        t = performance.now();
        hits += index.search(text, { limit: 30 }).length > 0 ? 1 : 0;
        times.push(performance.now() - t);
      }
      if (!kind.startsWith('prefix')) all.push(...times);
      if (round === 1) console.log(`search, ${kind}: ${percentiles(times)}; ${hits} found something`);
    }
    if (round === 1) console.log(`search, every kind above but prefix: ${percentiles(all)}`);
  }

  if (!args.includes('--no-worker')) {
    // In a worker: this thread measures how long it is kept from running (the longest gap between timer ticks).
    let longest = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 10);
    const beforeWorker = held().rss;
    t = performance.now();
    const moved = await buildInWorker(labels);
    clearInterval(ticker);
    console.log(`index built in a worker and handed to this thread: ${Math.round(performance.now() - t)} ms; this thread's longest stall ${Math.round(longest)} ms; RSS +${mb(held().rss - beforeWorker)} (the worker ended; the first index is still held)`);
    const times: number[] = [];
    for (const text of texts['exact name']!) {
      t = performance.now();
      moved.search(text, { limit: 30 });
      times.push(performance.now() - t);
    }
    console.log(`search on the handed-over index, exact names: ${percentiles(times)}`);
  }

  if (args.includes('--pairs')) {
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
}

void main();
