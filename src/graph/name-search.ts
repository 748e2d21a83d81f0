/**
 * The name index a store keeps in process (../text/names/name-index.ts), kept in step with the store's writes:
 * built from every entity's labels on first use, told of each document written (it re-reads those entities, so
 * aliases merged in are seen), and rebuilt on next use after a write it cannot follow (an import, users' Cypher).
 */
import { foldForSearch } from '../text/normalise';
import { NameSearchIndex } from '../text/names/name-index';
import type { Entity, EntityLabel, SearchHit } from './port';
import type { KindName } from '../ontology/ontology';
import { nameMatchHit, orderHits } from './search-score';

/** What the index needs from its store. */
export interface NameSource {
  entityLabels(): Promise<EntityLabel[]>;
  getEntities(ids: readonly string[]): Promise<(Entity | null)[]>;
}

/**
 * Graphs with more entities than this are searched by the scan instead: the index is built on the event loop and
 * took about 13.5 s and 355 MB at 100 000 entities (2026-11-29, shared machine), past the start-up and memory budgets.
 */
export const NAME_INDEX_MAX_ENTITIES = 20_000;

/** The index stands down for a graph past NAME_INDEX_MAX_ENTITIES. */
const TOO_LARGE = 'too-large' as const;

export class FollowedNameIndex {
  private index: NameSearchIndex | typeof TOO_LARGE | null = null;
  private build: Promise<NameSearchIndex | typeof TOO_LARGE> | null = null;
  private stale = true;
  /** Updates for documents written, in order; searches wait for them. */
  private updates: Promise<unknown> = Promise.resolve();

  constructor(private readonly source: NameSource) {}

  /** A write happened that the index cannot follow: rebuild on next use. */
  markStale(): void {
    this.stale = true;
  }

  /** These entities were written (created or merged): re-read their names, if the index exists. */
  written(ids: readonly string[]): void {
    if (!this.index && !this.build) return;
    this.updates = this.updates
      .then(async () => {
        const index = this.build ? await this.build : this.index;
        if (!index || index === TOO_LARGE) return;
        const entities = await this.source.getEntities(ids);
        ids.forEach((id, i) => (entities[i] ? index.put(entities[i]!) : index.remove(id)));
      })
      .catch(() => this.markStale());
  }

  /** The index, built on first use and rebuilt after a write it could not follow. */
  async current(): Promise<NameSearchIndex | typeof TOO_LARGE> {
    await this.updates;
    if (this.index && !this.stale) return this.index;
    if (!this.build) {
      this.stale = false;
      this.build = this.source
        .entityLabels()
        .then((labels) => (this.index = labels.length > NAME_INDEX_MAX_ENTITIES ? TOO_LARGE : new NameSearchIndex(labels)))
        .catch((e) => {
          this.stale = true;
          throw e;
        })
        .finally(() => {
          this.build = null;
        });
    }
    return this.build;
  }

  /**
   * Search by names: the index's matches, strongest reason first, ties by the shared score (search-score.ts).
   * Empty when no name matches, so the caller can fall back to searching inside names and descriptions.
   */
  async search(text: string, options: { kinds?: KindName[]; first: number }): Promise<SearchHit[]> {
    const index = await this.current();
    if (index === TOO_LARGE) return [];
    // More than asked for, so the shared score can reorder within the last reason that makes the cut.
    const matches = index.search(text, { kinds: options.kinds, limit: Math.max(options.first * 3, 30) });
    if (matches.length === 0) return [];
    const entities = await this.source.getEntities(matches.map((m) => m.id));
    const folded = foldForSearch(text);
    const hits = matches.flatMap((m, i) => (entities[i] ? [nameMatchHit(entities[i]!, m, folded)] : []));
    return orderHits(hits, options.first);
  }
}
