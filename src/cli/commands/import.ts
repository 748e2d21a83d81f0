/**
 * `kg import`: rebuilds a graph from a JSON graph file written by `kg export`, in one write transaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../../config';
import { KgError } from '../../errors';
import { openGraphStore } from '../../graph/open';
import type { GraphDump, ImportSummary } from '../../graph/port';
import { parseGraphJson, unreadableFile } from '../../transfer/graph-json';

/** Reads and checks a graph file; a Cypher or GraphML export is refused with what to do instead. */
export function readGraphFile(file: string): GraphDump {
  if (/\.cypher$/i.test(file)) {
    throw new KgError('BAD_USER_INPUT', `${file} is a Cypher script: run it in Neo4j (cypher-shell -f ${path.basename(file)}); kg import reads JSON graph files`, { path: file });
  }
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw unreadableFile(file, e);
  }
  if (/^\s*</.test(content)) {
    throw new KgError('BAD_USER_INPUT', `${file} looks like XML (GraphML?); kg import reads the JSON written by \`kg export --format json\``, { path: file });
  }
  return parseGraphJson(path.basename(file), content);
}

/** One line saying what an import or copy changed. */
export function describeImport(s: ImportSummary): string {
  return (
    `entities: ${s.entitiesCreated} created, ${s.entitiesUpdated} updated, ${s.entitiesUnchanged} unchanged; ` +
    `relationships: ${s.relationshipsCreated} created, ${s.relationshipsUpdated} updated, ${s.relationshipsUnchanged} unchanged; ` +
    `sources: ${s.sources}; mentions written: ${s.mentions}`
  );
}

/** Adds `kg import` to the program. */
export function register(program: Command): void {
  program
    .command('import')
    .description('merge a JSON graph file (from kg export) into the graph, all in one transaction; importing twice changes nothing')
    .argument('<file>', 'the graph file (kg export --format json)')
    .action(async (file: string) => {
      const dump = readGraphFile(file);
      const config = loadConfig();
      const store = await openGraphStore(config);
      try {
        const summary = await store.importGraph(dump);
        console.log(`${store.engine}: ${describeImport(summary)}`);
      } finally {
        await store.close();
      }
    });
}
