/**
 * `kg backup <dir>`: a consistent copy of the embedded graph. While a server holds the data folder the copy is
 * taken by the server (POST /admin/backup, inside its write queue, after a checkpoint), authenticated with the
 * credential it left in the folder (or KG_ADMIN_TOKEN with --url); with no server, the command opens the folder.
 */
import path from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../../config';
import { KgError, type ErrorCode } from '../../errors';
import { enginePlugin } from '../../graph/engines';
import type { BackupManifest } from '../../graph/port';
import { withGraph } from '../graph-target';
import { readLocalServer } from '../local-server';

/** Asks the server at `url` for a backup into `dir` (a folder on the server's machine). */
export async function remoteBackup(url: string, dir: string, token: string): Promise<BackupManifest> {
  let endpoint: URL;
  try {
    endpoint = new URL('/admin/backup', url);
  } catch {
    throw new KgError('BAD_USER_INPUT', `--url: "${url}" is not a URL (expected e.g. http://127.0.0.1:4000)`, { path: '--url' });
  }
  let response: Response;
  try {
    response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ dir }) });
  } catch (e) {
    throw new KgError('ENGINE_UNAVAILABLE', `cannot reach the kg server at ${endpoint.origin}: is \`kg serve\` running there?`, {}, { cause: e });
  }
  const body = (await response.json().catch(() => ({}))) as BackupManifest & { errors?: { message: string; extensions?: { code?: string } }[] };
  const error = body.errors?.[0];
  if (error) throw new KgError((error.extensions?.code ?? 'ENGINE_ERROR') as ErrorCode, error.message);
  if (!response.ok || !Array.isArray(body.files)) throw new KgError('ENGINE_ERROR', `${endpoint} answered HTTP ${response.status} without a backup: is it a kg server?`);
  return body;
}

/** Adds `kg backup` to the program. */
export function register(program: Command): void {
  program
    .command('backup <dir>')
    .description('write a consistent copy of the graph into a new or empty folder; through the running server when there is one')
    .option('--data-dir <dir>', 'the data folder to back up (default KG_DATA_DIR)')
    .action(async (dir: string, opts: { dataDir?: string }) => {
      const config = loadConfig();
      const target = path.resolve(dir);
      const url = program.opts<{ url?: string }>().url;
      const dataDir = path.resolve(opts.dataDir ?? config.dataDir);
      let manifest: BackupManifest;
      let how: string;
      if (url) {
        if (!config.adminToken) throw new KgError('UNAUTHENTICATED', 'a backup through --url needs the admin token: set KG_ADMIN_TOKEN (environment or .env)');
        manifest = await remoteBackup(url, target, config.adminToken);
        how = `by the server at ${url} (the folder is on its machine)`;
      } else if (config.neo4j) {
        throw new KgError('BAD_USER_INPUT', 'kg backup copies the embedded data folder; back up Neo4j with its own tools (neo4j-admin database dump)');
      } else {
        const local = readLocalServer(dataDir);
        if (local) {
          manifest = await remoteBackup(local.url, target, local.credential);
          how = `by the server holding ${dataDir} (${local.url})`;
        } else {
          enginePlugin('embedded').folder!.refuseNonEmptyBackupTarget(target);
          manifest = await withGraph({ ...config, dataDir }, (store) => store.backup!(target));
          how = `from ${dataDir} (no server holds it)`;
        }
      }
      const bytes = manifest.files.reduce((s, f) => s + f.bytes, 0);
      const c = manifest.counts;
      console.log(`kg backup: wrote ${target} ${how}: ${manifest.files.map((f) => f.name).join(', ')}, ${bytes} bytes; ${c.entities} entities, ${c.relationships} relationships, ${c.sources} sources`);
    });
}
