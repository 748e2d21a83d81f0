/**
 * `kg export`: writes the whole graph as JSON (for `kg import`), a Cypher script (for Neo4j), GraphML (for graph
 * tools), FollowTheMoney entities (for Aleph and OpenSanctions tools), JSON-LD with PROV-O (linked data) or
 * neo4j-admin import CSV files. The last three stream the graph in slices, so memory stays flat however large it is,
 * with a progress bar on a terminal.
 * Through the server holding the data folder (or --url) the files are the same: the server sends the graph, they are written here.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command, Option } from 'commander';
import { loadConfig } from '../../config';
import { KgError } from '../../errors';
import type { EngineName, GraphDump, GraphSlice } from '../../graph/port';
import { graphTarget, withGraph, writeToken, type GraphTarget } from '../graph-target';
import { remoteAdmin, remoteAdminLines, remoteStats } from '../remote';

type Writers = typeof import('../../transfer/graph-cypher') &
  typeof import('../../transfer/graph-graphml') &
  typeof import('../../transfer/graph-json') &
  typeof import('../../transfer/graph-ftm') &
  typeof import('../../transfer/graph-jsonld') &
  typeof import('../../transfer/graph-neo4j-csv');

/** The format writers, loaded when an export runs: `kg --help` does not load FtM's model or the JSON-LD context. */
function writers(): Writers {
  return Object.assign(
    {},
    require('../../transfer/graph-cypher'),
    require('../../transfer/graph-graphml'),
    require('../../transfer/graph-json'),
    require('../../transfer/graph-ftm'),
    require('../../transfer/graph-jsonld'),
    require('../../transfer/graph-neo4j-csv'),
  ) as Writers;
}
import { progressBar, withProgress } from '../progress';

export type ExportFormat = 'json' | 'cypher' | 'graphml' | 'ftm' | 'jsonld' | 'neo4j-admin';
/** Names accepted for a format besides its own: `neo4j-csv` was the first name of `neo4j-admin`. */
const FORMAT_ALIASES: Record<string, ExportFormat> = { 'neo4j-csv': 'neo4j-admin' };
const FORMAT_NAMES = ['json', 'cypher', 'graphml', 'ftm', 'jsonld', 'neo4j-admin', ...Object.keys(FORMAT_ALIASES)];
/** Formats written from slices of the graph rather than a whole dump in memory. */
const STREAMED: readonly ExportFormat[] = ['ftm', 'jsonld', 'neo4j-admin'];
/** Entities per slice of a streamed export. */
export const EXPORT_SLICE = 1000;

/** The chunks of one export format. */
export function exportChunks(format: ExportFormat, dump: GraphDump, engine: EngineName): Iterable<string> {
  if (format === 'cypher') return writers().graphCypherStatements(dump);
  if (format === 'graphml') return writers().graphmlChunks(dump);
  return writers().graphJsonChunks(dump, engine);
}

/** Streams `chunks` to a file (replaced only once complete) or to stdout. */
export async function writeChunks(chunks: Iterable<string> | AsyncIterable<string>, out: string | undefined): Promise<void> {
  if (!out) {
    try {
      await pipeline(Readable.from(chunks), process.stdout, { end: false });
    } catch (e) {
      // The reader went away (`kg export | head`): nothing left to write to, and nothing wrong.
      if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw e;
    }
    return;
  }
  // Written beside the target and renamed, so a failed export never leaves half a file under the real name.
  const partial = `${out}.partial-${process.pid}`;
  try {
    await pipeline(Readable.from(chunks), fs.createWriteStream(partial));
    fs.renameSync(partial, out);
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw new KgError('BAD_USER_INPUT', `cannot write ${out}: ${(e as Error).message.replace(partial, out)}`, { path: out }, { cause: e });
  }
}

/** Adds `kg export` to the program. */
export function register(program: Command): void {
  program
    .command('export')
    .description(
      'write the whole graph: json (for kg import), cypher (a script that rebuilds it in Neo4j), graphml (graph tools), ' +
        'ftm (FollowTheMoney entities), jsonld (JSON-LD with PROV-O provenance), neo4j-admin (a folder for neo4j-admin database import; also neo4j-csv)',
    )
    .argument('[target]', 'the file to write (a folder for neo4j-admin); the same as --out')
    .addOption(new Option('--format <format>', 'output format').choices(FORMAT_NAMES).default('json'))
    .option('-o, --out <file>', 'write to a file instead of stdout (a folder for neo4j-admin)')
    .action(async (target: string | undefined, given: { format: string; out?: string }, command: Command) => {
      const opts = { format: FORMAT_ALIASES[given.format] ?? (given.format as ExportFormat), out: exportTarget(target, given.out) };
      if (opts.format === 'neo4j-admin' && !opts.out) throw new KgError('BAD_USER_INPUT', 'neo4j-admin writes several files: name a folder (kg export --format neo4j-admin <folder>)', { path: '--out' });
      const config = loadConfig();
      const where = await graphTarget(command, config, 'export');
      if (where.where === 'server') return exportRemote(where, opts);
      if (STREAMED.includes(opts.format)) {
        return withGraph(config, async (store) => {
          const { entities } = await store.stats();
          await writeStreamed(opts, store.exportSlices({ batchSize: EXPORT_SLICE }), store.engine, entities);
        });
      }
      // The whole dump is read, the graph closed, and only then written out.
      const { dump, engine } = await withGraph(config, async (store) => ({ dump: await store.exportGraph(), engine: store.engine }));
      await writeWhole(opts, dump, engine);
    });
}

/** Writes a whole-dump format (json, cypher, graphml) and says what it wrote. */
async function writeWhole(opts: { format: ExportFormat; out?: string }, dump: GraphDump, engine: EngineName): Promise<void> {
  await writeChunks(exportChunks(opts.format, dump, engine), opts.out);
  if (opts.out) {
    console.error(
      `kg: wrote ${dump.entities.length} entities, ${dump.relationships.length} relationships, ${dump.sources.length} sources, ` +
        `${dump.mentions.length} mentions from the ${engine} graph to ${opts.out} (${opts.format})`,
    );
  }
}

/** The file or folder named by the argument or --out; naming two different ones is refused. */
function exportTarget(argument: string | undefined, out: string | undefined): string | undefined {
  if (argument && out && argument !== out) throw new KgError('BAD_USER_INPUT', `two targets named: ${argument} and --out ${out}; name one`, { path: '--out' });
  return argument ?? out;
}

/**
 * Writes a streamed format (ftm, jsonld, neo4j-admin) from slices and says what it wrote; a progress bar counts
 * the entities written out of `entities` on a terminal.
 */
async function writeStreamed(opts: { format: ExportFormat; out?: string }, source: AsyncIterable<GraphSlice>, engine: EngineName, entities: number): Promise<void> {
  // Only with a file: on stdout the bar would sit in the middle of what a pipe reads from the terminal's view.
  const slices = opts.out ? withProgress(source, progressBar(`export ${opts.format}`, entities, 'entities'), (s) => s.entities.length) : source;
  if (opts.format === 'neo4j-admin') {
    const c = await writers().writeNeo4jCsv(slices, opts.out!);
    console.error(
      `kg: wrote ${c.entities} entities, ${c.relationships} relationships, ${c.sources} sources, ${c.mentions} mentions from the ${engine} graph ` +
        `to ${opts.out} (neo4j-admin)\nkg: load it into a stopped Neo4j from that folder with (README.md there says more):\n${writers().neo4jImportCommand()}`,
    );
  } else {
    await writeChunks(opts.format === 'ftm' ? writers().ftmLines(slices) : writers().jsonldChunks(slices), opts.out);
    if (opts.out) console.error(`kg: wrote the ${engine} graph to ${opts.out} (${opts.format})`);
  }
}

/** Exports through a server: the same files, from the server's dump or its stream of slices. */
async function exportRemote(target: Extract<GraphTarget, { where: 'server' }>, opts: { format: ExportFormat; out?: string }): Promise<void> {
  const token = writeToken(target, 'export');
  if (!STREAMED.includes(opts.format)) {
    const { engine, dump } = await remoteAdmin<{ engine: EngineName; dump: GraphDump }>(target.url, 'export', { shape: 'dump' }, token);
    return writeWhole(opts, dump, engine);
  }
  // The engine's name, for the closing line, and the size, for the progress bar, from the server's stats.
  const { engine, entities } = await remoteStats(target.url);
  await writeStreamed(opts, remoteAdminLines<GraphSlice>(target.url, 'export', { shape: 'slices', batchSize: EXPORT_SLICE }, token), engine as EngineName, entities);
}
