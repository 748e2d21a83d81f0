/**
 * `kg ingest <file|folder…> [--dry-run]`: loads facts documents one by one, each in its own transaction,
 * with a progress bar on a terminal and a closing summary (and a non-zero exit when a document was refused).
 */
import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import { loadConfig } from '../../config';
import { openGraphStore } from '../../graph/open';
import type { RunProgress, RunReport } from '../../knowledge/ingest';

/** Adds `ingest` to the `kg` program. */
export function register(program: Command): void {
  program
    .command('ingest')
    .description('load facts documents (JSON or YAML; folders are searched) into the graph, each document all-or-nothing')
    .argument('<paths...>', 'facts document files or folders')
    .option('-n, --dry-run', 'report what would change without changing anything', false)
    .addOption(new Option('--format <format>', 'output format of the summary').choices(['table', 'json']).default('table'))
    .action(async (paths: string[], opts: { dryRun: boolean; format: 'table' | 'json' }) => {
      const config = loadConfig();
      const store = await openGraphStore(config);
      const progress = progressReporter();
      try {
        // The ingestion pipeline (and its NLP library) loads only for this command.
        const { Ingestion } = require('../../knowledge/ingest') as typeof import('../../knowledge/ingest');
        const report = await new Ingestion(store, { dryRun: opts.dryRun, onProgress: progress.update }).ingestPaths(paths);
        progress.stop();
        console.log(opts.format === 'json' ? JSON.stringify(report, null, 2) : renderRunReport(report));
        if (report.rejected.length > 0) process.exitCode = 1;
      } finally {
        progress.stop();
        await store.close();
      }
    });
}

/** A progress bar on a terminal; elsewhere (logs, pipes, tests) one line per document on stderr. */
function progressReporter(): { update: (p: RunProgress) => void; stop: () => void } {
  if (process.stderr.isTTY) {
    let bar: cliProgress.SingleBar | null = null;
    return {
      update: (p) => {
        if (!bar) {
          bar = new cliProgress.SingleBar(
            { stream: process.stderr, format: 'ingest [{bar}] {value}/{total} {document}', hideCursor: true, clearOnComplete: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(p.total, 0, { document: '' });
        }
        bar.update(p.phase === 'writing' ? p.index : p.index + 1, { document: p.document });
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
    `${report.dryRun ? 'dry run (nothing was written): ' : ''}documents: ${t.documents} (${t.ingested} ${report.dryRun ? 'would be ingested' : 'ingested'}, ${t.rejected} rejected)`,
  );
  if (report.documents.length > 0) {
    const table = new Table({
      head: ['document', 'entities created', 'merged', 'unchanged', 'relationships created', 'updated', 'unchanged', 'mentions'],
      style: { head: [], border: [] },
    });
    for (const d of report.documents) {
      const s = d.summary;
      table.push([d.document, s.entitiesCreated, s.entitiesUpdated, s.entitiesUnchanged, s.relationshipsCreated, s.relationshipsUpdated, s.relationshipsUnchanged, d.mentions.occurrences].map(String));
    }
    if (report.documents.length > 1) {
      table.push(['total', t.entitiesCreated, t.entitiesUpdated, t.entitiesUnchanged, t.relationshipsCreated, t.relationshipsUpdated, t.relationshipsUnchanged, t.mentions].map(String));
    }
    out.push(table.toString());
  }
  const byName = report.documents.flatMap((d) => d.resolutions.filter((r) => r.outcome === 'matched' || r.outcome === 'variant').map((r) => ({ d, r })));
  if (byName.length > 0) {
    out.push('resolved by name:');
    for (const { d, r } of byName) out.push(`  ${d.document} ${r.at}: "${r.name}" → ${r.id} ("${r.existingName}")${r.outcome === 'variant' ? ' (variant spelling)' : ''}`);
  }
  const review = report.documents.flatMap((d) => d.resolutions.filter((r) => r.possibleDuplicates).map((r) => ({ d, r })));
  if (review.length > 0) {
    out.push('possible duplicates (created apart; review):');
    for (const { d, r } of review) out.push(`  ${d.document} ${r.at}: "${r.name}" (${r.id}) may be ${r.possibleDuplicates!.map((p) => `${p.id} ("${p.name}", ${p.why})`).join(', ')}`);
  }
  for (const r of report.rejected) {
    out.push(`rejected ${r.document}: ${r.code}`);
    for (const p of r.problems) out.push(`  ${p.path}: ${p.message}`);
  }
  return out.join('\n');
}
