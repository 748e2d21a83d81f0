/**
 * Benchmark: ingesting one large generated document into a fresh embedded store, validation and write timed
 * apart. Prints figures; asserts nothing. Usage: npm run bench:ingest -- [projects …] (default 1000 4000).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LadybugGraphStore } from '../src/graph/embedded/store';
import { NameIndex } from '../src/knowledge/resolve';
import { validateDocument } from '../src/knowledge/validate';
import { largeDocument } from './large-document';

async function bench(projects: number): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-bench-'));
  const store = new LadybugGraphStore({ dataDir: dir, bufferPoolMb: 512 });
  await store.init();
  try {
    const doc = largeDocument(projects);
    let started = performance.now();
    const { write } = validateDocument('bench', doc, { graph: new NameIndex(await store.entityLabels()) });
    const validateMs = performance.now() - started;
    started = performance.now();
    await store.writeDocument(write);
    const writeMs = performance.now() - started;
    const mentions = Object.values(write.mentions).reduce((n, o) => n + o.length, 0);
    const records = write.entities.length + write.relationships.length;
    return [projects, write.entities.length, write.relationships.length, mentions, Math.round(validateMs), Math.round(writeMs), Math.round(records / ((validateMs + writeMs) / 1000))].map(String);
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const header = ['projects', 'entities', 'relationships', 'mentions', 'validate ms', 'write ms', 'records/s'];
  console.log(header.join('\t'));
  for (const size of sizes.length ? sizes : [1000, 4000]) console.log((await bench(size)).join('\t'));
}

void main();
