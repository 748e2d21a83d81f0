/**
 * Copying a graph from one engine into another (embedded → Neo4j, or back): read the whole graph, check it,
 * then write it in batches, each batch one write transaction of UNWIND … MERGE statements.
 */
import type { GraphDump, GraphStore, ImportSummary } from '../graph/port';
import { assertConsistent } from './graph-json';

export interface CopyProgress {
  /** Which part of the graph is being written. */
  stage: 'sources' | 'entities' | 'relationships' | 'mentions' | 'claims';
  done: number;
  total: number;
}

export interface CopyOptions {
  /** Records per write transaction. */
  batchSize: number;
  onProgress?: (progress: CopyProgress) => void;
}

const emptyDump = (): GraphDump => ({ sources: [], entities: [], relationships: [], mentions: [] });

/** Copies every source, entity, relationship, mention and claim of `from` into `to` (merging with what `to` holds). */
export async function copyGraph(from: GraphStore, to: GraphStore, options: CopyOptions): Promise<ImportSummary> {
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) throw new Error('batch size must be a positive integer');
  const dump = await from.exportGraph();
  assertConsistent(`the ${from.engine} graph`, dump);
  const total: ImportSummary = {
    sources: 0,
    mentions: 0,
    entitiesCreated: 0,
    entitiesUpdated: 0,
    entitiesUnchanged: 0,
    relationshipsCreated: 0,
    relationshipsUpdated: 0,
    relationshipsUnchanged: 0,
  };
  // Order matters: relationships and mentions find their ends by id, so those ends are written first.
  const stages: CopyProgress['stage'][] = ['sources', 'entities', 'relationships', 'mentions', 'claims'];
  for (const stage of stages) {
    const records = (dump[stage] ?? []) as unknown[];
    options.onProgress?.({ stage, done: 0, total: records.length });
    for (let i = 0; i < records.length; i += options.batchSize) {
      const slice = { ...emptyDump(), [stage]: records.slice(i, i + options.batchSize) } as GraphDump;
      const summary = await to.importGraph(slice);
      for (const key of Object.keys(total) as (keyof ImportSummary)[]) total[key] = (total[key] ?? 0) + (summary[key] ?? 0);
      options.onProgress?.({ stage, done: Math.min(i + options.batchSize, records.length), total: records.length });
    }
  }
  // Analysts' decisions travel with the graph (the copy would otherwise lose every redirect and kept-apart pair).
  if (dump.decisions?.length) total.decisions = await to.importDecisions(dump.decisions);
  return total;
}
