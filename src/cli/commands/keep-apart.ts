/**
 * `kg keep-apart <a> <b>`: an analyst's decision that two entities are different ones; the pair leaves
 * `kg duplicates`. Through the server holding the folder (or `--url`, with the admin token), or on the folder.
 */
import { Command, Option } from 'commander';
import { loadConfig } from '../../config';
import { graphTarget, withGraph, writeToken } from '../graph-target';
import { defaultAnalyst } from './merge';

interface DecisionView {
  id: string;
  subjects: string[];
  analyst: string;
  at: string;
  reason: string | null;
}

const MUTATION = `mutation($a: ID!, $b: ID!, $reason: String, $analyst: String) {
  keepApart(a: $a, b: $b, reason: $reason, analyst: $analyst) { id subjects analyst at reason } }`;

async function keepApart(command: Command, request: { a: string; b: string; reason?: string; analyst: string }): Promise<DecisionView> {
  const config = loadConfig();
  const target = await graphTarget(command, config, 'keep-apart');
  if (target.where === 'server') {
    const { remoteGraphql } = require('../remote') as typeof import('../remote');
    return (await remoteGraphql<{ keepApart: DecisionView }>(target.url, MUTATION, request, writeToken(target, 'keep-apart'))).keepApart;
  }
  const decisions = require('../../knowledge/decisions') as typeof import('../../knowledge/decisions');
  const d = await withGraph(config, (store) => decisions.keepApart(store, { a: request.a, b: request.b, actor: request.analyst, reason: request.reason }));
  return { id: d.id, subjects: d.subjects, analyst: d.actor, at: d.at, reason: d.reason };
}

/** Adds `kg keep-apart` to the program. */
export function register(program: Command): void {
  program
    .command('keep-apart')
    .description('record that entities <a> and <b> are different ones (who, when, why): the pair leaves kg duplicates')
    .argument('<a>', 'id of one entity')
    .argument('<b>', 'id of the other')
    .option('-r, --reason <text>', 'why: kept with the decision')
    .option('--analyst <name>', 'who decides (default: this account)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (a: string, b: string, opts: { reason?: string; analyst?: string; format: string }, command: Command) => {
      const d = await keepApart(command, { a, b, reason: opts.reason, analyst: opts.analyst ?? defaultAnalyst() });
      if (opts.format === 'json') return console.log(JSON.stringify(d, null, 2));
      console.log(`kept ${d.subjects[0]} and ${d.subjects[1]} apart; decision ${d.id} by ${d.analyst} at ${d.at}${d.reason ? ` (${d.reason})` : ''}`);
    });
}
