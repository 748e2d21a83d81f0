#!/usr/bin/env node
/**
 * The `kg` command over the configured engine: seed and stats here; serve, cypher, ingest, draft, sources, token,
 * export, import, copy, generate, bulk-load, check, backup and restore each in their own module under commands/.
 */
import path from 'node:path';
import { Command, Option } from 'commander';
import { loadConfig, type Config } from '../config';
import { KgError, isKgError } from '../errors';
import type { GraphStore } from '../graph/port';
import { register as registerCypher } from './commands/cypher';
import { register as registerIngest } from './commands/ingest';
import { register as registerDraft } from './commands/draft';
import { register as registerExport } from './commands/export';
import { register as registerImport } from './commands/import';
import { register as registerCopy } from './commands/copy';
import { register as registerGenerate } from './commands/generate';
import { register as registerBulkLoad } from './commands/bulk-load';
import { register as registerCheck } from './commands/check';
import { register as registerBackup } from './commands/backup';
import { register as registerRestore } from './commands/restore';
import { register as registerDuplicates } from './commands/duplicates';
import { register as registerMerge } from './commands/merge';
import { register as registerKeepApart } from './commands/keep-apart';
import { register as registerServe } from './commands/serve';
import { register as registerSources } from './commands/sources';
import { register as registerToken } from './commands/token';
import { register as registerMigrate } from './commands/migrate';
import { FOLDER_ONLY_COMMANDS, graphTarget, refuseRemote, writeToken } from './graph-target';

/** Opens the store, runs `work`, and always closes the store. */
async function withStore<T>(config: Config, work: (store: GraphStore) => Promise<T>): Promise<T> {
  // Heavy modules (engines, Apollo, the NLP library) are required inside the command that uses them: `kg --help` needs none.
  const { openGraphStore } = require('../graph/open') as typeof import('../graph/open');
  const store = await openGraphStore(config);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** The version in package.json (found from the project root, so dist/ and src/ runs agree). */
function packageVersion(): string {
  const { findProjectRoot } = require('../config') as typeof import('../config');
  return (JSON.parse(require('node:fs').readFileSync(path.join(findProjectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

export function buildProgram(): Command {
  const program = new Command('kg')
    .description('Knowledge graph of actors, projects and agreements')
    .version(packageVersion(), '-V, --version', 'print the version of kg')
    .option('--url <url>', 'send the command to a running kg server, e.g. http://127.0.0.1:4000, instead of opening the data folder (a server holding the data folder is found by itself)')
    .showHelpAfterError();
  // Commands that open a data folder themselves refuse --url (and copy, bulk-load a served folder) before they start.
  program.hook('preAction', async (_program, action) => {
    if (FOLDER_ONLY_COMMANDS.has(action.name())) await refuseRemote(action.name(), program.opts<{ url?: string }>().url, () => loadConfig());
  });

  program
    .command('seed')
    .description('load the seed facts documents (idempotent: a second run changes nothing)')
    .action(async (_opts: unknown, command: Command) => {
      const config = loadConfig();
      const target = await graphTarget(command, config, 'seed');
      const { loadSeed } = require('../knowledge/load') as typeof import('../knowledge/load');
      const { remoteAdmin } = require('./remote') as typeof import('./remote');
      const summaries =
        target.where === 'server'
          ? (await remoteAdmin<{ summaries: Awaited<ReturnType<typeof loadSeed>> }>(target.url, 'seed', {}, writeToken(target, 'seed'))).summaries
          : await withStore(config, (store) => loadSeed(store, path.join(config.projectRoot, 'seed')));
      for (const s of summaries) {
        console.log(
          `entities: ${s.entitiesCreated} created, ${s.entitiesUpdated} updated, ${s.entitiesUnchanged} unchanged; ` +
            `relationships: ${s.relationshipsCreated} created, ${s.relationshipsUpdated} updated, ${s.relationshipsUnchanged} unchanged`,
        );
      }
    });

  program
    .command('stats')
    .description('entities by kind and relationships by type')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (opts: { format: string }, command: Command) => {
      const config = loadConfig();
      const target = await graphTarget(command, config, 'stats');
      const { remoteStats } = require('./remote') as typeof import('./remote');
      const { renderCounts } = require('./output') as typeof import('./output');
      const { engine, ...stats } =
        target.where === 'server'
          ? await remoteStats(target.url)
          : await withStore(config, async (store) => ({ engine: store.engine, ...(await store.stats()) }));
      if (opts.format === 'json') return console.log(JSON.stringify({ engine, ...stats }, null, 2));
      console.log(`engine: ${engine}   entities: ${stats.entities}   relationships: ${stats.relationships}   sources: ${stats.sources}`);
      console.log(renderCounts('kind', stats.entitiesByKind));
      console.log(renderCounts('relationship type', stats.relationshipsByType));
    });

  registerCypher(program);

  registerServe(program);
  registerIngest(program);
  registerDraft(program);
  registerExport(program);
  registerImport(program);
  registerCopy(program);
  registerGenerate(program);
  registerBulkLoad(program);
  registerCheck(program);
  registerBackup(program);
  registerRestore(program);
  registerDuplicates(program);
  registerMerge(program);
  registerKeepApart(program);
  registerSources(program);
  registerToken(program);
  registerMigrate(program);
  return program;
}

/** Runs the command line; product errors print their code and message, never a stack trace. */
export async function main(argv = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (isKgError(e)) {
      console.error(`kg: ${e.code}: ${e.message}`);
      const problems = (e as KgError).details.problems as { path: string; message: string }[] | undefined;
      for (const p of problems?.slice(1) ?? []) console.error(`  ${p.path}: ${p.message}`);
    } else {
      console.error(`kg: ${(e as Error).message}`);
    }
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
