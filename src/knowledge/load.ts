/**
 * Loading facts documents from files into a GraphStore: read JSON or YAML, validate, resolve entities,
 * link mentions, then write the whole document in one transaction. The seed goes through the same door.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DocumentWrite, GraphStore, WriteSummary } from '../graph/port';
import { readFactsFile } from './documents';
import { Ingestion } from './ingest';
import { NameIndex } from './resolve';
import { validateDocument } from './validate';

export { parseFacts, readFactsFile } from './documents';

/** Validates a decoded document against the store's current graph (entities resolved, mentions linked). */
export async function prepareDocument(store: GraphStore, name: string, raw: unknown, text?: string): Promise<DocumentWrite> {
  return validateDocument(name, raw, { text, graph: new NameIndex(await store.entityLabels()) }).write;
}

/** Loads one facts document file: all of it, or (on any problem) nothing. */
export async function loadFactsFile(store: GraphStore, file: string, options: { dryRun?: boolean } = {}): Promise<WriteSummary> {
  const { raw, text } = await readFactsFile(file);
  const report = await new Ingestion(store, options).ingest(path.basename(file), raw, text);
  return report.summary;
}

/** The facts documents of the seed graph, in load order. */
export async function seedFiles(seedDir: string): Promise<string[]> {
  const names = (await fs.readdir(seedDir)).filter((n) => /\.facts\.(json|ya?ml)$/i.test(n)).sort();
  return names.map((n) => path.join(seedDir, n));
}

/** Loads every seed document; idempotent. With `onlyMissing`, skips documents whose source the graph already holds. */
export async function loadSeed(store: GraphStore, seedDir: string, options: { onlyMissing?: boolean } = {}): Promise<WriteSummary[]> {
  const out: WriteSummary[] = [];
  for (const file of await seedFiles(seedDir)) {
    if (options.onlyMissing) {
      // Re-merging is harmless but not free on a large graph (mention linking reads every entity's names).
      const sourceId = ((await readFactsFile(file)).raw as { source?: { id?: unknown } } | null)?.source?.id;
      if (typeof sourceId === 'string' && (await store.getSources([sourceId]))[0]) continue;
    }
    out.push(await loadFactsFile(store, file));
  }
  return out;
}
