/**
 * `kg bulk-load <dir>`: loads a folder written by `kg generate` with the engine's bulk path (embedded: COPY FROM;
 * Neo4j: batched UNWIND in write transactions), showing progress.
 */
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { NEO4J_BATCH_SIZE } from '../../bulk/neo4j-batch';
import { loadConfig } from '../../config';
import type { Neo4jGraphStore } from '../../graph/neo4j/neo4j-store';
import { openGraphStore } from '../../graph/open';
import { wholeNumber } from './generate';

export function register(program: Command): void {
  program
    .command('bulk-load')
    .description('load a folder written by `kg generate` into the configured engine (the embedded graph must be empty)')
    .argument('<dir>', 'the folder holding manifest.json')
    .option('--batch-size <n>', `Neo4j: rows per write transaction (default ${NEO4J_BATCH_SIZE})`, wholeNumber)
    .action(async (dir: string, opts: { batchSize?: number }) => {
      const config = loadConfig();
      const store = await openGraphStore(config);
      const bar = new SingleBar({ format: 'bulk load {bar} {percentage}% | {value}/{total} rows | {file}', hideCursor: true }, Presets.shades_classic);
      let started = false;
      const progress = (done: number, total: number, file: string) => {
        if (!started) bar.start(total, 0, { file });
        started = true;
        bar.update(done, { file });
      };
      try {
        const folder = path.resolve(dir);
        const report =
          // Each engine's bulk path loads only when used (the other engine's driver never does).
          store.engine === 'embedded'
            ? await (require('../../bulk/embedded-bulk-load') as typeof import('../../bulk/embedded-bulk-load')).bulkLoadEmbedded(store as never, folder, progress)
            : await (require('../../bulk/neo4j-bulk-load') as typeof import('../../bulk/neo4j-bulk-load')).bulkLoadNeo4j(store as Neo4jGraphStore, folder, { batchSize: opts.batchSize, uri: config.neo4j?.uri }, progress);
        bar.stop();
        const rate = Math.round(report.relationships / report.seconds);
        console.log(
          `kg: loaded ${report.entities} entities, ${report.relationships} relationships and ${report.sources} sources into the ${store.engine} engine ` +
            `in ${report.seconds.toFixed(1)} s (${rate} relationships/s overall)`,
        );
      } finally {
        bar.stop();
        await store.close();
      }
    });
}
