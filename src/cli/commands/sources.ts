/**
 * `kg sources [--limit N] [--format table|json|csv]`: the graph's sources, newest first, with url, publisher and how
 * many entities each mentions — through the server when one holds the data folder (or with --url), like `kg stats`.
 * It runs the `sources` named query (cypher/queries/sources.cypher), locally or through GraphQL `namedQuery`, so the
 * answer is the same either way and needs no token.
 */
import { Command, Option } from 'commander';
import { loadConfig } from '../../config';
import { graphTarget, withGraph } from '../graph-target';
import { renderRows, type OutputFormat } from '../output';
import { remoteNamedQuery } from '../remote';

/** The named query that lists sources. */
const SOURCES_QUERY = 'sources';

/** Adds `sources` to the `kg` program. */
export function register(program: Command): void {
  program
    .command('sources')
    .description('list the sources the graph was built from, newest first (published date), with url, publisher and entities mentioned')
    .option('-n, --limit <n>', 'how many sources to list (1 to 1000)', '100')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .action(async (opts: { limit: string; format: OutputFormat }, command: Command) => {
      const config = loadConfig();
      const library = require('../../queries/library') as typeof import('../../queries/library');
      const query = library.namedQuery(library.libraryDir(config.projectRoot), SOURCES_QUERY);
      // Checked here, before any folder is opened or request sent: "--limit ten" is named as such.
      const params = library.bindParameters(query, { limit: /^-?\d+$/.test(opts.limit) ? Number(opts.limit) : opts.limit });
      const target = await graphTarget(command, config, 'sources');
      let result;
      if (target.where === 'server') {
        result = await remoteNamedQuery(target.url, SOURCES_QUERY, params);
      } else {
        result = await withGraph(config, (store) => library.runNamedQuery(store, query, params, { timeoutMs: config.cypherTimeoutMs, maxRows: config.cypherMaxRows }));
      }
      console.log(renderRows(result.columns, result.rows, opts.format));
      if (opts.format === 'table') process.stderr.write(`${result.rows.length} source${result.rows.length === 1 ? '' : 's'}\n`);
    });
}
