/**
 * The embedded engine's tables, created from the ontology (src/ontology/schema.ts) and evolved to it when a store
 * opens: a folder made with an older ontology gains the new tables and columns; what cannot be reconciled (a kind or
 * type removed that still has data, a property whose type changed while values are stored) is refused with
 * SCHEMA_MISMATCH before anything is changed, and done by `kg migrate --apply` (src/ontology/evolution.ts words it).
 * The ontology in use is recorded in the folder (`ontology.json`) so the next open knows what was removed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { KgError } from '../../errors';
import { convertValue, describeChange, schemaMismatch, type Change, type MigrationPlan, type RecordedOntology } from '../../ontology/evolution';
import { ENTITY_LABEL, MENTIONS, ONTOLOGY, kindNames, relationshipTypeNames, type PropertyType } from '../../ontology/ontology';
import { LADYBUG_TYPES, embeddedDdl, propertyTables } from '../../ontology/schema';
import type { Params, Row } from '../rows';
import { byNumberShape } from '../unwind-rows';
import { CLAIM_LABEL } from '../claim-store';
import { DECISION_LABEL } from '../decision-cypher';

/** Tables of the product's own records beside the ontology's: claims (time and preferred mark flattened into columns) and analysts' decisions. */
export const RECORD_TABLES = [
  `CREATE NODE TABLE IF NOT EXISTS ${CLAIM_LABEL}(id STRING, subject STRING, property STRING, value STRING, sources STRING[], quotes STRING[], timeDate STRING, timeStart STRING, timeEnd STRING, timePrecision STRING, timeStated STRING, preferredBy STRING, preferredAt STRING, preferredWhy STRING, PRIMARY KEY(id))`,
  `CREATE NODE TABLE IF NOT EXISTS ${DECISION_LABEL}(id STRING, action STRING, keep STRING, other STRING, actor STRING, at STRING, reason STRING, merged STRING, PRIMARY KEY(id))`,
];

/** The file in the data folder that records the ontology the folder was last opened with. */
export const ONTOLOGY_RECORD = 'ontology.json';

type Run = (statement: string, params?: Params) => Promise<Row[]>;

/** The property type of each column type `table_info` reports (it names BOOLEAN columns BOOL). */
const PROPERTY_TYPE_OF: Record<string, PropertyType> = {
  ...Object.fromEntries(Object.entries(LADYBUG_TYPES).map(([t, engine]) => [engine, t as PropertyType])),
  BOOL: 'boolean',
};

interface Found {
  tables: Map<string, 'NODE' | 'REL'>;
  /** Engine columns of each ontology table that exists: name → property type (undefined for another engine type). */
  columns: Map<string, Map<string, PropertyType | undefined>>;
}

async function findTables(run: Run): Promise<Found> {
  const tables = new Map((await run('CALL show_tables() RETURN name, type')).map((r) => [r.name as string, r.type as 'NODE' | 'REL']));
  const columns = new Map<string, Map<string, PropertyType | undefined>>();
  for (const table of [ENTITY_LABEL, ...relationshipTypeNames]) {
    if (!tables.has(table)) continue;
    const info = await run(`CALL table_info('${table}') RETURN name, type`);
    columns.set(table, new Map(info.map((r) => [r.name as string, PROPERTY_TYPE_OF[r.type as string]])));
  }
  return { tables, columns };
}

function readRecord(dataDir: string): RecordedOntology | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, ONTOLOGY_RECORD), 'utf8')) as RecordedOntology;
  } catch {
    return undefined;
  }
}

function writeRecord(dataDir: string): void {
  const record: RecordedOntology = { file: ONTOLOGY.file, kinds: [...kindNames], relationships: [...relationshipTypeNames] };
  const file = path.join(dataDir, ONTOLOGY_RECORD);
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
}

/** What differs, found without changing anything: the changes that need migrate, and the additions opening makes. */
async function planEvolution(run: Run, dataDir: string, found: Found): Promise<{ changes: Change[]; additions: string[]; recorded: RecordedOntology | undefined }> {
  const recorded = readRecord(dataDir);
  // A folder from before the record: its kinds are those its entities have, its types the tables it holds.
  const before: RecordedOntology = recorded ?? {
    file: '(not recorded)',
    kinds: (await run(`MATCH (e:${ENTITY_LABEL}) RETURN DISTINCT e.kind AS kind`)).map((r) => r.kind as string),
    relationships: [...found.tables].filter(([name, type]) => type === 'REL' && name !== MENTIONS).map(([name]) => name),
  };
  const changes: Change[] = [];
  for (const kind of before.kinds.filter((k) => !kindNames.includes(k))) {
    const [row] = await run(`MATCH (e:${ENTITY_LABEL}) WHERE e.kind = $kind RETURN count(e) AS n`, { kind });
    const count = Number(row?.n ?? 0);
    if (count > 0) changes.push({ change: 'remove-kind', kind, count });
  }
  for (const type of before.relationships.filter((t) => !relationshipTypeNames.includes(t) && found.tables.get(t) === 'REL')) {
    const [row] = await run(`MATCH ()-[r:${type}]->() RETURN count(r) AS n`);
    const count = Number(row?.n ?? 0);
    if (count > 0) changes.push({ change: 'remove-type', type, count });
  }
  const additions: string[] = [];
  for (const [table, wanted] of propertyTables()) {
    const have = found.columns.get(table);
    if (!have) {
      additions.push(table === ENTITY_LABEL ? `table ${table}` : `relationship table ${table}`);
      continue;
    }
    for (const [column, spec] of Object.entries(wanted)) {
      if (!have.has(column)) {
        additions.push(`column ${table}.${column} (${spec.type})`);
        continue;
      }
      const stored = have.get(column);
      if (stored === spec.type) continue;
      const values = await storedValues(run, table, column);
      if (values.length === 0) {
        additions.push(`column ${table}.${column} retyped ${stored ?? 'other'} → ${spec.type} (no value stored)`);
        continue;
      }
      const unconvertible = values.filter((v) => convertValue(v.value, stored ?? 'string', spec.type) === undefined).slice(0, 5).map((v) => v.key);
      changes.push({ change: 'retype', table, owner: table === ENTITY_LABEL ? 'entity' : 'relationship', column, from: stored ?? 'string', to: spec.type, count: values.length, unconvertible });
    }
  }
  return { changes, additions, recorded };
}

/** The stored values of a column, each with what names its record (an entity id, or `from->to` for a relationship). */
async function storedValues(run: Run, table: string, column: string): Promise<Array<{ key: string; from?: string; to?: string; value: unknown }>> {
  if (table === ENTITY_LABEL) {
    const rows = await run(`MATCH (e:${ENTITY_LABEL}) WHERE e.${column} IS NOT NULL RETURN e.id AS id, e.${column} AS v`);
    return rows.map((r) => ({ key: r.id as string, value: r.v }));
  }
  const rows = await run(`MATCH (a:${ENTITY_LABEL})-[r:${table}]->(b:${ENTITY_LABEL}) WHERE r.${column} IS NOT NULL RETURN a.id AS f, b.id AS t, r.${column} AS v`);
  return rows.map((r) => ({ key: `${r.f as string}->${r.t as string}`, from: r.f as string, to: r.t as string, value: r.v }));
}

/** Writes converted values back into a column that was dropped and added again with the ontology's type. */
async function writeBack(run: Run, table: string, column: string, values: Array<{ key: string; from?: string; to?: string; value: unknown }>, from: PropertyType, to: PropertyType): Promise<void> {
  const rows = values.map((v) => ({ ...(v.from ? { f: v.from, t: v.to } : { id: v.key }), v: convertValue(v.value, from, to) }));
  for (const part of byNumberShape(rows)) {
    if (table === ENTITY_LABEL) await run(`UNWIND $rows AS row MATCH (e:${ENTITY_LABEL} {id: row.id}) SET e.${column} = row.v`, { rows: part });
    else await run(`UNWIND $rows AS row MATCH (a:${ENTITY_LABEL} {id: row.f})-[r:${table}]->(b:${ENTITY_LABEL} {id: row.t}) SET r.${column} = row.v`, { rows: part });
  }
}

/**
 * Brings the folder's tables to the ontology in use. `mode`: `open` (a writable open: adds what is new, refuses what
 * needs migrate), `check` (a read-only open: refuses anything missing), `plan` (kg migrate: reports, changes
 * nothing) or `apply` (kg migrate --apply: does it all, refusing only values that cannot be converted).
 */
export async function applySchema(run: Run, dataDir: string, mode: 'open' | 'check' | 'plan' | 'apply' = 'open'): Promise<MigrationPlan> {
  const found = await findTables(run);
  if (!found.tables.has(ENTITY_LABEL)) {
    if (mode === 'check' || mode === 'plan') return { differences: [], additions: ['every table (a new graph)'], applied: false };
    for (const ddl of [...embeddedDdl(), ...RECORD_TABLES]) await run(ddl);
    writeRecord(dataDir);
    return { differences: [], additions: [], applied: true };
  }
  const { changes, additions, recorded } = await planEvolution(run, dataDir, found);
  const differences = changes.map((c) => describeChange(c));
  if (mode === 'plan') return { differences, additions, applied: false };
  const blocked = mode === 'apply' ? changes.filter((c) => c.change === 'retype' && c.unconvertible.length > 0) : changes;
  if (blocked.length > 0) throw schemaMismatch(dataDir, ONTOLOGY.file, recorded, blocked);
  if (mode === 'check') {
    if (additions.length > 0) {
      throw new KgError('SCHEMA_MISMATCH', `the data folder ${dataDir} lacks ${additions.join(', ')} of the ontology in use (${ONTOLOGY.file}), and it is opened read-only; open it once for writing (\`kg serve\`, or \`kg migrate --apply\`)`, { path: dataDir });
    }
    return { differences, additions, applied: false };
  }
  for (const change of changes) {
    if (change.change === 'remove-kind') await run(`MATCH (e:${ENTITY_LABEL}) WHERE e.kind = $kind DETACH DELETE e`, { kind: change.kind });
    else if (change.change === 'remove-type') await run(`MATCH ()-[r:${change.type}]->() DELETE r`);
  }
  // A column whose type changed is dropped (its values kept in memory, converted) and added again with the new type.
  const dropped: Array<{ table: string; column: string; values: Awaited<ReturnType<typeof storedValues>>; from: PropertyType; to: PropertyType }> = [];
  for (const [table, wanted] of propertyTables()) {
    const have = found.columns.get(table);
    for (const [column, spec] of Object.entries(wanted)) {
      if (!have?.has(column) || have.get(column) === spec.type) continue;
      const from = have.get(column) ?? 'string';
      dropped.push({ table, column, values: await storedValues(run, table, column), from, to: spec.type });
      await run(`ALTER TABLE ${table} DROP ${column}`);
      have.delete(column);
    }
  }
  // LadybugDB crashes checkpointing a log that drops a column and adds one of the same name: checkpoint between.
  if (dropped.length > 0) await run('CHECKPOINT');
  for (const ddl of [...embeddedDdl(), ...RECORD_TABLES]) await run(ddl);
  // New columns of tables that existed (a new table got its columns from its CREATE above).
  for (const [table, wanted] of propertyTables()) {
    const have = found.columns.get(table);
    if (!have) continue;
    for (const [column, spec] of Object.entries(wanted)) {
      if (!have.has(column)) await run(`ALTER TABLE ${table} ADD IF NOT EXISTS ${column} ${LADYBUG_TYPES[spec.type]}`);
    }
  }
  for (const d of dropped) await writeBack(run, d.table, d.column, d.values, d.from, d.to);
  writeRecord(dataDir);
  return { differences, additions, applied: true };
}
