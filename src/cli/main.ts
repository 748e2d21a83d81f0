#!/usr/bin/env node
/**
 * The `kg` command: the program, its global options and its error printing, and the list of commands. Each command
 * is a module under commands/ of one shape, `register(program)`, which keeps heavy modules (engines, Apollo, the
 * NLP library) inside its action so that `kg --help` loads none of them.
 */
import path from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../config';
import { KgError, isKgError } from '../errors';
import * as backup from './commands/backup';
import * as bulkLoad from './commands/bulk-load';
import * as check from './commands/check';
import * as copy from './commands/copy';
import * as cypher from './commands/cypher';
import * as draft from './commands/draft';
import * as duplicates from './commands/duplicates';
import * as exportGraph from './commands/export';
import * as generate from './commands/generate';
import * as importGraph from './commands/import';
import * as ingest from './commands/ingest';
import * as keepApart from './commands/keep-apart';
import * as merge from './commands/merge';
import * as migrate from './commands/migrate';
import * as restore from './commands/restore';
import * as seed from './commands/seed';
import * as serve from './commands/serve';
import * as sources from './commands/sources';
import * as stats from './commands/stats';
import * as token from './commands/token';
import { FOLDER_ONLY_COMMANDS, refuseRemote } from './graph-target';

/** The shape of every module under commands/: it adds its command (and only that) to the program. */
export interface KgCommandModule {
  register(program: Command): void;
}

/** Every `kg` command, in the order `kg --help` lists them. */
export const COMMANDS: readonly KgCommandModule[] = [
  seed,
  stats,
  cypher,
  serve,
  ingest,
  draft,
  exportGraph,
  importGraph,
  copy,
  generate,
  bulkLoad,
  check,
  backup,
  restore,
  duplicates,
  merge,
  keepApart,
  sources,
  token,
  migrate,
];

/** The version in package.json (found from the project root, so dist/ and src/ runs agree). */
function packageVersion(): string {
  const { findProjectRoot } = require('../config') as typeof import('../config');
  return (JSON.parse(require('node:fs').readFileSync(path.join(findProjectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The `kg` program with every command registered. */
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
  for (const command of COMMANDS) command.register(program);
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
