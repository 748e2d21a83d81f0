/**
 * The rows a write sends in one `UNWIND $rows`: every row of a list with the same keys (LadybugDB types the list as
 * one struct), the columns null in every row left out, and long lists cut into batches.
 */
import { ENTITY_CORE_FIELDS, relationshipProperties } from '../ontology/ontology';
import type { Entity, Relationship } from './port';
import { ENTITY_PROPS, type Row } from './rows';
import { searchTextOf } from './search-score';

/** Rows per UNWIND when importing a graph dump. */
export const IMPORT_BATCH = 1000;

/** The columns of an entity row that are always set (never left out for being null). */
export const ENTITY_ROW_KEYS: readonly string[] = [...ENTITY_CORE_FIELDS, 'searchText'];
/** The columns of a relationship row that are always set. */
export const RELATIONSHIP_ROW_KEYS: readonly string[] = ['from', 'to', 'evidence', 'sources'];

/**
 * Rows without the columns that are null in every row (`keep` excepted). LadybugDB types a column that is null
 * throughout an UNWIND list as STRING, which a DOUBLE or STRING[] property refuses; rows are merged with the stored
 * record first, so a column null in all of them has nothing to set.
 */
export function withoutEmptyColumns(rows: Row[], keep: readonly string[]): Row[] {
  const empty = Object.keys(rows[0] ?? {}).filter((k) => !keep.includes(k) && rows.every((r) => r[k] === null || r[k] === undefined));
  if (empty.length === 0) return rows;
  return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !empty.includes(k))));
}

/**
 * Rows split so that in each part every column holds whole numbers only or fractions only (nulls and other values
 * anywhere). LadybugDB types an UNWIND list from its values and refuses a list where one row's `share` is 1 (INT64)
 * and another's 0.6 (DOUBLE); each part is one UNWIND. Rows with no fraction, the usual case, stay one part.
 */
export function byNumberShape(rows: Row[]): Row[][] {
  const parts = new Map<string, Row[]>();
  for (const row of rows) {
    const shape = Object.keys(row)
      .filter((k) => typeof row[k] === 'number' && !Number.isInteger(row[k]))
      .join(',');
    const part = parts.get(shape);
    if (part) part.push(row);
    else parts.set(shape, [row]);
  }
  return [...parts.values()];
}

/** `v.a = row.a, v.b = row.b` for every key of the rows but `skip`. */
export function setClause(variable: string, rows: Row[], skip: readonly string[]): string {
  return Object.keys(rows[0]!)
    .filter((k) => !skip.includes(k))
    .map((k) => `${variable}.${k} = row.${k}`)
    .join(', ');
}

/** The row an entity is written as: core fields, search text, and every ontology property (null when unset). */
export function entityRow(e: Entity): Row {
  const row: Row = {
    id: e.id,
    kind: e.kind,
    name: e.name,
    aliases: e.aliases,
    description: e.description,
    searchText: searchTextOf(e),
  };
  for (const p of ENTITY_PROPS) row[p] = e.properties[p] ?? null;
  return row;
}

/** The row a relationship is written as: ends, evidence, and every property its type declares (null when unset). */
export function relationshipRow(r: Relationship): Row {
  const row: Row = {
    from: r.from,
    to: r.to,
    evidence: r.evidence.map((e) => e.quote),
    sources: r.evidence.map((e) => e.sourceId),
  };
  for (const p of Object.keys(relationshipProperties(r.type))) row[p] = r.properties[p] ?? null;
  return row;
}

/** A list cut into batches of at most `size` (UNWIND lists stay bounded however large the input). */
export function batches<T>(list: readonly T[], size = IMPORT_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
