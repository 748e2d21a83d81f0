/**
 * `kg merge <keep> <merge>`: an analyst's merge of two entities, stored as a decision (who, when, why); through the
 * server holding the folder (or `--url`, with the admin token), or on the folder itself. `kg keep-apart` is beside it.
 */
import os from 'node:os';
import { Command, Option } from 'commander';
import { loadConfig } from '../../config';
import { graphTarget, withGraph, writeToken } from '../graph-target';

/** What a merge did, as the command prints it (the same from the server or the folder). */
interface MergeView {
  decision: { id: string; analyst: string; at: string; reason: string | null };
  survivor: { id: string; name: string; aliases: string[] };
  relationshipsMoved: number;
  relationshipsCollapsed: number;
  mentionsMoved: number;
  aliasesAdded: string[];
}

const MUTATION = `mutation($keep: ID!, $merge: ID!, $reason: String, $analyst: String) {
  mergeEntities(keep: $keep, merge: $merge, reason: $reason, analyst: $analyst) {
    decision { id analyst at reason } survivor { id name aliases } relationshipsMoved relationshipsCollapsed mentionsMoved aliasesAdded } }`;

/** Who decides, unless told: the account running kg. */
export function defaultAnalyst(): string {
  try {
    return os.userInfo().username || 'analyst';
  } catch {
    return 'analyst';
  }
}

async function merge(command: Command, request: { keep: string; merge: string; reason?: string; analyst: string }): Promise<MergeView> {
  const config = loadConfig();
  const target = await graphTarget(command, config, 'merge');
  if (target.where === 'server') {
    const { remoteGraphql } = require('../remote') as typeof import('../remote');
    const data = await remoteGraphql<{ mergeEntities: MergeView }>(target.url, MUTATION, request, writeToken(target, 'merge'));
    return data.mergeEntities;
  }
  const decisions = require('../../knowledge/decisions') as typeof import('../../knowledge/decisions');
  return withGraph(config, async (store) => {
    const { decision, summary } = await decisions.mergeEntities(store, { keep: request.keep, merge: request.merge, actor: request.analyst, reason: request.reason });
    const [survivor] = await store.getEntities([decision.subjects[0]]);
    return { decision: { id: decision.id, analyst: decision.actor, at: decision.at, reason: decision.reason }, survivor: survivor!, ...summary };
  });
}

/** Adds `kg merge` to the program. */
export function register(program: Command): void {
  program
    .command('merge')
    .description('merge entity <merge> into <keep>: its relationships, quotes, sources, mentions and names move to <keep>, and the decision is stored (who, when, why); refused, nothing changed, when the ontology cannot reconcile them')
    .argument('<keep>', 'id of the entity that stays')
    .argument('<merge>', 'id of the entity merged into it (its id then answers <keep>)')
    .option('-r, --reason <text>', 'why: kept with the decision')
    .option('--analyst <name>', 'who decides (default: this account)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (keep: string, merged: string, opts: { reason?: string; analyst?: string; format: string }, command: Command) => {
      const view = await merge(command, { keep, merge: merged, reason: opts.reason, analyst: opts.analyst ?? defaultAnalyst() });
      if (opts.format === 'json') return console.log(JSON.stringify(view, null, 2));
      console.log(`merged ${merged} into ${view.survivor.id} (${view.survivor.name}); decision ${view.decision.id} by ${view.decision.analyst} at ${view.decision.at}`);
      console.log(
        `  relationships moved: ${view.relationshipsMoved} (${view.relationshipsCollapsed} joined one ${view.survivor.id} had, quotes kept); ` +
          `sources whose mentions moved: ${view.mentionsMoved}; names added as aliases: ${view.aliasesAdded.length > 0 ? view.aliasesAdded.join('; ') : 'none'}`,
      );
      console.log(`  ${merged} now answers ${view.survivor.id}; the merge is replayed when the same documents are ingested again`);
    });
}
