/**
 * Where a `kg` command runs: one writer, many clients. `--url` sends it to that server; otherwise, when a live
 * `kg serve` holds the data folder (its server.json names a running process whose URL answers), the command goes
 * to that server with the credential it left there; otherwise the command opens the folder itself. The folder (or
 * the server holding it) is said on stderr, and a data folder about to be created empty is said loudly.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config';
import { KgError } from '../errors';
import { enginePlugin } from '../graph/engines';
import { openGraphStore } from '../graph/open';
import type { GraphStore } from '../graph/port';
import { SERVER_RECORD, inspectLocalServer } from './local-server';

/** The command opens the graph itself, or talks to a server (`token` authorises writes; `holds` is the folder it serves). */
export type GraphTarget =
  | { where: 'folder'; config: Config; fresh: boolean }
  | { where: 'server'; url: string; token?: string; holds?: string };

/** How long a recorded server may take to answer before the folder is taken as not served. */
const ANSWER_TIMEOUT_MS = 3000;

/** True when something answers HTTP at `url` (any status: a busy or degraded server still holds the folder). */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) });
    return true;
  } catch {
    return false;
  }
}

/** The live server holding `dataDir`, if any; a stale or silent record is noted on stderr and ignored. */
export async function liveLocalServer(dataDir: string): Promise<{ url: string; credential: string } | undefined> {
  const found = inspectLocalServer(dataDir);
  if (found.state === 'none') return undefined;
  const file = path.join(dataDir, SERVER_RECORD);
  if (found.state === 'stale') {
    process.stderr.write(`kg: note: ignoring ${file}: the server it names (process ${found.record.pid}) is no longer running\n`);
    return undefined;
  }
  if (!(await answers(found.record.url))) {
    process.stderr.write(`kg: note: ignoring ${file}: process ${found.record.pid} runs but nothing answers at ${found.record.url}\n`);
    return undefined;
  }
  return found.record;
}

/** True when the embedded data folder holds no graph file at all (opening it creates an empty graph); a log without its database is damage, not new. */
export function isNewFolder(config: Config): boolean {
  if (config.engine !== 'embedded') return false;
  const files = fs.existsSync(config.dataDir) ? fs.readdirSync(config.dataDir) : [];
  const databaseFile = enginePlugin('embedded').folder!.databaseFile;
  return !files.some((f) => f.startsWith(databaseFile));
}

/** Says on stderr which graph the command opens; loudly when the data folder is new and empty. */
export function announceFolder(config: Config, commandName: string): void {
  if (config.engine === 'neo4j') {
    process.stderr.write(`kg ${commandName}: Neo4j at ${config.neo4j?.uri} (database ${config.neo4j?.database})\n`);
    return;
  }
  if (!isNewFolder(config)) {
    process.stderr.write(`kg ${commandName}: data folder ${config.dataDir}\n`);
    return;
  }
  process.stderr.write(
    `kg ${commandName}: *** NEW EMPTY DATA FOLDER ${config.dataDir} ***\n` +
      `kg ${commandName}: no graph is there yet, so opening it starts an empty graph. To use an existing graph, set KG_DATA_DIR ` +
      `(default ./data/kg, relative to the current folder ${process.cwd()}) or run kg from the project folder.\n`,
  );
}

/** Where the command `commandName` runs; `--url` comes from the program's global options. */
export async function graphTarget(command: Command, config: Config, commandName: string): Promise<GraphTarget> {
  const url = command.optsWithGlobals<{ url?: string }>().url;
  // --url is the user's own choice, said on the command line: nothing to announce.
  if (url) {
    return { where: 'server', url, token: config.adminToken };
  }
  if (config.engine === 'embedded') {
    const live = await liveLocalServer(config.dataDir);
    if (live) {
      process.stderr.write(`kg ${commandName}: sent to the server at ${live.url}, which holds the data folder ${config.dataDir}\n`);
      return { where: 'server', url: live.url, token: live.credential, holds: config.dataDir };
    }
  }
  const fresh = isNewFolder(config);
  announceFolder(config, commandName);
  return { where: 'folder', config, fresh };
}

/** Opens the configured graph (the folder or Neo4j), runs `work` on it, and closes it whatever happens. */
export async function withGraph<T>(config: Config, work: (store: GraphStore) => Promise<T>): Promise<T> {
  const store = await openGraphStore(config);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** The token for a write on `target`, or a refusal naming the command and what to set. */
export function writeToken(target: Extract<GraphTarget, { where: 'server' }>, commandName: string): string {
  if (target.token) return target.token;
  throw new KgError(
    'UNAUTHENTICATED',
    `kg ${commandName} through --url changes the graph on ${target.url}, which needs its admin token: set KG_ADMIN_TOKEN (environment or .env)`,
    { path: 'KG_ADMIN_TOKEN' },
  );
}

/** Commands that open a data folder directly and cannot be sent to a server. */
export const FOLDER_ONLY_COMMANDS = new Set(['serve', 'copy', 'bulk-load', 'check', 'restore', 'generate', 'token', 'migrate']);

/** Refuses `--url` for a command that cannot run remotely, and a served folder for one that must open it. */
export async function refuseRemote(commandName: string, url: string | undefined, loadConfig: () => Config): Promise<void> {
  if (url) {
    throw new KgError(
      'BAD_USER_INPUT',
      `kg ${commandName} cannot run through a server, so --url does not apply to it (it works on ${commandName === 'generate' ? 'files' : 'the data folder or Neo4j'} on this machine)`,
      { path: '--url' },
    );
  }
  if (!['copy', 'bulk-load'].includes(commandName)) return;
  const config = loadConfig();
  if (config.engine !== 'embedded' && commandName === 'bulk-load') return;
  const live = await liveLocalServer(config.dataDir);
  if (live) {
    throw new KgError(
      'DATA_DIR_LOCKED',
      `kg ${commandName} writes the data folder ${config.dataDir} directly, and the server at ${live.url} holds it: stop that server first`,
      { path: 'KG_DATA_DIR' },
    );
  }
}
