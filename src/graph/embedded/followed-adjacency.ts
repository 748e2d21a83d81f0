/**
 * The life of the embedded store's adjacency index (./adjacency.ts): built on first use (or loaded from the file saved
 * beside the database when it still describes it, ./adjacency-file.ts), kept in step with every document written,
 * marked stale by a write it cannot follow and rebuilt on the next use, saved when the store closes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { ENTITY_LABEL, relationshipTypeNames } from '../../ontology/ontology';
import { cypherString } from '../cypher-text';
import type { DocumentWrite } from '../port';
import type { Params, Row } from '../rows';
import { AdjacencyIndex, typeIndex, type EntityRow } from './adjacency';
import { ADJACENCY_FILE, databaseStamp, loadAdjacency, saveAdjacency } from './adjacency-file';
import { DATABASE_FILE } from './database-file';
import { rowPairs } from './result-rows';

/** What the index needs from its store. */
export interface AdjacencySource {
  dataDir: string;
  readOnly: boolean;
  /** A read query on the store's read pool. */
  read(operation: string, query: string, params?: Params): Promise<Row[]>;
  /** True once the store has written anything since it opened (the saved index may no longer describe the files). */
  wroteSinceOpen(): boolean;
}

export class FollowedAdjacency {
  private index: AdjacencyIndex | null = null;
  private build: Promise<AdjacencyIndex> | null = null;
  /** True when there is no index yet or a write happened that the index cannot follow. */
  private stale = true;
  /** Index updates for documents written, in order; traversals wait for them. */
  private updates: Promise<unknown> = Promise.resolve();
  /** The database files' stamp when the store opened them. */
  private openedStamp = '';
  /** The stamp the index in memory was saved with, when it is the one on disk. */
  private saved: string | null = null;

  constructor(private readonly source: AdjacencySource) {}

  /** Notes the database files' stamp before the store opens them (see adjacency-file.ts). */
  noteOpened(): void {
    this.openedStamp = databaseStamp(this.source.dataDir, DATABASE_FILE);
  }

  /** The index, built on first use and rebuilt after a write it could not follow. */
  async current(): Promise<AdjacencyIndex> {
    await this.updates;
    if (this.index && !this.stale) return this.index;
    if (!this.build) {
      this.stale = false;
      this.build = this.load()
        .then((index) => (this.index = index))
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

  /** The index when it is built and up to date (after pending updates), else null: for reads that can do without it. */
  async ifFresh(): Promise<AdjacencyIndex | null> {
    await this.updates;
    return this.index && !this.stale ? this.index : null;
  }

  /** After a write the index cannot follow. */
  markStale(): void {
    this.stale = true;
  }

  /** Applies a document just written, in order with earlier ones; a failure marks the index stale. */
  follow(write: DocumentWrite): void {
    if (!this.index && !this.build) return;
    // Additions are idempotent, so applying them after a build that already saw them is harmless.
    this.updates = this.updates
      .then(async () => {
        const index = this.build ? await this.build : this.index;
        if (index) await this.applyDocument(index, write);
      })
      .catch(() => {
        this.stale = true;
      });
  }

  /** Waits for a build in progress to end, however it ends. */
  async settled(): Promise<void> {
    await this.build?.catch(() => undefined);
  }

  /**
   * Writes the index beside the closed database, stamped with the files as closing left them, so the next start
   * loads it instead of rebuilding; skipped when the index is stale or holds writes made after its build.
   */
  persist(): void {
    const index = this.index;
    if (!index || this.stale || this.source.readOnly) return;
    try {
      const stamp = databaseStamp(this.source.dataDir, DATABASE_FILE);
      if (this.saved === stamp) return;
      saveAdjacency(path.join(this.source.dataDir, ADJACENCY_FILE), index, stamp);
    } catch {
      // An index that cannot be written is rebuilt on the next start; closing the graph must not fail for it.
    }
  }

  /**
   * The index saved beside the database when it still describes it (nothing written since, by this process or any
   * other: see adjacency-file.ts); otherwise built from the engine's rows.
   */
  private async load(): Promise<AdjacencyIndex> {
    if (!this.source.wroteSinceOpen()) {
      const saved = loadAdjacency(path.join(this.source.dataDir, ADJACENCY_FILE), this.openedStamp);
      if (saved) {
        this.saved = this.openedStamp;
        return saved;
      }
    }
    this.saved = null;
    return this.readFromEngine();
  }

  /** Reads every entity row and relationship end from the engine (exported to CSV: far faster than row by row). */
  private async readFromEngine(): Promise<AdjacencyIndex> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-adjacency-'));
    const exportRows = (statement: string) => this.source.read('adjacencyExport', statement);
    try {
      const entitiesFile = path.join(dir, 'entities.csv');
      await exportRows(`COPY (MATCH (e:${ENTITY_LABEL}) RETURN e.rowid, e.id, e.kind, e.name) TO ${cypherString(entitiesFile)} (header=false)`);
      const entityRows: EntityRow[] = [];
      // on_record keeps one small object per entity instead of an array of arrays of a million records.
      parse(fs.readFileSync(entitiesFile), {
        relax_column_count: true,
        on_record: ([row, id, kind, name]: string[]) => {
          entityRows.push({ row: Number(row), id: id!, kind: kind ?? '', name: name ?? '' });
          return undefined;
        },
      });
      fs.rmSync(entitiesFile);
      const parts: { from: Uint32Array; to: Uint32Array; type: number }[] = [];
      for (const type of relationshipTypeNames) {
        const file = path.join(dir, `${type}.csv`);
        await exportRows(`COPY (MATCH (a:${ENTITY_LABEL})-[r:${type}]->(b:${ENTITY_LABEL}) RETURN a.rowid, b.rowid) TO ${cypherString(file)} (header=false)`);
        parts.push({ ...rowPairs(fs.readFileSync(file)), type: typeIndex(type) });
        fs.rmSync(file);
      }
      const total = parts.reduce((s, p) => s + p.from.length, 0);
      const from = new Uint32Array(total);
      const to = new Uint32Array(total);
      const typeOf = new Uint8Array(total);
      let at = 0;
      let maxRow = -1;
      for (const p of parts) {
        from.set(p.from, at);
        to.set(p.to, at);
        typeOf.fill(p.type, at, at + p.from.length);
        at += p.from.length;
        for (let i = 0; i < p.from.length; i++) maxRow = Math.max(maxRow, p.from[i]!, p.to[i]!);
      }
      for (const e of entityRows) maxRow = Math.max(maxRow, e.row);
      return AdjacencyIndex.build({ rowCount: maxRow + 1, entities: entityRows, from, to, typeOf });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Brings the index up to date with a document just written: its new entities and relationships. */
  private async applyDocument(index: AdjacencyIndex, write: DocumentWrite): Promise<void> {
    const ids = new Set<string>([...write.entities.map((e) => e.id), ...write.relationships.flatMap((r) => [r.from, r.to])]);
    const unknown = [...ids].filter((id) => index.row(id) === undefined);
    if (unknown.length > 0) {
      const rows = await this.source.read('adjacencyRows', `UNWIND $ids AS i MATCH (e:${ENTITY_LABEL} {id: i}) RETURN e.id AS id, e.rowid AS row, e.kind AS kind, e.name AS name`, { ids: unknown });
      for (const r of rows) index.setEntity(Number(r.row), r.id as string, r.kind as string, r.name as string);
    }
    for (const r of write.relationships) {
      const from = index.row(r.from);
      const to = index.row(r.to);
      if (from !== undefined && to !== undefined) index.addRelationship(from, typeIndex(r.type), to);
    }
  }
}
