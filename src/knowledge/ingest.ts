/**
 * Ingesting facts documents: validate against the ontology and the source text, resolve entities against the
 * graph, link mentions, then write the whole document in one transaction (or, in a dry run, work out what
 * would change). One document at a time per store, so two ingests never resolve against the same stale graph.
 */
import path from 'node:path';
import { InvalidDocumentError, isKgError, type DocumentProblem } from '../errors';
import { mergeEntity, mergeRelationship, summariseOutcomes } from '../graph/merge';
import type { DocumentWrite, Entity, GraphStore, Relationship, WriteSummary } from '../graph/port';
import { factsFilesIn, readFactsFile } from './documents';
import { replayDecisions, type Replay } from './decisions';
import { NameIndex, type Resolution } from './resolve';
import { validateDocument } from './validate';

/** What ingesting one document did (or, in a dry run, would do). */
export interface DocumentReport {
  /** The file name, or the name the caller gave the document. */
  document: string;
  sourceId: string;
  dryRun: boolean;
  summary: WriteSummary;
  /** How each entity of the document was resolved against the graph. */
  resolutions: Resolution[];
  /** Entities linked to the source, and how many mentions in all. */
  mentions: { entities: number; occurrences: number };
  /** Analysts' stored merges made again after the write (both entities back in the graph), and any that no longer could be. */
  decisions?: Replay;
}

/** A document that was refused, and why; the graph is as it was before it. */
export interface Rejection {
  document: string;
  code: string;
  message: string;
  problems: DocumentProblem[];
}

/** Totals over a run of several documents. */
export interface RunReport {
  dryRun: boolean;
  documents: DocumentReport[];
  rejected: Rejection[];
  totals: WriteSummary & { documents: number; ingested: number; rejected: number; resolvedByName: number; mentions: number };
}

/** A decoded document of a run: its name, the parsed document, and its text when read from a textPath. */
export interface DecodedDocument {
  name: string;
  raw: unknown;
  text?: string;
}

/** What became of one document of a run: its report, or why it was refused. */
export type DocumentOutcome = { report: DocumentReport } | { rejection: Rejection };

/** Progress of a run, for a progress bar or a log line. */
export interface RunProgress {
  /** 0-based position of the document in the run. */
  index: number;
  total: number;
  document: string;
  /** `writing`: validated, the transaction is starting; `done` / `rejected`: finished. */
  phase: 'writing' | 'done' | 'rejected';
  entities?: number;
  relationships?: number;
}

const queues = new WeakMap<GraphStore, Promise<unknown>>();

/** Runs `work` after every earlier ingest on the same store has finished. */
function inTurn<T>(store: GraphStore, work: () => Promise<T>): Promise<T> {
  const result = (queues.get(store) ?? Promise.resolve()).then(work);
  queues.set(
    store,
    result.catch(() => undefined),
  );
  return result;
}

/**
 * Ingests documents one after another into a store. In a dry run nothing is written: each document is
 * planned against the graph plus what the earlier documents of the same run would have added.
 */
export class Ingestion {
  private readonly pendingEntities = new Map<string, Entity>();
  private readonly pendingRelationships = new Map<string, Relationship>();
  private readonly pendingLabels = new NameIndex();

  constructor(
    private readonly store: GraphStore,
    readonly options: { dryRun?: boolean; onProgress?: (p: RunProgress) => void } = {},
  ) {}

  /** Ingests one decoded document; throws InvalidDocumentError (the graph untouched) when it is refused. */
  ingest(document: string, raw: unknown, text?: string, position = { index: 0, total: 1 }): Promise<DocumentReport> {
    return inTurn(this.store, async () => {
      const graph = new NameIndex(await this.store.entityLabels());
      for (const label of this.pendingLabels.all()) graph.add(label);
      const prepared = validateDocument(document, raw, { text, graph });
      const { write } = prepared;
      this.options.onProgress?.({
        ...position,
        document,
        phase: 'writing',
        entities: write.entities.length,
        relationships: write.relationships.length,
      });
      const summary = this.options.dryRun ? await this.plan(write) : await this.store.writeDocument(write);
      const decisions = this.options.dryRun ? undefined : await replayDecisions(this.store);
      if (this.options.dryRun) for (const label of prepared.labels) this.pendingLabels.add(label);
      const offsets = Object.values(write.mentions);
      return {
        document,
        sourceId: write.source.id,
        dryRun: Boolean(this.options.dryRun),
        summary,
        resolutions: prepared.resolutions,
        mentions: { entities: offsets.filter((o) => o.length > 0).length, occurrences: offsets.reduce((n, o) => n + o.length, 0) },
        ...(decisions && (decisions.replayed.length > 0 || decisions.refused.length > 0) ? { decisions } : {}),
      };
    });
  }

  /** Ingests decoded documents one after another, each on its own; a refusal is an outcome, not a throw. */
  async ingestEach(documents: readonly DecodedDocument[]): Promise<DocumentOutcome[]> {
    const outcomes: DocumentOutcome[] = [];
    for (const [index, { name, raw, text }] of documents.entries()) {
      try {
        outcomes.push({ report: await this.ingest(name, raw, text, { index, total: documents.length }) });
        this.options.onProgress?.({ index, total: documents.length, document: name, phase: 'done' });
      } catch (e) {
        const rejection = asRejection(name, e);
        if (!rejection) throw e;
        outcomes.push({ rejection });
        this.options.onProgress?.({ index, total: documents.length, document: name, phase: 'rejected' });
      }
    }
    return outcomes;
  }

  /** Ingests every facts document named (files, or folders searched recursively), each on its own. */
  async ingestPaths(paths: readonly string[]): Promise<RunReport> {
    const files = await factsFilesIn(paths);
    const documents: DocumentReport[] = [];
    const rejected: Rejection[] = [];
    for (const [index, file] of files.entries()) {
      const name = paths.length === 1 && files.length === 1 ? path.basename(file) : path.relative(process.cwd(), file) || file;
      try {
        const { raw, text } = await readFactsFile(file);
        documents.push(await this.ingest(name, raw, text, { index, total: files.length }));
        this.options.onProgress?.({ index, total: files.length, document: name, phase: 'done' });
      } catch (e) {
        const rejection = asRejection(name, e);
        if (!rejection) throw e;
        rejected.push(rejection);
        this.options.onProgress?.({ index, total: files.length, document: name, phase: 'rejected' });
      }
    }
    return runReport(Boolean(this.options.dryRun), documents, rejected);
  }

  /** What writing `write` would change, given the graph and this run's earlier (unwritten) documents. */
  private async plan(write: DocumentWrite): Promise<WriteSummary> {
    const [stored, storedRels] = await Promise.all([
      this.store.getEntities(write.entities.filter((e) => !this.pendingEntities.has(e.id)).map((e) => e.id)),
      this.store.getRelationships(write.relationships.filter((r) => !this.pendingRelationships.has(r.id)).map((r) => r.id)),
    ]);
    const existingEntity = new Map(stored.filter((e): e is Entity => e !== null).map((e) => [e.id, e]));
    const existingRel = new Map(storedRels.filter((r): r is Relationship => r !== null).map((r) => [r.id, r]));
    const entityOutcomes = write.entities.map((e) => {
      const { merged, outcome } = mergeEntity(this.pendingEntities.get(e.id) ?? existingEntity.get(e.id) ?? null, e);
      this.pendingEntities.set(e.id, merged);
      return outcome;
    });
    const relOutcomes = write.relationships.map((r) => {
      const { merged, outcome } = mergeRelationship(this.pendingRelationships.get(r.id) ?? existingRel.get(r.id) ?? null, r);
      this.pendingRelationships.set(r.id, merged);
      return outcome;
    });
    return summariseOutcomes(entityOutcomes, relOutcomes);
  }
}

/** A document-level failure as a rejection; null for failures that should stop the whole run (engine down, locked). */
export function asRejection(document: string, e: unknown): Rejection | null {
  if (e instanceof InvalidDocumentError) return { document, code: e.code, message: e.message, problems: e.problems };
  if (isKgError(e) && ['BAD_USER_INPUT', 'CONSTRAINT_VIOLATION', 'ENGINE_ERROR'].includes(e.code)) {
    return { document, code: e.code, message: e.message, problems: [{ path: e.details.path ?? '(document)', message: e.message }] };
  }
  return null;
}


/** The run report of outcomes in run order. */
export function runReportOf(dryRun: boolean, outcomes: readonly DocumentOutcome[]): RunReport {
  const documents = outcomes.flatMap((o) => ('report' in o ? [o.report] : []));
  const rejected = outcomes.flatMap((o) => ('rejection' in o ? [o.rejection] : []));
  return runReport(dryRun, documents, rejected);
}

/** Totals over the documents of a run. */
export function runReport(dryRun: boolean, documents: DocumentReport[], rejected: Rejection[]): RunReport {
  const sum = (pick: (d: DocumentReport) => number) => documents.reduce((n, d) => n + pick(d), 0);
  return {
    dryRun,
    documents,
    rejected,
    totals: {
      documents: documents.length + rejected.length,
      ingested: documents.length,
      rejected: rejected.length,
      entitiesCreated: sum((d) => d.summary.entitiesCreated),
      entitiesUpdated: sum((d) => d.summary.entitiesUpdated),
      entitiesUnchanged: sum((d) => d.summary.entitiesUnchanged),
      relationshipsCreated: sum((d) => d.summary.relationshipsCreated),
      relationshipsUpdated: sum((d) => d.summary.relationshipsUpdated),
      relationshipsUnchanged: sum((d) => d.summary.relationshipsUnchanged),
      resolvedByName: sum((d) => d.resolutions.filter((r) => r.outcome === 'matched').length),
      mentions: sum((d) => d.mentions.occurrences),
    },
  };
}
