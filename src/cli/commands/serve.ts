/**
 * `kg serve [--port N]`: checks the port is free before anything else (seeding can take seconds), opens the graph,
 * seeds it on first start, serves the API, the IDE and the explorer, and says in one short block what is where.
 * On SIGINT/SIGTERM it finishes the requests in flight, closes the graph and exits 0.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Command } from 'commander';
import { DEFAULT_ONTOLOGY, loadConfig, type Config } from '../../config';
import { KgError } from '../../errors';
import type { GraphStats } from '../../graph/port';
import { announceFolder } from '../graph-target';
import { forgetLocalServer, newCredential, recordLocalServer } from '../local-server';

/** Refuses a port something else listens on, naming the flag and setting that change it. */
export async function ensurePortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(port, host, resolve);
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new KgError(
        'BAD_USER_INPUT',
        `port ${port} on ${host} is ${code === 'EADDRINUSE' ? 'already in use (another kg serve?)' : 'not open to this user'}: choose another with \`kg serve --port N\` (or KG_PORT; 0 takes any free port)`,
        { path: '--port' },
      );
    }
    throw e;
  } finally {
    await new Promise((resolve) => probe.close(resolve));
  }
}

/** The installed LadybugDB's version (its package.json sits beside its entry point; the package does not export it). */
function ladybugVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve('@ladybugdb/core')), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown version';
  }
}

/** The start-up block: where the explorer, the IDE and the health check answer, the engine, the data, the graph's size. */
export function startupBlock(config: Config, url: string, engine: string, stats: Pick<GraphStats, 'entities' | 'relationships' | 'sources'>, credential: boolean): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const engineVersion = engine === 'embedded' ? `embedded (LadybugDB ${ladybugVersion()}, in this process)` : `Neo4j at ${config.neo4j?.uri} (database ${config.neo4j?.database})`;
  const rows: [string, string][] = [
    ['explorer', `${url}/`],
    ['GraphQL + IDE', `${url}/graphql`],
    ['health check', `${url}/healthz`],
    ['engine', engineVersion],
    ...(engine === 'embedded' ? [['data folder', config.dataDir] as [string, string]] : []),
    ['graph', `${plural(stats.entities, 'entity').replace('entitys', 'entities')}, ${plural(stats.relationships, 'relationship')}, ${plural(stats.sources, 'source')}`],
    ['writes', credential ? (config.adminToken ? 'KG_ADMIN_TOKEN, or `kg token` for this start’s credential' : '`kg token` prints this start’s credential') : config.adminToken ? 'KG_ADMIN_TOKEN' : 'read-only (no KG_ADMIN_TOKEN set)'],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n');
}

/** Adds `serve` to the `kg` program. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('start the GraphQL API, its IDE and the explorer (seeds the graph first unless KG_SEED_ON_START=false)')
    .option('-p, --port <port>', 'port (default KG_PORT or 4000; 0 takes any free port)')
    .action(async (opts: { port?: string }) => {
      const config = loadConfig(opts.port ? { ...process.env, KG_PORT: opts.port } : process.env);
      await ensurePortFree(config.host, config.port);
      const { createLogger } = require('../../log') as typeof import('../../log');
      const { openGraphStore } = require('../../graph/open') as typeof import('../../graph/open');
      const { startServer } = require('../../api/server') as typeof import('../../api/server');
      const log = createLogger(config.logLevel);
      announceFolder(config, 'serve');
      const store = await openGraphStore(config);
      // seed/ is written in the shipped ontology's kinds; a server on another ontology starts from its own documents.
      if (config.seedOnStart && config.ontologyFile === path.join(config.projectRoot, DEFAULT_ONTOLOGY)) {
        const { loadSeed } = require('../../knowledge/load') as typeof import('../../knowledge/load');
        await loadSeed(store, path.join(config.projectRoot, 'seed'), { onlyMissing: true });
      }
      await store.warmUp?.();
      // A credential for this start, left in the data folder for local `kg` commands and `kg token` to find.
      const localCredential = config.engine === 'embedded' ? newCredential() : undefined;
      const server = await startServer(config, store, { localCredential });
      if (localCredential) recordLocalServer(config.dataDir, { url: server.url, credential: localCredential });
      log.info({ engine: store.engine, url: `${server.url}/graphql` }, 'knowledge graph API ready');
      console.log(`kg: serving ${store.engine} graph at ${server.url}/graphql`);
      console.log(startupBlock(config, server.url, store.engine, await store.stats(), Boolean(localCredential)));
      let stopping = false;
      const shutdown = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'shutting down: finishing requests in flight');
        if (localCredential) forgetLocalServer(config.dataDir);
        await server.stop();
        await store.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
    });
}
