/**
 * `kg duplicates`: likely duplicate pairs within a kind, best first, with the evidence each side has (names,
 * aliases, shared neighbours and sources, conflicting facts); through the server holding the folder, or the
 * folder itself. Read-only: it lists, an analyst decides.
 */
import { Command, Option } from 'commander';
import Table from 'cli-table3';
import { loadConfig } from '../../config';
import { KgError } from '../../errors';
import { graphTarget, withGraph } from '../graph-target';

/** A pair as the command prints it, the same from the server or the folder. */
interface PairView {
  score: number;
  why: string;
  a: SideView;
  b: SideView;
  sharedNeighbours: { id: string; name: string }[];
  sharedSources: { id: string; title: string }[];
  conflicts: string[];
}

interface SideView {
  entity: { id: string; kind: string; name: string; aliases: string[]; description: string | null };
  matchedName: string;
  sources: { id: string; title: string }[];
}

const SIDE = 'entity { id kind name aliases description } matchedName sources { id title }';
const QUERY = `query($kind: EntityKind, $first: Int) { duplicates(kind: $kind, first: $first) { totalCount edges { node {
  score why a { ${SIDE} } b { ${SIDE} } sharedNeighbours { id name } sharedSources { id title } conflicts } } } }`;

async function pairsOf(command: Command, kind: string | undefined, first: number): Promise<{ pairs: PairView[]; totalCount: number }> {
  const config = loadConfig();
  const target = await graphTarget(command, config, 'duplicates');
  if (target.where === 'server') {
    const { remoteGraphql } = require('../remote') as typeof import('../remote');
    const data = await remoteGraphql<{ duplicates: { totalCount: number; edges: { node: PairView }[] } }>(target.url, QUERY, { kind, first });
    return { pairs: data.duplicates.edges.map((e) => e.node), totalCount: data.duplicates.totalCount };
  }
  const { findDuplicates } = require('../../knowledge/duplicates') as typeof import('../../knowledge/duplicates');
  const { pairs } = await withGraph(config, (store) => findDuplicates(store, { kind }));
  const side = (s: (typeof pairs)[number]['a']): SideView => ({
    entity: { id: s.entity.id, kind: s.entity.kind, name: s.entity.name, aliases: s.entity.aliases, description: s.entity.description },
    matchedName: s.matchedName,
    sources: s.sources.map((x) => ({ id: x.id, title: x.title })),
  });
  const views = pairs.slice(0, first).map((p) => ({
    score: p.score,
    why: p.why,
    a: side(p.a),
    b: side(p.b),
    sharedNeighbours: p.sharedNeighbours.map((e) => ({ id: e.id, name: e.name })),
    sharedSources: p.sharedSources.map((s) => ({ id: s.id, title: s.title })),
    conflicts: p.conflicts,
  }));
  return { pairs: views, totalCount: pairs.length };
}

function describe(s: SideView): string {
  const aliases = s.entity.aliases.length > 0 ? `\naka ${s.entity.aliases.join('; ')}` : '';
  const sources = s.sources.length > 0 ? `\nin ${s.sources.map((x) => x.id).join(', ')}` : '';
  return `${s.entity.name} (${s.entity.id})${aliases}${sources}`;
}

/** Adds `kg duplicates` to the program. */
export function register(program: Command): void {
  program
    .command('duplicates')
    .description('list likely duplicate entities within a kind, best first, with the evidence on each side (nothing is merged)')
    .option('-k, --kind <kind>', "only this kind (one of the ontology's kinds)")
    .option('-n, --first <n>', 'how many pairs to list', '20')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (opts: { kind?: string; first: string; format: string }, command: Command) => {
      // The ontology is read here, not on import: `kg --help` loads no YAML or zod.
      const { kindProblem } = require('../../ontology/checks') as typeof import('../../ontology/checks');
      const problem = opts.kind === undefined ? undefined : kindProblem(opts.kind);
      if (problem) throw new KgError('BAD_USER_INPUT', `--kind: ${problem}`, { path: '--kind' });
      const first = Number(opts.first);
      if (!Number.isInteger(first) || first < 1) throw new KgError('BAD_USER_INPUT', `--first must be a positive integer, not "${opts.first}"`, { path: '--first' });
      const { pairs, totalCount } = await pairsOf(command, opts.kind, first);
      if (opts.format === 'json') return console.log(JSON.stringify({ totalCount, pairs }, null, 2));
      if (pairs.length === 0) return console.log('no likely duplicates');
      const table = new Table({ head: ['score', 'why', 'one', 'the other', 'shared', 'conflicts'], wordWrap: true, style: { head: [], border: [] } });
      for (const p of pairs) {
        const shared = [
          p.sharedNeighbours.length > 0 ? `neighbours: ${p.sharedNeighbours.map((e) => e.name).join(', ')}` : '',
          p.sharedSources.length > 0 ? `sources: ${p.sharedSources.map((s) => s.id).join(', ')}` : '',
        ].filter(Boolean);
        table.push([p.score.toFixed(2), p.why, describe(p.a), describe(p.b), shared.join('\n'), p.conflicts.join('\n')]);
      }
      console.log(table.toString());
      console.log(`${pairs.length} of ${totalCount} pair${totalCount === 1 ? '' : 's'}`);
    });
}
