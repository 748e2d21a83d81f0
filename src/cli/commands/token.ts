/**
 * `kg token`: prints the credential the running `kg serve` left in its data folder for this start, to paste into
 * the browser (the explorer's workbench, GraphiQL's Authorization header) where the admin token is asked for.
 * Only whoever can read the data folder's files can read it; it stops working when that server stops.
 */
import { Command } from 'commander';
import { loadConfig } from '../../config';
import { KgError } from '../../errors';
import { liveLocalServer } from '../graph-target';

/** Adds `token` to the `kg` program. */
export function register(program: Command): void {
  program
    .command('token')
    .description("print the running server's per-start admin credential (from its data folder) for the browser")
    .action(async () => {
      const config = loadConfig();
      if (config.engine !== 'embedded') {
        throw new KgError('BAD_USER_INPUT', 'kg token reads the credential a server leaves in its embedded data folder; on Neo4j use the KG_ADMIN_TOKEN you configured', { path: 'NEO4J_URI' });
      }
      const live = await liveLocalServer(config.dataDir);
      if (!live) {
        throw new KgError('NOT_FOUND', `no running kg server holds the data folder ${config.dataDir}: start one with \`kg serve\` (or set KG_DATA_DIR to the folder it serves)`, { path: 'KG_DATA_DIR' });
      }
      process.stderr.write(`kg token: the admin credential of the server at ${live.url} (data folder ${config.dataDir}), valid until it stops\n`);
      console.log(live.credential);
    });
}
