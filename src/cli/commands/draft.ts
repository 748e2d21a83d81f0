/**
 * `kg draft article.txt`: writes a facts document skeleton for a person to complete. Reads the graph (to link
 * the entities it already knows) but never writes to it; through the server when one holds the data folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../../config';
import { KgError } from '../../errors';
import type { Draft } from '../../knowledge/draft';

/** The stub type a draft leaves where a person must choose (kept in step with knowledge/draft.ts, which loads slowly). */
const TYPE_TO_CHOOSE = 'CHOOSE_A_TYPE';
import { graphTarget, withGraph, writeToken } from '../graph-target';
import { remoteAdmin } from '../remote';

/** Adds `draft` to the `kg` program. */
export function register(program: Command): void {
  program
    .command('draft')
    .description('write a facts document skeleton from an article: known entities, candidate entities, candidate evidence (nothing enters the graph)')
    .argument('<article>', 'the article as a plain text file')
    .option('-o, --out <file>', 'where to write the draft ("-" for stdout); default <article>.facts.yaml beside the article')
    .option('--id <id>', 'source id (default: a slug of the title)')
    .option('--title <title>', 'source title (default: the first line of the article)')
    .option('--text-path', 'refer to the article by a textPath instead of copying its text into the draft', false)
    .option('-f, --force', 'overwrite an existing draft', false)
    .option('--allow-empty', 'draft even when the data folder holds no graph yet (no entity will be known)', false)
    .action(async (article: string, opts: { out?: string; id?: string; title?: string; textPath: boolean; force: boolean; allowEmpty: boolean }, command: Command) => {
      let text: string;
      try {
        text = fs.readFileSync(article, 'utf8');
      } catch (e) {
        throw new KgError('BAD_USER_INPUT', `cannot read ${article}: ${(e as Error).message}`, { path: article });
      }
      if (!text.trim()) throw new KgError('BAD_USER_INPUT', `${article} is empty`, { path: article });
      const out = opts.out ?? path.join(path.dirname(article), `${path.basename(article).replace(/\.[^.]+$/, '')}.facts.yaml`);
      if (out !== '-' && fs.existsSync(out) && !opts.force) {
        throw new KgError('BAD_USER_INPUT', `${out} exists; pass --force to overwrite it or --out to write elsewhere`, { path: out });
      }
      const config = loadConfig();
      const textPath = !opts.textPath || out === '-' ? undefined : path.relative(path.dirname(path.resolve(out)), path.resolve(article));
      const options = { sourceId: opts.id, title: opts.title, textPath };
      const target = await graphTarget(command, config, 'draft');
      let draft: Draft;
      if (target.where === 'server') {
        draft = await remoteAdmin<Draft>(target.url, 'draft', { text, ...options }, writeToken(target, 'draft'));
      } else {
        // A draft against an empty graph knows no entity: from the wrong folder that is a silent, useless draft.
        if (target.fresh && !opts.allowEmpty) {
          throw new KgError(
            'BAD_USER_INPUT',
            `kg draft: ${config.dataDir} holds no graph, so the draft would know none of its entities; set KG_DATA_DIR to your graph's folder, or pass --allow-empty to draft against an empty graph`,
            { path: 'KG_DATA_DIR' },
          );
        }
        // The NLP library takes a second to load: only here, not for every kg command.
        const { draftFacts } = require('../../knowledge/draft') as typeof import('../../knowledge/draft');
        const { NameIndex } = require('../../knowledge/resolve') as typeof import('../../knowledge/resolve');
        const graph = await withGraph(config, async (store) => new NameIndex(await store.entityLabels()));
        draft = draftFacts(text, graph, options);
      }
      if (out === '-') process.stdout.write(draft.yaml);
      else fs.writeFileSync(out, draft.yaml);
      const known = draft.entities.filter((e) => e.known).length;
      const choices = draft.relationships.filter((r) => r.type === TYPE_TO_CHOOSE).length;
      process.stderr.write(
        `draft: ${out === '-' ? 'printed' : `wrote ${out}`}: ${known} known entities, ${draft.entities.length - known} candidate entities, ` +
          `${draft.relationships.length} candidate relationships (${choices} with a type to choose); nothing was added to the graph\n`,
      );
    });
}
