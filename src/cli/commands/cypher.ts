/**
 * `kg cypher`: run a Cypher query or a named query, locally (opening the data folder) or on a running server
 * (`kg --url …`, or the server holding the data folder), and print the rows as a table, JSON or CSV.
 */
import fs from 'node:fs';
import { Command, Option } from 'commander';
import Table from 'cli-table3';
import { loadConfig, type Config } from '../../config';
import { KgError } from '../../errors';
import type { CypherResult, Json } from '../../graph/port';
import type { NamedQuery } from '../../queries/library';

/** The named-query library (and its YAML parser), loaded when a cypher command runs, not for every kg command. */
const library = () => require('../../queries/library') as typeof import('../../queries/library');
import { renderRows, type OutputFormat } from '../output';
import { remoteCypher, remoteNamedQueries, remoteNamedQuery } from '../remote';
import { graphTarget, withGraph, writeToken } from '../graph-target';

interface CypherOptions {
  file?: string;
  format: OutputFormat;
  write: boolean;
  param: string[];
  name?: string;
  list: boolean;
  url?: string;
}

/** Reads the query: the argument, or a file, or stdin for `-` or no argument. */
function readQuery(arg: string | undefined, file: string | undefined): string {
  if (file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new KgError('BAD_USER_INPUT', `--file: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { path: '--file' });
    }
  }
  if (!arg || arg === '-') return fs.readFileSync(0, 'utf8');
  return arg;
}

/** A value typed on the command line: JSON when it reads as JSON (2, true, ["a"]), else the text itself. */
function parseLooseValue(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

/** `--param name=value` pairs as an object; a named query reads each value as its declared type. */
export function parseParams(pairs: string[], query?: NamedQuery): Record<string, Json> {
  const params: Record<string, Json> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new KgError('BAD_USER_INPUT', `--param "${pair}": expected name=value`, { path: '--param' });
    const name = pair.slice(0, eq).trim().replace(/^\$/, '');
    const text = pair.slice(eq + 1);
    params[name] = query ? library().parseParameterText(query, name, text) : parseLooseValue(text);
  }
  return params;
}

function printResult(result: CypherResult, format: OutputFormat, cap: number): void {
  console.log(renderRows(result.columns, result.rows, format));
  if (result.truncated) console.error(`(truncated at ${cap} rows: KG_CYPHER_MAX_ROWS)`);
  if (format === 'table') console.error(`${result.rows.length} row${result.rows.length === 1 ? '' : 's'} in ${result.elapsedMs} ms (${result.engine})`);
}

function printLibrary(queries: { name: string; description: string; parameters: { name: string; type: string; required: boolean; default?: unknown }[] }[]): void {
  const table = new Table({ head: ['name', 'parameters', 'description'], wordWrap: true, colWidths: [24, 34, 60], style: { head: [], border: [] } });
  for (const q of queries) {
    const params = q.parameters.map((p) => `${p.name}: ${p.type}${p.required ? '' : ` = ${JSON.stringify(p.default)}`}`).join('\n');
    table.push([q.name, params, q.description]);
  }
  console.log(table.toString());
}

async function run(config: Config, query: string | undefined, opts: CypherOptions, command: Command): Promise<void> {
  if (opts.write && (opts.name || opts.list)) throw new KgError('BAD_USER_INPUT', 'named queries only read; --write goes with a query of your own', { path: '--write' });
  const dir = library().libraryDir(config.projectRoot);
  if (opts.list) return printLibrary(opts.url ? await remoteNamedQueries(opts.url) : library().namedQueries(dir));
  const limits = { timeoutMs: config.cypherTimeoutMs, maxRows: config.cypherMaxRows };

  const target = await graphTarget(command, config, 'cypher');
  if (target.where === 'server') {
    if (opts.name) {
      const local = library().namedQueries(dir).find((q) => q.name === opts.name);
      return printResult(await remoteNamedQuery(target.url, opts.name, parseParams(opts.param, local)), opts.format, limits.maxRows);
    }
    const token = opts.write ? writeToken(target, 'cypher --write') : undefined;
    const text = readQuery(query, opts.file);
    return printResult(await remoteCypher(target.url, text, parseParams(opts.param), token), opts.format, limits.maxRows);
  }

  const named = opts.name ? library().namedQuery(dir, opts.name) : undefined;
  // Everything about the request is checked before the data folder is opened.
  const params = parseParams(opts.param, named);
  if (named) library().bindParameters(named, params);
  const text = named ? named.text[config.engine] : readQuery(query, opts.file);
  const result = await withGraph(config, (store) =>
    named ? library().runNamedQuery(store, named, params, limits) : store.runCypher(text, { params, readOnly: !opts.write, ...limits }),
  );
  printResult(result, opts.format, limits.maxRows);
}

/** Adds `kg cypher` to the program. */
export function register(program: Command): void {
  program
    .command('cypher')
    .description('run a Cypher query (read-only unless --write) or a named query (--name), and print the rows')
    .argument('[query]', 'the query; "-" or nothing reads it from stdin')
    .option('-f, --file <file>', 'read the query from a file')
    .option('-n, --name <name>', 'run a named query from cypher/queries (see --list)')
    .option('-p, --param <name=value>', 'a query parameter, repeatable (JSON values such as 2 or ["a"] are typed; named queries use their declared types)', (v: string, all: string[]) => [...all, v], [])
    .option('--list', 'list the named queries and their parameters', false)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .option('--write', 'allow the query to change the graph (through a server: sends KG_ADMIN_TOKEN, or the credential of the server holding the data folder)', false)
    .action(async (query: string | undefined, opts: CypherOptions, command: Command) => {
      await run(loadConfig(), query, { ...opts, url: command.optsWithGlobals<{ url?: string }>().url }, command);
    });
}
