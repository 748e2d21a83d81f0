/**
 * `kg seed`: loads the seed facts documents (seed/) into the graph, or has the server holding the folder load them;
 * idempotent, so a second run reports everything unchanged.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import type { WriteSummary } from '../../graph/port';
import { graphTarget, withGraph, writeToken } from '../graph-target';
import { remoteAdmin } from '../remote';

/** One line per seed document: what was created, updated and left unchanged. */
export function describeSeedLoad(s: WriteSummary): string {
  return (
    `entities: ${s.entitiesCreated} created, ${s.entitiesUpdated} updated, ${s.entitiesUnchanged} unchanged; ` +
    `relationships: ${s.relationshipsCreated} created, ${s.relationshipsUpdated} updated, ${s.relationshipsUnchanged} unchanged`
  );
}

/** Adds `kg seed` to the program. */
export function register(program: Command): void {
  program
    .command('seed')
    .description('load the seed facts documents (idempotent: a second run changes nothing)')
    .action(async (_opts: unknown, command: Command) => {
      const config = loadConfig();
      const target = await graphTarget(command, config, 'seed');
      // The loader (and the ingestion it runs) is required here only: `kg --help` loads none of it.
      const { loadSeed } = require('../../knowledge/load') as typeof import('../../knowledge/load');
      const summaries =
        target.where === 'server'
          ? (await remoteAdmin<{ summaries: WriteSummary[] }>(target.url, 'seed', {}, writeToken(target, 'seed'))).summaries
          : await withGraph(config, (store) => loadSeed(store, path.join(config.projectRoot, 'seed')));
      for (const s of summaries) console.log(describeSeedLoad(s));
    });
}
