/**
 * `kg generate`: writes a synthetic graph (CSV files and a manifest) for `kg bulk-load` and `npm run bench`.
 */
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { progressBar } from '../progress';

/** Parses a whole-number option, accepting 1_000_000 or 1e6. */
export function wholeNumber(value: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return n;
}

/** Adds `kg generate` to the program. */
export function register(program: Command): void {
  program
    .command('generate')
    .description('write a synthetic graph of the ontology (heavy-tailed degrees, reproducible from the seed) as CSV files for `kg bulk-load`')
    .requiredOption('--entities <n>', 'number of entities', wholeNumber)
    .requiredOption('--relationships <n>', 'number of relationships', wholeNumber)
    .option('--seed <n>', 'seed: the same options and seed give the same files', wholeNumber, 1)
    .requiredOption('--out <dir>', 'folder to write (created if missing; files in it are replaced)')
    .action((opts: { entities: number; relationships: number; seed: number; out: string }) => {
      const bar = progressBar('generate', opts.entities + opts.relationships, 'rows');
      const started = performance.now();
      try {
        // Loaded here, not at start: `kg --help` does not need the generator.
        const { generateGraph } = require('../../bulk/synthetic-graph') as typeof import('../../bulk/synthetic-graph');
        const manifest = generateGraph({
          entities: opts.entities,
          relationships: opts.relationships,
          seed: opts.seed,
          outDir: path.resolve(opts.out),
          onProgress: (done) => bar.update(done),
        });
        bar.stop();
        console.log(
          `kg: wrote ${manifest.entities} entities, ${manifest.relationships} relationships and ${manifest.sources} sources to ${path.resolve(opts.out)} ` +
            `in ${((performance.now() - started) / 1000).toFixed(1)} s (seed ${manifest.seed})`,
        );
      } catch (e) {
        bar.stop();
        throw e;
      }
    });
}
