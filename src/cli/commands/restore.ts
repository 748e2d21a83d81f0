/**
 * `kg restore <backup>`: checks a backup against its manifest, copies it into a data folder that no process holds
 * (refusing to replace a graph without --force, and keeping the replaced folder aside), then `kg check`s it.
 */
import path from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../../config';
import { enginePlugin } from '../../graph/engines';
import { readLocalServer } from '../local-server';
import { checkFolder } from './check';

/** Adds `kg restore` to the program. */
export function register(program: Command): void {
  program
    .command('restore <backup>')
    .description('bring a backup back into the data folder (no server may hold it); --force replaces a graph, keeping it aside')
    .option('--data-dir <dir>', 'the data folder to restore into (default KG_DATA_DIR)')
    .option('--force', 'replace the graph in the data folder (the old folder is renamed, not deleted)')
    .action(async (backup: string, opts: { dataDir?: string; force?: boolean }) => {
      const config = loadConfig();
      const dataDir = path.resolve(opts.dataDir ?? config.dataDir);
      const server = readLocalServer(dataDir);
      const { manifest, keptAside } = await enginePlugin('embedded').folder!.restore(path.resolve(backup), dataDir, {
        force: opts.force,
        ...(server ? { heldBy: `kg serve at ${server.url}, process ${server.pid}` } : {}),
      });
      console.log(`kg restore: ${dataDir} now holds the backup of ${manifest.createdAt} (${manifest.counts.entities} entities, ${manifest.counts.relationships} relationships, ${manifest.counts.sources} sources)`);
      if (keptAside) console.log(`kg restore: the folder it replaced is kept as ${keptAside}`);
      if (!(await checkFolder(dataDir, 'text', config.bufferPoolMb))) process.exitCode = 1;
    });
}
