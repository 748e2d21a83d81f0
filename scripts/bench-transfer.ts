/**
 * Prints how long moving a synthetic graph takes: import (one transaction), export, each file format, and an
 * engine-to-engine copy in batches, on the embedded engine. `npm run bench:transfer -- 20000` (entities).
 *
 * `npm run bench:transfer -- --export-rss 1000000 [--formats ftm,jsonld,neo4j-admin,json]`: the peak memory of
 * `kg export` itself: a graph of that many entities (twice as many relationships) is generated and bulk-loaded
 * with the kg commands, then each format is exported by the built kg (`npm run build` first) in a process of its
 * own under /usr/bin/time, whose maximum resident set size is printed with the size of what was written.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LadybugGraphStore } from '../src/graph/embedded/store';
import type { GraphDump } from '../src/graph/port';
import { copyGraph } from '../src/transfer/copy';
import { graphCypherStatements } from '../src/transfer/graph-cypher';
import { graphmlChunks } from '../src/transfer/graph-graphml';
import { graphJsonChunks, parseGraphJson } from '../src/transfer/graph-json';

const entities = Number(process.argv[2] ?? 5000);
const quote = 'Both sides signed the memorandum.';

/** People in organisations: each person a member of one organisation, each organisation mentioned. */
function syntheticGraph(n: number): GraphDump {
  const dump: GraphDump = {
    sources: [{ id: 'synthetic', title: 'Synthetic source', url: null, publisher: null, published: null, text: `Synthetic text. ${quote}` }],
    entities: [],
    relationships: [],
    mentions: [],
  };
  const organisations = Math.max(1, Math.floor(n / 10));
  for (let i = 0; i < n; i++) {
    const organisation = i < organisations;
    dump.entities.push({
      id: `${organisation ? 'org' : 'person'}-${i}`,
      kind: organisation ? 'Organization' : 'Person',
      name: `${organisation ? 'Organisation' : 'Person'} ${i}`,
      aliases: [`Alias ${i}`],
      description: `Synthetic ${organisation ? 'organisation' : 'person'} number ${i}.`,
      properties: organisation ? {} : { role: 'member' },
    });
    if (!organisation) {
      const to = `org-${i % organisations}`;
      dump.relationships.push({ id: `person-${i}|MEMBER_OF|${to}`, type: 'MEMBER_OF', from: `person-${i}`, to, properties: {}, evidence: [{ quote, sourceId: 'synthetic' }] });
    } else {
      dump.mentions.push({ sourceId: 'synthetic', entityId: `org-${i}`, offsets: [0] });
    }
  }
  return dump;
}

async function timed<T>(label: string, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const value = await work();
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label.padEnd(48)} ${seconds.toFixed(2).padStart(8)} s`);
  return value;
}

async function main(): Promise<void> {
  const dump = syntheticGraph(entities);
  console.log(`synthetic graph: ${dump.entities.length} entities, ${dump.relationships.length} relationships, ${dump.mentions.length} mentions`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-bench-transfer-'));
  const a = new LadybugGraphStore({ dataDir: path.join(root, 'a'), bufferPoolMb: 512 });
  const b = new LadybugGraphStore({ dataDir: path.join(root, 'b'), bufferPoolMb: 512 });
  try {
    await a.init();
    await b.init();
    await timed('importGraph, one transaction', () => a.importGraph(dump));
    await timed('importGraph again (all unchanged)', () => a.importGraph(dump));
    const exported = await timed('exportGraph', () => a.exportGraph());
    const json = await timed('JSON text', () => [...graphJsonChunks(exported, 'embedded')].join(''));
    await timed('JSON parsed and checked', () => parseGraphJson('bench.json', json));
    const cypher = await timed('Cypher script', () => [...graphCypherStatements(exported)].join(''));
    const graphml = await timed('GraphML', () => [...graphmlChunks(exported)].join(''));
    console.log(`sizes: JSON ${(json.length / 1e6).toFixed(1)} MB, Cypher ${(cypher.length / 1e6).toFixed(1)} MB, GraphML ${(graphml.length / 1e6).toFixed(1)} MB`);
    await timed('copyGraph embedded → embedded, batches of 1000', () => copyGraph(a, b, { batchSize: 1000 }));
  } finally {
    await a.close();
    await b.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Runs the built kg with `args`; under /usr/bin/time when `measured`, returning its peak RSS and wall time. */
function kg(args: string[], env: NodeJS.ProcessEnv, measured = false): { peakMb?: number; seconds?: number } {
  const cli = path.resolve(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
  const command = measured ? ['/usr/bin/time', '-f', 'peak-rss-kb %M seconds %e', process.execPath, cli, ...args] : [process.execPath, cli, ...args];
  // The embedded engine only: a Neo4j named in the environment is left out.
  const { NEO4J_URI: _neo4j, ...inherited } = process.env;
  const run = spawnSync(command[0]!, command.slice(1), { env: { ...inherited, ...env }, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`kg ${args.join(' ')} failed (${run.status}): ${run.stderr.slice(-2000)}`);
  const m = /peak-rss-kb (\d+) seconds ([\d.]+)/.exec(run.stderr);
  return m ? { peakMb: Number(m[1]) / 1024, seconds: Number(m[2]) } : {};
}

/** Bytes under `target`, a file or a folder. */
function sizeOf(target: string): number {
  const st = fs.statSync(target);
  return st.isDirectory() ? fs.readdirSync(target).reduce((n, f) => n + sizeOf(path.join(target, f)), 0) : st.size;
}

async function exportRss(n: number, formats: string[]): Promise<void> {
  if (!fs.existsSync('/usr/bin/time')) throw new Error('--export-rss measures with /usr/bin/time (GNU time); install it first');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-bench-export-rss-'));
  const env = { KG_DATA_DIR: path.join(root, 'data'), KG_LOG_LEVEL: 'silent' };
  try {
    console.log(`kg export peak memory: ${n} entities, ${2 * n} relationships, embedded engine, buffer pool ${process.env.KG_BUFFER_POOL_MB ?? 512} MB`);
    kg(['generate', '--entities', String(n), '--relationships', String(2 * n), '--out', path.join(root, 'generated')], env);
    kg(['bulk-load', path.join(root, 'generated')], env);
    fs.rmSync(path.join(root, 'generated'), { recursive: true, force: true });
    for (const format of formats) {
      const target = path.join(root, `export.${format}`);
      const { peakMb, seconds } = kg(['export', '--format', format, target], env, true);
      console.log(`${format.padEnd(12)} peak RSS ${peakMb!.toFixed(0).padStart(6)} MB   ${seconds!.toFixed(1).padStart(7)} s   ${(sizeOf(target) / 1e6).toFixed(0).padStart(6)} MB written`);
      fs.rmSync(target, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const rssAt = process.argv.indexOf('--export-rss');
if (rssAt >= 0) {
  const formatsAt = process.argv.indexOf('--formats');
  const formats = formatsAt >= 0 ? process.argv[formatsAt + 1]!.split(',') : ['ftm', 'jsonld', 'neo4j-admin', 'json'];
  void exportRss(Number(process.argv[rssAt + 1]?.replace(/_/g, '')), formats).catch((e: Error) => {
    console.error(e.message);
    process.exitCode = 1;
  });
} else {
  void main();
}
