/**
 * `kg ingest <file|folder…> [--dry-run]`: loads facts documents one by one, each in its own transaction,
 * with a progress bar on a terminal and a closing summary (and a non-zero exit when a document was refused).
 * When a server holds the data folder (or with --url), the documents go to that server and the summary is the same.
 */
import { Command, Option } from 'commander';
import { loadConfig } from '../../config';
import path from 'node:path';
import type { DocumentOutcome, Rejection, RunProgress, RunReport } from '../../knowledge/ingest';
import { graphTarget, withGraph, writeToken, type GraphTarget } from '../graph-target';
import { remoteAdmin } from '../remote';
import { renderTable } from '../output';
import { progressBar, type Progress } from '../progress';

/** Adds `ingest` to the `kg` program. */
export function register(program: Command): void {
  program
    .command('ingest')
    .description('load facts documents (JSON or YAML; folders are searched) into the graph, each document all-or-nothing')
    .argument('<paths...>', 'facts document files or folders')
    .option('-n, --dry-run', 'report what would change without changing anything', false)
    .addOption(new Option('--format <format>', 'output format of the summary').choices(['table', 'json']).default('table'))
    .action(async (paths: string[], opts: { dryRun: boolean; format: 'table' | 'json' }, command: Command) => {
      const config = loadConfig();
      const target = await graphTarget(command, config, 'ingest');
      let report: RunReport;
      if (target.where === 'server') {
        report = await remoteIngest(target, paths, opts.dryRun);
      } else {
        // The ingestion pipeline (and its NLP library) loads only for this command.
        const { Ingestion } = require('../../knowledge/ingest') as typeof import('../../knowledge/ingest');
        report = await withGraph(config, async (store) => {
          const progress = progressReporter();
          try {
            return await new Ingestion(store, { dryRun: opts.dryRun, onProgress: progress.update }).ingestPaths(paths);
          } finally {
            progress.stop();
          }
        });
      }
      console.log(opts.format === 'json' ? JSON.stringify(report, null, 2) : renderRunReport(report));
      if (report.rejected.length > 0) process.exitCode = 1;
    });
}

/**
 * Ingests through a server: the files are read here (a textPath is read beside its document, as locally) and sent
 * in one request; the server ingests them in order, each all-or-nothing, and answers each one's outcome.
 */
async function remoteIngest(target: Extract<GraphTarget, { where: 'server' }>, paths: string[], dryRun: boolean): Promise<RunReport> {
  const token = writeToken(target, 'ingest');
  const { runReportOf, asRejection } = require('../../knowledge/ingest') as typeof import('../../knowledge/ingest');
  const { factsFilesIn, readFactsFile } = require('../../knowledge/documents') as typeof import('../../knowledge/documents');
  const files = await factsFilesIn(paths);
  // The same document names as a local run, so the reports read the same.
  const names = files.map((file) => (paths.length === 1 && files.length === 1 ? path.basename(file) : path.relative(process.cwd(), file) || file));
  const read: ({ name: string; document: unknown; text?: string } | { rejection: Rejection })[] = [];
  for (const [i, file] of files.entries()) {
    try {
      const { raw, text } = await readFactsFile(file);
      read.push({ name: names[i]!, document: raw, text });
    } catch (e) {
      const rejection = asRejection(names[i]!, e);
      if (!rejection) throw e;
      read.push({ rejection });
    }
  }
  const documents = read.filter((r): r is { name: string; document: unknown; text?: string } => !('rejection' in r));
  process.stderr.write(`ingest: sending ${documents.length} document${documents.length === 1 ? '' : 's'} to ${target.url}${dryRun ? ' (dry run)' : ''}\n`);
  const { outcomes } = documents.length > 0 ? await remoteAdmin<{ outcomes: DocumentOutcome[] }>(target.url, 'ingest', { dryRun, documents }, token) : { outcomes: [] };
  const answered = outcomes[Symbol.iterator]();
  // Files that could not be read here keep their place among the server's outcomes.
  return runReportOf(dryRun, read.map((r) => ('rejection' in r ? r : answered.next().value as DocumentOutcome)));
}

/** A progress bar on a terminal; elsewhere (logs, pipes, tests) one line per document on stderr. */
function progressReporter(): { update: (p: RunProgress) => void; stop: () => void } {
  if (process.stderr.isTTY) {
    let bar: Progress | null = null;
    return {
      update: (p) => {
        bar ??= progressBar('ingest', p.total, 'documents');
        bar.update(p.phase === 'writing' ? p.index : p.index + 1, p.document);
      },
      stop: () => {
        bar?.stop();
        bar = null;
      },
    };
  }
  return {
    update: (p) => {
      const at = `[${p.index + 1}/${p.total}] ${p.document}`;
      if (p.phase === 'writing') process.stderr.write(`ingest: ${at}: writing ${p.entities} entities, ${p.relationships} relationships\n`);
      else process.stderr.write(`ingest: ${at}: ${p.phase}\n`);
    },
    stop: () => undefined,
  };
}

/** The closing summary: one row per document, totals, entities resolved by name, and every refusal with its reasons. */
export function renderRunReport(report: RunReport): string {
  const t = report.totals;
  const out: string[] = [];
  out.push(
    `${report.dryRun ? 'dry run (nothing was written): ' : ''}documents: ${t.documents} (${t.ingested} ${report.dryRun ? 'would be written' : 'ingested'}, ${t.rejected} rejected)`,
  );
  if (report.documents.length > 0) {
    const rows = report.documents.map((d) => {
      const s = d.summary;
      return [d.document, s.entitiesCreated, s.entitiesUpdated, s.entitiesUnchanged, s.relationshipsCreated, s.relationshipsUpdated, s.relationshipsUnchanged, d.mentions.occurrences].map(String);
    });
    if (report.documents.length > 1) rows.push(['total', t.entitiesCreated, t.entitiesUpdated, t.entitiesUnchanged, t.relationshipsCreated, t.relationshipsUpdated, t.relationshipsUnchanged, t.mentions].map(String));
    const verb = report.dryRun ? 'would create' : 'created';
    out.push(renderTable(['document', `entities ${verb}`, 'merged', 'unchanged', `relationships ${verb}`, 'updated', 'unchanged', 'mentions'], rows));
    // Which entities are new and which merged into the graph's, by name, per document (the table only counts them).
    for (const d of report.documents) {
      const named = (outcome: (o: string) => boolean) => d.resolutions.filter((r) => outcome(r.outcome)).map((r) => (r.outcome === 'new' ? `${r.name} (${r.id})` : `${r.name} → ${r.id}`));
      const created = named((o) => o === 'new');
      const merged = named((o) => o !== 'new');
      if (created.length) out.push(`${d.document}: ${report.dryRun ? 'would add' : 'new'}: ${created.join(', ')}`);
      if (merged.length) out.push(`${d.document}: ${report.dryRun ? 'would merge into' : 'merged into'} the graph's: ${merged.join(', ')}`);
    }
  }
  const byName = report.documents.flatMap((d) => d.resolutions.filter((r) => r.outcome === 'matched').map((r) => ({ d, r })));
  if (byName.length > 0) {
    out.push('resolved by name:');
    for (const { d, r } of byName) out.push(`  ${d.document} ${r.at}: "${r.name}" → ${r.id} ("${r.existingName}")`);
  }
  const review = report.documents.flatMap((d) => d.resolutions.filter((r) => r.possibleDuplicates).map((r) => ({ d, r })));
  if (review.length > 0) {
    out.push('possible duplicates (created apart; review):');
    for (const { d, r } of review) out.push(`  ${d.document} ${r.at}: "${r.name}" (${r.id}) may be ${r.possibleDuplicates!.map((p) => `${p.id} ("${p.name}", ${p.why})`).join(', ')}`);
  }
  const replayed = report.documents.flatMap((d) => (d.decisions?.replayed ?? []).map((x) => ({ d, x })));
  if (replayed.length > 0) {
    out.push("analysts' merges replayed (both entities back in the graph):");
    for (const { d, x } of replayed) out.push(`  ${d.document}: ${x.merged} merged into ${x.keep} again (decision ${x.decision})`);
  }
  const unreplayed = report.documents.flatMap((d) => (d.decisions?.refused ?? []).map((x) => ({ d, x })));
  if (unreplayed.length > 0) {
    out.push("analysts' merges that could not be replayed (left apart; decide again):");
    for (const { d, x } of unreplayed) out.push(`  ${d.document}: ${x.merged} into ${x.keep}: ${x.reason}`);
  }
  for (const r of report.rejected) {
    out.push(`rejected ${r.document}: ${r.code}`);
    for (const p of r.problems) out.push(`  ${p.path}: ${p.message}`);
  }
  return out.join('\n');
}
