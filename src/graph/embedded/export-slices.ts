/**
 * An export's entity slices on the embedded engine, by ranges of storage rows instead of id keysets. The engine
 * plans `UNWIND $ids … {id: id})-[r]->` as a scan of every relationship of the type, and a filter on its row
 * number as a scan of every entity, so any per-slice read costs the whole graph: a million-entity export took
 * hours. Here each round reads ROUND_ROWS storage rows (one scan per type), then cuts them into slices of `limit`.
 */
import { ENTITY_LABEL, MENTIONS, SOURCE_LABEL, relationshipTypeNames, type KindName } from '../../ontology/ontology';
import type { Dialect } from '../dialect';
import type { GraphSlice } from '../port';
import { entityColumns, exportSlice, relationshipColumns, toRelationship, type Params, type Row } from '../rows';
import { INCOMING, TYPE_MASK, compareIds, type AdjacencyIndex } from './adjacency';

/** Storage rows read per round: bounds the memory of a round (entities, their relationships with evidence) while keeping whole-table scans few. */
export const ROUND_ROWS = 25_000;

/** A read query on the store. */
type Read = (operation: string, query: string, params: Params) => Promise<Row[]>;

/** Slices of `limit` storage rows, entities in id order within each; rows past the index (written since it was read) included. */
export async function* rowRangeSlices(index: AdjacencyIndex, dialect: Dialect, read: Read, options: { limit: number; roundRows?: number }): AsyncIterable<GraphSlice> {
  const { limit, roundRows = ROUND_ROWS } = options;
  const round = Math.max(limit, Math.floor(roundRows / limit) * limit);
  for (let lo = 0; ; lo += round) {
    const range = { lo, hi: lo + round };
    const within = (v: string) => `${v}.rowid >= $lo AND ${v}.rowid < $hi`;
    const entities = await read('exportSlices', `MATCH (e:${ENTITY_LABEL}) WHERE ${within('e')} RETURN e.rowid AS row, ${entityColumns('e', 'e_')}`, range);
    if (entities.length === 0) {
      if (lo >= index.rowCount) return;
      continue;
    }
    // The index says which types the round's entities have; of an entity written since it was read, it cannot.
    const types = new Set<number>();
    if (entities.some((r) => Number(r.row) >= index.rowCount)) relationshipTypeNames.forEach((_, t) => types.add(t));
    for (let row = lo; row < Math.min(range.hi, index.rowCount); row++) {
      index.forEachNeighbour(row, (_, meta) => void ((meta & INCOMING) === 0 && types.add(meta & TYPE_MASK)));
    }
    // One read at a time: a round's reads at once can outgrow the engine's buffer pool (LIMIT_EXCEEDED at 1M).
    let rels: Row[] = [];
    for (const t of types) {
      const type = [relationshipTypeNames[t]!];
      const columns = relationshipColumns(dialect, 'r', 'a', 'b', type);
      rels = rels.concat(await read('exportSlices', `MATCH (a:${ENTITY_LABEL})-[r:${type[0]}]->(b:${ENTITY_LABEL}) WHERE ${within('a')} RETURN a.rowid AS row, ${columns}, b.kind AS r_to_kind`, range));
    }
    const mentions = await read('exportSlices', `MATCH (s:${SOURCE_LABEL})-[m:${MENTIONS}]->(e:${ENTITY_LABEL}) WHERE ${within('e')} RETURN e.rowid AS row, s.id AS sourceId, e.id AS entityId, m.offsets AS offsets`, range);
    const slot = (row: Row) => Math.floor((Number(row.row) - lo) / limit);
    const count = Math.ceil(round / limit);
    const bySlot = <T>(rows: Row[], map: (r: Row) => T): T[][] => {
      const slots: T[][] = Array.from({ length: count }, () => []);
      for (const r of rows) slots[slot(r)]!.push(map(r));
      return slots;
    };
    const entitySlots = bySlot(entities, (r) => r);
    const relSlots = bySlot(rels, (r) => ({ relationship: toRelationship(r), toKind: r.r_to_kind as KindName }));
    const mentionSlots = bySlot(mentions, (r) => r);
    for (let i = 0; i < count; i++) {
      if (entitySlots[i]!.length === 0) continue;
      const byId = (a: Row, b: Row) => compareIds(a.e_id as string, b.e_id as string);
      const relsOf = relSlots[i]!.sort((a, b) => compareIds(a.relationship.from, b.relationship.from) || compareIds(a.relationship.type, b.relationship.type) || compareIds(a.relationship.to, b.relationship.to));
      const mentionsOf = mentionSlots[i]!.sort((a, b) => compareIds(a.entityId as string, b.entityId as string) || compareIds(a.sourceId as string, b.sourceId as string));
      yield exportSlice(entitySlots[i]!.sort(byId), relsOf, mentionsOf);
    }
  }
}
