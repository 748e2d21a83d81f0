/**
 * `kg migrate`: compares the data folder with the ontology in use (KG_ONTOLOGY) and says what differs: what opening
 * adds by itself (tables, columns) and what needs a migration (a kind or type removed that still has data, a
 * property whose type changed while values are stored), with what `--apply` does about each. A dry run by default;
 * `--apply` changes the folder. The server must not hold the folder (stop it first).
 */
import { Command, Option } from 'commander';
import { loadConfig } from '../../config';
import { KgError } from '../../errors';
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
      const folder = enginePlugin(config.engine).folder;
      if (!folder) throw new KgError('BAD_USER_INPUT', `kg migrate works on the embedded engine's data folder; ${config.engine} keeps no folder`);
      const plan = await folder.migrate(config, Boolean(opts.apply));
      if (opts.format === 'json') return console.log(JSON.stringify({ dataDir: config.dataDir, ontology: config.ontologyFile, ...plan }, null, 2));
      console.log(`kg migrate: ${config.dataDir} to the ontology ${config.ontologyFile}${plan.applied ? '' : ' (dry run: nothing is changed)'}`);
      for (const d of plan.differences) console.log(plan.applied ? `  done  ${d.what}: ${d.migrate.replace(/ \(or .*\)$/, '')}` : `  migrate  ${d.what}: --apply ${d.migrate}`);
      for (const a of plan.additions) console.log(`  ${plan.applied ? 'added' : 'add'}  ${a} (opening adds it by itself)`);
      if (plan.differences.length === 0 && plan.additions.length === 0) console.log('  the folder matches the ontology: nothing to do');
      else if (!plan.applied) console.log(plan.differences.length > 0 ? 'run `kg migrate --apply` to make these changes' : 'nothing needs a migration: the next start adds these');
    });
}
