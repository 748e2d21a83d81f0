/**
 * Prints how long moving a synthetic graph takes: import (one transaction), export, each file format, and an
 * engine-to-engine copy in batches, on the embedded engine. `npm run bench:transfer -- 20000` (entities).
 */
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

void main();
