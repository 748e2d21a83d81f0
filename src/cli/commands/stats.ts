/**
 * `kg stats`: how many entities, relationships and sources the graph holds, entities by kind and relationships by
 * type, as a table or JSON; from the folder or from the server holding it.
 */
import { Option, type Command } from 'commander';
import { loadConfig } from '../../config';
import { graphTarget, withGraph } from '../graph-target';
import { renderCounts } from '../output';
import { remoteStats } from '../remote';

/** Adds `kg stats` to the program. */
export function register(program: Command): void {
  program
    .command('stats')
    .description('entities by kind and relationships by type')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (opts: { format: string }, command: Command) => {
      const config = loadConfig();
      const target = await graphTarget(command, config, 'stats');
      const { engine, ...stats } =
        target.where === 'server' ? await remoteStats(target.url) : await withGraph(config, async (store) => ({ engine: store.engine, ...(await store.stats()) }));
      if (opts.format === 'json') return console.log(JSON.stringify({ engine, ...stats }, null, 2));
      console.log(`engine: ${engine}   entities: ${stats.entities}   relationships: ${stats.relationships}   sources: ${stats.sources}`);
      console.log(renderCounts('kind', stats.entitiesByKind));
      console.log(renderCounts('relationship type', stats.relationshipsByType));
    });
}
