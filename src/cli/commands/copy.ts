/**
 * `kg copy --to neo4j`: copies the embedded graph (KG_DATA_DIR) into the Neo4j named by NEO4J_*, in batched
 * write transactions; `--to embedded` copies the other way.
 */
import { Command, Option } from 'commander';
import { loadConfig, type Config } from '../../config';
import { KgError } from '../../errors';
import { enginePlugin } from '../../graph/engines';
import { openGraphStore } from '../../graph/open';
import type { GraphStore } from '../../graph/port';
import type { CopyProgress } from '../../transfer/copy';
import { progressBars, type Progress } from '../progress';
import { describeImport } from './import';

/** Opens both ends of a copy; the embedded end must already hold a graph when it is the source. */
async function openEnds(config: Config, to: 'neo4j' | 'embedded'): Promise<{ from: GraphStore; target: GraphStore }> {
  if (!config.neo4j) {
    throw new KgError('BAD_USER_INPUT', `kg copy --to ${to} needs NEO4J_URI (and NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE) to name the Neo4j database`, { path: 'NEO4J_URI' });
  }
  const embeddedConfig: Config = { ...config, engine: 'embedded', neo4j: undefined };
  const neo4jConfig: Config = { ...config, engine: 'neo4j' };
  if (to === 'neo4j' && enginePlugin('embedded').holdsGraph?.(embeddedConfig) === false) {
    throw new KgError('BAD_USER_INPUT', `no embedded graph at ${config.dataDir} (KG_DATA_DIR): run \`kg seed\` or \`kg import\` first`, { path: 'KG_DATA_DIR' });
  }
  const first = await openGraphStore(to === 'neo4j' ? embeddedConfig : neo4jConfig);
  try {
    const second = await openGraphStore(to === 'neo4j' ? neo4jConfig : embeddedConfig);
    return { from: first, target: second };
  } catch (e) {
    await first.close();
    throw e;
  }
}

/** A progress bar per stage on a terminal, one line per finished stage otherwise. */
function progressReporter(): { onProgress: (p: CopyProgress) => void; stop: () => void } {
  if (!process.stderr.isTTY) {
    return {
      onProgress: (p) => {
        if (p.done === p.total) console.error(`kg: copied ${p.total} ${p.stage}`);
      },
      stop: () => undefined,
    };
  }
  const bars = progressBars();
  const byStage = new Map<string, Progress>();
  return {
    onProgress: (p) => {
      const bar = byStage.get(p.stage) ?? bars.bar(p.stage.padEnd(13), p.total, '');
      byStage.set(p.stage, bar);
      bar.update(p.done);
    },
    stop: () => bars.stop(),
  };
}

/** Adds `kg copy` to the program. */
export function register(program: Command): void {
  program
    .command('copy')
    .description('copy the embedded graph into Neo4j (--to neo4j), or Neo4j into the embedded folder (--to embedded); merges, so re-running is safe')
    .addOption(new Option('--to <engine>', 'the engine to copy into').choices(['neo4j', 'embedded']).makeOptionMandatory())
    .option('--batch-size <n>', 'records per write transaction', '1000')
    .action(async (opts: { to: 'neo4j' | 'embedded'; batchSize: string }) => {
      const batchSize = Number(opts.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new KgError('BAD_USER_INPUT', `--batch-size must be a positive integer, not "${opts.batchSize}"`, { path: '--batch-size' });
      const config = loadConfig();
      const { from, target } = await openEnds(config, opts.to);
      const progress = progressReporter();
      try {
        // Loaded here, not at start: `kg --help` does not need the transfer modules.
        const { copyGraph } = require('../../transfer/copy') as typeof import('../../transfer/copy');
        const summary = await copyGraph(from, target, { batchSize, onProgress: progress.onProgress });
        progress.stop();
        const where = opts.to === 'neo4j' ? `${config.neo4j!.uri} (database ${config.neo4j!.database})` : config.dataDir;
        console.log(`copied the ${from.engine} graph into ${target.engine} at ${where}: ${describeImport(summary)}`);
      } finally {
        progress.stop();
        await from.close();
        await target.close();
      }
    });
}
