/**
 * The name index a store keeps in process (../text/names/name-index.ts), kept in step with the store's writes:
 * built from every entity's labels on first use, told of each document written (it re-reads those entities, so
 * aliases merged in are seen), and rebuilt on next use after a write it cannot follow (an import, users' Cypher).
 * A small graph's index is built on the spot; a large one's in a worker thread, off the request path, while the
 * scan answers searches, and is then handed to this thread, where it answers; past NAME_INDEX_MAX_ENTITIES the
 * index stands down (memory).
 */
import { foldForSearch } from '../text/normalise';
import { NameSearchIndex, type NamedEntity } from '../text/names/name-index';
import { buildInWorker } from '../text/names/index-worker';
import type { Entity, EntityLabel, SearchHit } from './port';
import type { KindName } from '../ontology/ontology';
import { nameMatchHit, orderHits } from './search-score';

/** What the index needs from its store. */
export interface NameSource {
  entityLabels(): Promise<EntityLabel[]>;
  getEntities(ids: readonly string[]): Promise<(Entity | null)[]>;
  /** Every entity's names in any order, read as cheaply as the store can (absent: entityLabels). */
  nameLabels?(): Promise<NamedEntity[]>;
  /** About how many entities there are, when the store knows it cheaply (null or absent: not known). */
  approximateEntityCount?(): Promise<number | null>;
}

/**
 * Graphs with more entities than this are searched by the scan instead: the compact index holds about 160 MB of
 * heap and arrays at 1M entities (scripts/bench-names.ts, BENCHMARKS.md); twice that stays near the 400 MB budget.
 */
export const NAME_INDEX_MAX_ENTITIES = 2_000_000;

/** Graphs up to this many entities build the index on the spot (well under a second); larger ones in a worker thread. */
export const NAME_INDEX_IN_THREAD_MAX = 5_000;

/** What the index is: not built (or stale), being built in the background, ready, or standing down for size. */
type IndexState = { state: 'none' } | { state: 'building'; written: Set<string> } | { state: 'ready'; index: NameSearchIndex } | { state: 'too-large' };

export class FollowedNameIndex {
  private status: IndexState = { state: 'none' };
  /** A build on this thread or the reading of labels: searches wait for it. */
  private build: Promise<void> | null = null;
  /** Bumped by every rebuild, so a finished background build of an older graph is thrown away. */
  private generation = 0;
  /** Updates for documents written, in order; searches wait for them. */
  private updates: Promise<unknown> = Promise.resolve();

  constructor(private readonly source: NameSource) {}

  /** A write happened that the index cannot follow: rebuild on next use. */
  markStale(): void {
    this.generation++;
    this.status = { state: 'none' };
  }

  /** These entities were written (created or merged): re-read their names, if the index exists. */
  written(ids: readonly string[]): void {
    const status = this.status;
    if (status.state === 'building') {
      for (const id of ids) status.written.add(id);
      return;
    }
    if (status.state !== 'ready') return;
    this.updates = this.updates.then(() => this.apply(status.index, ids)).catch(() => this.markStale());
  }

  private async apply(index: NameSearchIndex, ids: readonly string[]): Promise<void> {
    const entities = await this.source.getEntities(ids);
    ids.forEach((id, i) => (entities[i] ? index.put(entities[i]!) : index.remove(id)));
  }

  /** Drops the index (a build still running in a worker is thrown away when it ends). */
  async close(): Promise<void> {
    this.generation++;
    this.status = { state: 'none' };
  }

  /** The index when it can answer now; null while a large graph's index is built in the background, or past the size limit. */
  private async current(): Promise<NameSearchIndex | null> {
    await this.updates;
    if (this.status.state === 'none' && !this.build) {
      this.build = this.start()
        .catch((e) => {
          // Labels could not be read: try again on next use.
          this.status = { state: 'none' };
          throw e;
        })
        .finally(() => {
          this.build = null;
        });
    }
    if (this.build) await this.build;
    return this.status.state === 'ready' ? this.status.index : null;
  }

  /**
   * Reads every label; builds here when the graph is small, otherwise starts a worker and returns at once. A graph
   * the store knows to be large has its labels read in the background too (seconds at a million entities): the
   * first search is answered by the scan instead of waiting for them.
   */
  private async start(): Promise<void> {
    const generation = ++this.generation;
    // From now on, documents written are noted: the labels being read may or may not hold them.
    const written = new Set<string>();
    this.status = { state: 'building', written };
    const about = (await this.source.approximateEntityCount?.()) ?? null;
    if (about !== null && about > NAME_INDEX_IN_THREAD_MAX) {
      void this.readAndBuild(generation, written).catch(() => {
        if (generation === this.generation) this.status = { state: 'none' };
      });
      return;
    }
    await this.readAndBuild(generation, written);
  }

  private async readAndBuild(generation: number, written: Set<string>): Promise<void> {
    const labels = await (this.source.nameLabels ? this.source.nameLabels() : this.source.entityLabels());
    if (generation !== this.generation) return;
    if (labels.length > NAME_INDEX_MAX_ENTITIES) {
      this.status = { state: 'too-large' };
      return;
    }
    const ready = async (index: NameSearchIndex) => {
      if (generation === this.generation && written.size > 0) await this.apply(index, [...written]);
      if (generation !== this.generation) return;
      this.status = { state: 'ready', index };
    };
    if (labels.length <= NAME_INDEX_IN_THREAD_MAX) return ready(new NameSearchIndex(labels));
    void buildInWorker(labels)
      .then(ready)
      .catch(() => {
        if (generation === this.generation) this.status = { state: 'none' };
      });
  }

  /**
   * Search by names: the index's matches, strongest reason first, ties by the shared score (search-score.ts), and
   * how many entities the index holds. Null when the index cannot answer now (not built yet, being built,
   * standing down): the caller scans instead.
   */
  async search(text: string, options: { kinds?: KindName[]; first: number }): Promise<{ hits: SearchHit[]; indexed: number } | null> {
    const index = await this.current();
    if (!index) return null;
    // More than asked for, so the shared score can reorder within the last reason that makes the cut.
    const matches = index.search(text, { kinds: options.kinds, limit: Math.max(options.first * 3, 30) });
    if (matches.length === 0) return { hits: [], indexed: index.size };
    const entities = await this.source.getEntities(matches.map((m) => m.id));
    const folded = foldForSearch(text);
    const hits = matches.flatMap((m, i) => (entities[i] ? [nameMatchHit(entities[i]!, m, folded)] : []));
    return { hits: orderHits(hits, options.first), indexed: index.size };
  }

  /** Whether the index answers searches now (for tests and the benchmark: a large graph's is built in the background). */
  get ready(): boolean {
    return this.status.state === 'ready';
  }
}
