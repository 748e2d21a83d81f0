/**
 * `kg migrate`: compares the data folder with the ontology in use (KG_ONTOLOGY) and says what differs: what opening
 * adds by itself (tables, columns) and what needs a migration (a kind or type removed that still has data, a
 * property whose type changed while values are stored), with what `--apply` does about each. A dry run by default;
 * `--apply` changes the folder (embedded only for now). The server must not hold the folder (stop it first). On Neo4j
 * the dry run reads the database; `--apply` is refused.
 */
import { Command, Option } from 'commander';
import { loadConfig } from '../../config';
import { enginePlugin } from '../../graph/engines';

/** Adds `kg migrate` to the program. */
export function register(program: Command): void {
  program
    .command('migrate')
    .description('bring a data folder made with another ontology to the one in use (KG_ONTOLOGY): a dry run that lists each difference, --apply to change the folder')
    .option('--apply', 'change the folder (deletes data of removed kinds and types, converts retyped values)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: { apply?: boolean; format: 'text' | 'json' }) => {
      const config = loadConfig();
      const plan = await enginePlugin(config.engine).migrate(config, Boolean(opts.apply));
      const place = config.engine === 'neo4j' && config.neo4j ? `the Neo4j database ${config.neo4j.database} at ${config.neo4j.uri}` : config.dataDir;
      if (opts.format === 'json') return console.log(JSON.stringify({ ...(config.engine === 'neo4j' ? { database: config.neo4j?.database } : { dataDir: config.dataDir }), ontology: config.ontologyFile, ...plan }, null, 2));
      console.log(`kg migrate: ${place} to the ontology ${config.ontologyFile}${plan.applied ? '' : ' (dry run: nothing is changed)'}`);
      for (const d of plan.differences) console.log(plan.applied ? `  done  ${d.what}: ${d.migrate.replace(/ \(or .*\)$/, '')}` : `  migrate  ${d.what}: --apply ${d.migrate}`);
      for (const a of plan.additions) console.log(`  ${plan.applied ? 'added' : 'add'}  ${a} (opening adds it by itself)`);
      if (plan.differences.length === 0 && plan.additions.length === 0) console.log('  the folder matches the ontology: nothing to do');
      else if (!plan.applied) console.log(plan.differences.length > 0 ? 'run `kg migrate --apply` to make these changes' : 'nothing needs a migration: the next start adds these');
    });
}
