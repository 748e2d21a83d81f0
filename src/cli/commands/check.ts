/**
 * `kg check`: opens a data folder read-only in a child process (so a damaged folder cannot crash the command),
 * runs the consistency reads and prints a verdict; exit code 0 when the folder can be trusted, 1 otherwise.
 * Works beside a running server: a read-only open sees the graph as of its opening.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { loadConfig } from '../../config';
import { enginePlugin, type ProbeResult } from '../../graph/engines';

const folder = enginePlugin('embedded').folder!;

/** Checks `dataDir` and prints the verdict; returns whether the folder can be trusted. */
export async function checkFolder(dataDir: string, format: 'text' | 'json' = 'text', bufferPoolMb?: number): Promise<boolean> {
  if (!fs.existsSync(path.join(dataDir, folder.databaseFile))) {
    const result: ProbeResult = { ok: false, failure: `there is no graph in ${dataDir} (no ${folder.databaseFile})`, checks: [] };
    print(dataDir, result, format);
    return false;
  }
  const result = await folder.probe(dataDir, 'full', bufferPoolMb);
  // A damaged log (not a torn tail) loses committed transactions at the next start: not a folder to trust.
  const trusted = result.ok && result.droppedLog?.tail !== 'damaged';
  print(dataDir, { ...result, ok: trusted }, format);
  return trusted;
}

function print(dataDir: string, result: ProbeResult, format: 'text' | 'json'): void {
  const setAside = fs.existsSync(dataDir) ? fs.readdirSync(dataDir).filter((f) => f.includes('.wal.damaged-')) : [];
  if (format === 'json') return console.log(JSON.stringify({ dataDir, ...result, setAside }, null, 2));
  console.log(`kg check: ${dataDir}`);
  for (const c of result.checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}${c.ok ? '' : `: ${c.detail}`}`);
  const log = result.droppedLog;
  if (log) {
    console.log(
      `  ${log.tail === 'torn' ? 'warn' : 'FAIL'}  write-ahead log: ${log.problem}; the next start sets the log aside and drops ` +
        `${log.bytesDropped} bytes (${log.tail === 'torn' ? 'an unfinished transaction, as a crash leaves it' : 'damage: committed transactions after it are lost'}), keeping ${log.transactionsKept} transactions`,
    );
  }
  for (const f of setAside) console.log(`  warn  ${f}: a damaged log set aside earlier; the graph lacks what it held`);
  const c = result.counts;
  const size = c ? ` (${c.entities} entities, ${c.relationships} relationships, ${c.sources} sources, ${c.mentions} mentions)` : '';
  console.log(result.ok ? `verdict: OK${size}` : `verdict: DAMAGED: ${result.failure ?? 'the write-ahead log is damaged'}`);
  if (!result.ok && !/kg restore/.test(result.failure ?? '')) console.log('what to do: restore a backup with `kg restore <backup-folder> --force`, or move the folder aside to start a new graph');
}

/** Adds `kg check` to the program. */
export function register(program: Command): void {
  program
    .command('check')
    .description('verify a data folder (read-only, in a child process): counts, ids, relationship ends, indexes; exit 1 when damaged')
    .option('--data-dir <dir>', 'the folder to check (default KG_DATA_DIR)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: { dataDir?: string; format: 'text' | 'json' }) => {
      const config = loadConfig();
      const ok = await checkFolder(path.resolve(opts.dataDir ?? config.dataDir), opts.format, config.bufferPoolMb);
      if (!ok) process.exitCode = 1;
    });
}
