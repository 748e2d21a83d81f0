/**
 * Neo4j's constraints and indexes (derived from the ontology in src/ontology/schema.ts), applied when a store opens,
 * and schema evolution with the embedded engine's words (src/ontology/evolution.ts): the ontology in use is recorded
 * in the database (one `KgOntology` node, outside the Entity/Source labels every count, export and search reads), so
 * the next start knows what was removed or retyped; a removed kind or type that still has data, or a property whose
 * type changed while values are stored, is refused with SCHEMA_MISMATCH before anything is written.
 */
import { KgError } from '../../errors';
import { describeChange, schemaMismatch, convertValue, type Change, type MigrationPlan, type RecordedOntology } from '../../ontology/evolution';
import { ENTITY_LABEL, MENTIONS, ONTOLOGY, kindNames, relationshipTypeNames, type PropertyType } from '../../ontology/ontology';
import { neo4jSchemaStatements, propertyTables } from '../../ontology/schema';
import { CLAIM_LABEL } from '../claim-store';
import { DECISION_LABEL } from '../decision-cypher';
import type { Params, Row } from '../rows';
import { isIndexProblem } from './errors';

/** The label of the one node that records the ontology the database was last started with. */
export const ONTOLOGY_LABEL = 'KgOntology';

/** The id of that node (a constraint keeps it one). */
const RECORD_ID = 'current';

/** Reads the recorded ontology (its properties as JSON: a map property cannot be stored on a node). */
export const READ_ONTOLOGY_RECORD = `MATCH (o:${ONTOLOGY_LABEL} {id: $id}) RETURN o.file AS file, o.kinds AS kinds, o.relationships AS relationships, o.properties AS properties`;

/** Records the ontology in use, after the check passed and the schema was applied. */
export const WRITE_ONTOLOGY_RECORD = `MERGE (o:${ONTOLOGY_LABEL} {id: $id}) SET o.file = $file, o.kinds = $kinds, o.relationships = $relationships, o.properties = $properties`;

/** Every constraint and index a store creates at start: the ontology's, then those of claims (unique ids, and the subject every read looks them up by), decisions and the ontology record. */
export function startupSchema(): string[] {
  return [
    ...neo4jSchemaStatements(),
    `CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (n:${CLAIM_LABEL}) REQUIRE n.id IS UNIQUE`,
    `CREATE INDEX claim_subject IF NOT EXISTS FOR (n:${CLAIM_LABEL}) ON (n.subject)`,
    `CREATE CONSTRAINT decision_id IF NOT EXISTS FOR (n:${DECISION_LABEL}) REQUIRE n.id IS UNIQUE`,
    `CREATE CONSTRAINT kg_ontology_id IF NOT EXISTS FOR (n:${ONTOLOGY_LABEL}) REQUIRE n.id IS UNIQUE`,
  ];
}

type Read = (query: string, params: Params) => Promise<Row[]>;
type Write = (statement: string, params?: Params) => Promise<unknown>;

/** A label, type or property name as Cypher reads it whatever it holds (names read back from the database included). */
function quoted(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** The ontology in use, as the record stores it. */
function currentRecord(): RecordedOntology {
  const properties = Object.fromEntries([...propertyTables()].map(([table, columns]) => [table, Object.fromEntries(Object.entries(columns).map(([c, spec]) => [c, spec.type]))]));
  return { file: ONTOLOGY.file, kinds: [...kindNames], relationships: [...relationshipTypeNames], properties };
}

async function readRecord(read: Read): Promise<RecordedOntology | undefined> {
  const [row] = await read(READ_ONTOLOGY_RECORD, { id: RECORD_ID });
  if (!row) return undefined;
  let properties: RecordedOntology['properties'];
  try {
    properties = typeof row.properties === 'string' ? (JSON.parse(row.properties) as RecordedOntology['properties']) : undefined;
  } catch {
    properties = undefined; // a damaged record still names kinds and types; retypes then go unchecked
  }
  return { file: String(row.file ?? '(not recorded)'), kinds: (row.kinds as string[] | null) ?? [], relationships: (row.relationships as string[] | null) ?? [], properties };
}

/** The stored values of a property on entities (`Entity`) or on a relationship type, each named by its record. */
async function storedValues(read: Read, table: string, column: string): Promise<Array<{ key: string; value: unknown }>> {
  if (table === ENTITY_LABEL) {
    const rows = await read(`MATCH (e:${ENTITY_LABEL}) WHERE e.${quoted(column)} IS NOT NULL RETURN e.id AS id, e.${quoted(column)} AS v`, {});
    return rows.map((r) => ({ key: String(r.id), value: r.v }));
  }
  const rows = await read(`MATCH (a:${ENTITY_LABEL})-[r:${quoted(table)}]->(b:${ENTITY_LABEL}) WHERE r.${quoted(column)} IS NOT NULL RETURN a.id AS f, b.id AS t, r.${quoted(column)} AS v`, {});
  return rows.map((r) => ({ key: `${String(r.f)}->${String(r.t)}`, value: r.v }));
}

/**
 * What differs between the recorded ontology and the one in use, found with reads only: the changes that need
 * migrate (counted in the database), and what starting adds by itself (constraints of new kinds; new types and
 * properties need nothing in a schemaless store but are listed so a dry run shows them).
 */
export async function planEvolution(read: Read): Promise<{ changes: Change[]; additions: string[]; recorded: RecordedOntology | undefined }> {
  const recorded = await readRecord(read);
  const before: RecordedOntology = recorded ?? {
    // A database from before the record: its kinds are those its entities have, its types those in use.
    file: '(not recorded)',
    kinds: (await read(`MATCH (e:${ENTITY_LABEL}) RETURN DISTINCT e.kind AS kind`, {})).map((r) => String(r.kind)),
    relationships: (await read('CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType', {})).map((r) => String(r.relationshipType)).filter((t) => t !== MENTIONS),
  };
  const changes: Change[] = [];
  for (const kind of before.kinds.filter((k) => !kindNames.includes(k))) {
    const [row] = await read(`MATCH (e:${ENTITY_LABEL}) WHERE e.kind = $kind RETURN count(e) AS n`, { kind });
    const count = Number(row?.n ?? 0);
    if (count > 0) changes.push({ change: 'remove-kind', kind, count });
  }
  for (const type of before.relationships.filter((t) => !relationshipTypeNames.includes(t))) {
    const [row] = await read(`MATCH ()-[r:${quoted(type)}]->() RETURN count(r) AS n`, {});
    const count = Number(row?.n ?? 0);
    if (count > 0) changes.push({ change: 'remove-type', type, count });
  }
  const additions: string[] = [];
  if (!recorded && before.kinds.length === 0 && before.relationships.length === 0) additions.push('every constraint and index (a new graph)');
  else {
    for (const kind of kindNames.filter((k) => !before.kinds.includes(k))) additions.push(`kind ${kind} (its id constraint)`);
    for (const type of relationshipTypeNames.filter((t) => !before.relationships.includes(t))) additions.push(`relationship type ${type}`);
  }
  // Property types are known only from a record (Neo4j keeps no column types); a database without one is not checked.
  for (const [table, wanted] of recorded?.properties ? propertyTables() : []) {
    const had = recorded!.properties![table];
    if (!had) continue; // a new kind or type: listed above
    for (const [column, spec] of Object.entries(wanted)) {
      const stored: PropertyType | undefined = had[column];
      if (stored === undefined) {
        additions.push(`property ${table}.${column} (${spec.type})`);
        continue;
      }
      if (stored === spec.type) continue;
      const values = await storedValues(read, table, column);
      if (values.length === 0) {
        additions.push(`property ${table}.${column} retyped ${stored} → ${spec.type} (no value stored)`);
        continue;
      }
      const unconvertible = values.filter((v) => convertValue(v.value, stored, spec.type) === undefined).slice(0, 5).map((v) => v.key);
      changes.push({ change: 'retype', table, owner: table === ENTITY_LABEL ? 'entity' : 'relationship', column, from: stored, to: spec.type, count: values.length, unconvertible });
    }
  }
  return { changes, additions, recorded };
}

/** What `kg migrate` would do on this database; it changes nothing. */
export async function migrationPlan(read: Read): Promise<MigrationPlan> {
  const { changes, additions } = await planEvolution(read);
  return { differences: changes.map((c) => describeChange(c, 'the Neo4j database')), additions, applied: false };
}

/** `kg migrate --apply` on Neo4j: not yet; the dry run says what to change. */
export function refuseMigrateApply(): KgError {
  return new KgError('BAD_USER_INPUT', 'kg migrate --apply is embedded-only for now: on Neo4j, run `kg migrate` to list the differences, then delete or convert that data with `kg cypher` (or set KG_ONTOLOGY back to the ontology the database was made with)');
}

/**
 * Checks the database against the ontology in use (reads only) and refuses with SCHEMA_MISMATCH before any write;
 * then applies every statement, each in a transaction of its own (schema commands cannot share one), records the
 * ontology, and waits for the indexes (a new full-text index populates in the background; search scans until then).
 */
export async function applySchema(write: Write, read: Read, database: string): Promise<void> {
  const { changes, recorded } = await planEvolution(read);
  if (changes.length > 0) throw schemaMismatch(database, ONTOLOGY.file, recorded, changes, 'the Neo4j database');
  for (const statement of startupSchema()) await write(statement);
  const record = currentRecord();
  await write(WRITE_ONTOLOGY_RECORD, { id: RECORD_ID, file: record.file, kinds: record.kinds, relationships: record.relationships, properties: JSON.stringify(record.properties) });
  await read('CALL db.awaitIndexes($seconds)', { seconds: 300 }).catch((e: unknown) => {
    if (!isIndexProblem(e)) throw e;
  });
}
