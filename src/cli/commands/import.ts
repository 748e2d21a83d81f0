/**
 * `kg import`: rebuilds a graph from a JSON graph file written by `kg export`, in one write transaction; or reads
 * FollowTheMoney entities into facts documents (one per source) that go through validation and entity resolution.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { loadConfig } from '../../config';
import { KgError } from '../../errors';
import type { GraphDump, ImportSummary } from '../../graph/port';
import type { DocumentOutcome } from '../../knowledge/ingest';

type Readers = typeof import('../../transfer/graph-json') & typeof import('../../transfer/graph-ftm') & typeof import('../../knowledge/ingest');

/** The file readers and ingestion, loaded when an import runs: `kg --help` does not load them. */
function readers(): Readers {
  return Object.assign({}, require('../../transfer/graph-json'), require('../../transfer/graph-ftm'), require('../../knowledge/ingest')) as Readers;
}
import { graphTarget, withGraph, writeToken } from '../graph-target';
import { remoteAdmin } from '../remote';
import { renderRunReport } from './ingest';

/** Reads and checks a graph file; a Cypher or GraphML export is refused with what to do instead. */
export function readGraphFile(file: string): GraphDump {
  if (/\.cypher$/i.test(file)) {
    throw new KgError('BAD_USER_INPUT', `${file} is a Cypher script: run it in Neo4j (cypher-shell -f ${path.basename(file)}); kg import reads JSON graph files`, { path: file });
  }
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw readers().unreadableFile(file, e);
  }
  if (/^\s*</.test(content)) {
    throw new KgError('BAD_USER_INPUT', `${file} looks like XML (GraphML?); kg import reads the JSON written by \`kg export --format json\``, { path: file });
  }
  if (looksLikeFtm(content)) {
    throw new KgError('BAD_USER_INPUT', `${file} holds FollowTheMoney entities, one a line: import it with \`kg import --format ftm ${path.basename(file)}\``, { path: file });
  }
  return readers().parseGraphJson(path.basename(file), content);
}

/** True when the first line is one FtM entity (`{"id", "schema", …}`) rather than a graph file. */
function looksLikeFtm(content: string): boolean {
  try {
    const first = JSON.parse(content.slice(0, content.indexOf('\n') === -1 ? undefined : content.indexOf('\n'))) as Record<string, unknown>;
    return typeof first?.schema === 'string' && typeof first.id === 'string' && !('format' in first);
  } catch {
    return false;
  }
}

/** One line saying what an import or copy changed. */
export function describeImport(s: ImportSummary): string {
  return (
    `entities: ${s.entitiesCreated} created, ${s.entitiesUpdated} updated, ${s.entitiesUnchanged} unchanged; ` +
    `relationships: ${s.relationshipsCreated} created, ${s.relationshipsUpdated} updated, ${s.relationshipsUnchanged} unchanged; ` +
    `sources: ${s.sources}; mentions written: ${s.mentions}` +
    (s.decisions ? `; analysts' decisions added: ${s.decisions}` : '')
  );
}

/** Adds `kg import` to the program. */
export function register(program: Command): void {
  program
    .command('import')
    .description('merge a JSON graph file (from kg export) into the graph, all in one transaction, or FollowTheMoney entities (--format ftm); importing twice changes nothing')
    .argument('<file>', 'the graph file (kg export --format json), or FtM entities one a line')
    .addOption(new Option('--format <format>', 'what the file holds').choices(['json', 'ftm']).default('json'))
    .option('-n, --dry-run', 'FtM only: report what would change without changing anything', false)
    .action(async (file: string, opts: { format: 'json' | 'ftm'; dryRun: boolean }, command: Command) => {
      if (opts.format === 'ftm') return importFtm(file, opts.dryRun, command);
      const dump = readGraphFile(file);
      const config = loadConfig();
      const target = await graphTarget(command, config, 'import');
      if (target.where === 'server') {
        const { engine, summary } = await remoteAdmin<{ engine: string; summary: ImportSummary }>(target.url, 'import', { name: path.basename(file), content: fs.readFileSync(file, 'utf8') }, writeToken(target, 'import'));
        return console.log(`${engine}: ${describeImport(summary)}`);
      }
      await withGraph(config, async (store) => console.log(`${store.engine}: ${describeImport(await store.importGraph(dump))}`));
    });
}

/**
 * Reads FtM lines into facts documents and ingests each (all-or-nothing per source); prints the ingest summary and
 * every line or value that was not carried over, and exits 1 when anything was left out or refused.
 */
async function importFtm(file: string, dryRun: boolean, command: Command): Promise<void> {
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw readers().unreadableFile(file, e);
  }
  const reading = readers().readFtm(path.basename(file), content.split(/\r?\n/));
  const config = loadConfig();
  const target = await graphTarget(command, config, 'import');
  const decoded = reading.documents.map(({ name, document }) => ({ name, raw: document }));
  let outcomes: DocumentOutcome[];
  if (target.where === 'server') {
    const documents = decoded.map(({ name, raw }) => ({ name, document: raw }));
    outcomes = (await remoteAdmin<{ outcomes: DocumentOutcome[] }>(target.url, 'ingest', { dryRun, documents }, writeToken(target, 'import'))).outcomes;
  } else {
    outcomes = await withGraph(config, (store) => new (readers().Ingestion)(store, { dryRun }).ingestEach(decoded));
  }
  const report = readers().runReportOf(dryRun, outcomes);
  const rejected = report.rejected;
  console.log(renderRunReport(report));
  if (reading.problems.length > 0) {
    console.log(`not carried over from ${path.basename(file)} (${reading.problems.length}):`);
    for (const p of reading.problems) console.log(`  ${p.path}: ${p.message}`);
  }
  if (rejected.length > 0 || reading.problems.length > 0) process.exitCode = 1;
}
