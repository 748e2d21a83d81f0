/**
 * `kg bulk-load <dir>`: loads a folder written by `kg generate` with the engine's bulk path (embedded: COPY FROM;
 * Neo4j: batched UNWIND in write transactions), showing progress.
 */
import path from 'node:path';
import { progressBar, type Progress } from '../progress';
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { KgError } from '../../errors';
import { enginePlugin } from '../../graph/engines';
import { withGraph } from '../graph-target';
import { wholeNumber } from './generate';

/** Adds `kg bulk-load` to the program. */
export function register(program: Command): void {
  program
    .command('bulk-load')
    .description('load a folder written by `kg generate` into the configured engine (the embedded graph must be empty)')
    .argument('<dir>', 'the folder holding manifest.json')
    .option('--batch-size <n>', `Neo4j: rows per write transaction (default ${enginePlugin('neo4j').bulkBatchSize})`, wholeNumber)
    .action(async (dir: string, opts: { batchSize?: number }) => {
      const config = loadConfig();
      let bar = null as Progress | null;
      const onProgress = (done: number, total: number, file: string) => {
        bar ??= progressBar('bulk load', total, 'rows');
        bar.update(done, file);
      };
      await withGraph(config, async (store) => {
        try {
          if (!store.bulkLoad) throw new KgError('BAD_USER_INPUT', `the ${store.engine} engine has no bulk load; use \`kg import\``, { path: 'KG_ENGINE' });
          const report = await store.bulkLoad(path.resolve(dir), { batchSize: opts.batchSize, onProgress });
          bar?.stop();
          const rate = Math.round(report.relationships / report.seconds);
          console.log(
            `kg: loaded ${report.entities} entities, ${report.relationships} relationships and ${report.sources} sources into the ${store.engine} engine ` +
              `in ${report.seconds.toFixed(1)} s (${rate} relationships/s overall)`,
          );
        } finally {
          bar?.stop();
        }
      });
    });
}
