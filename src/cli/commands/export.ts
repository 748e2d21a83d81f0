/**
 * `kg export`: writes the whole graph as JSON (for `kg import`), a Cypher script (for Neo4j), GraphML (for graph
 * tools), FollowTheMoney entities (for Aleph and OpenSanctions tools), JSON-LD with PROV-O (linked data) or
 * neo4j-admin import CSV files. The last three stream the graph in slices, so memory stays flat however large it is.
 * Through the server holding the data folder (or --url) the files are the same: the server sends the graph, they are written here.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command, Option } from 'commander';
import { loadConfig } from '../../config';
import { KgError } from '../../errors';
import { openGraphStore } from '../../graph/open';
import type { EngineName, GraphDump, GraphSlice } from '../../graph/port';
import { graphTarget, writeToken, type GraphTarget } from '../graph-target';
import { remoteAdmin, remoteAdminLines, remoteStats } from '../remote';
import { graphCypherStatements } from '../../transfer/graph-cypher';
import { graphmlChunks } from '../../transfer/graph-graphml';
import { graphJsonChunks } from '../../transfer/graph-json';
import { ftmLines } from '../../transfer/graph-ftm';
import { jsonldChunks } from '../../transfer/graph-jsonld';
import { writeNeo4jCsv } from '../../transfer/graph-neo4j-csv';

export type ExportFormat = 'json' | 'cypher' | 'graphml' | 'ftm' | 'jsonld' | 'neo4j-csv';
/** Formats written from slices of the graph rather than a whole dump in memory. */
const STREAMED: readonly ExportFormat[] = ['ftm', 'jsonld', 'neo4j-csv'];
/** Entities per slice of a streamed export. */
export const EXPORT_SLICE = 1000;

/** The chunks of one export format. */
export function exportChunks(format: ExportFormat, dump: GraphDump, engine: EngineName): Iterable<string> {
  if (format === 'cypher') return graphCypherStatements(dump);
  if (format === 'graphml') return graphmlChunks(dump);
  return graphJsonChunks(dump, engine);
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
        'ftm (FollowTheMoney entities), jsonld (JSON-LD with PROV-O provenance), neo4j-csv (a folder for neo4j-admin database import)',
    )
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'cypher', 'graphml', 'ftm', 'jsonld', 'neo4j-csv']).default('json'))
    .option('-o, --out <file>', 'write to a file instead of stdout (a folder for neo4j-csv)')
    .action(async (opts: { format: ExportFormat; out?: string }, command: Command) => {
      if (opts.format === 'neo4j-csv' && !opts.out) throw new KgError('BAD_USER_INPUT', 'neo4j-csv writes several files: name a folder with --out', { path: '--out' });
      const config = loadConfig();
      const target = await graphTarget(command, config, 'export');
      if (target.where === 'server') return exportRemote(target, opts);
      const store = await openGraphStore(config);
      if (STREAMED.includes(opts.format)) {
        try {
          await writeStreamed(opts, store.exportSlices({ batchSize: EXPORT_SLICE }), store.engine);
        } finally {
          await store.close();
        }
        return;
      }
      let dump: GraphDump;
      try {
        dump = await store.exportGraph();
      } finally {
        await store.close();
      }
      await writeWhole(opts, dump, store.engine);
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

/** Writes a streamed format (ftm, jsonld, neo4j-csv) from slices and says what it wrote. */
async function writeStreamed(opts: { format: ExportFormat; out?: string }, slices: AsyncIterable<GraphSlice>, engine: EngineName): Promise<void> {
  if (opts.format === 'neo4j-csv') {
    const c = await writeNeo4jCsv(slices, opts.out!);
    console.error(
      `kg: wrote ${c.entities} entities, ${c.relationships} relationships, ${c.sources} sources, ${c.mentions} mentions from the ${engine} graph ` +
        `to ${opts.out} (neo4j-csv; README.md there has the neo4j-admin command)`,
    );
  } else {
    await writeChunks(opts.format === 'ftm' ? ftmLines(slices) : jsonldChunks(slices), opts.out);
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
  // The engine's name, for the closing line, from the server's stats.
  const { engine } = await remoteStats(target.url);
  await writeStreamed(opts, remoteAdminLines<GraphSlice>(target.url, 'export', { shape: 'slices', batchSize: EXPORT_SLICE }, token), engine as EngineName);
}
