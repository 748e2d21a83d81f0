/**
 * Schema evolution on Neo4j, through the recording driver: its answers simulate a database started with an older
 * ontology (recorded in its KgOntology node, or not recorded at all), and init must refuse what cannot be reconciled
 * with SCHEMA_MISMATCH naming each difference, before a single write; or, when nothing differs, apply the schema
 * and record the ontology in use. Every statement sent must pass Neo4j's own parser.
 */
import neo4j, { type Record as Neo4jRecord } from 'neo4j-driver';
import { ENTITY_LABEL, kindNames, relationshipTypeNames, type PropertyType } from '../../src/ontology/ontology';
import { propertyTables } from '../../src/ontology/schema';
import { READ_ONTOLOGY_RECORD, WRITE_ONTOLOGY_RECORD, startupSchema } from '../../src/graph/neo4j/schema';
import { neo4jEngine } from '../../src/graph/neo4j/plugin';
import { loadConfig } from '../../src/config';
import { cypherErrors } from '../support/neo4j-lint';
import { DATABASE, recordingStore, type OpenedSession } from './recording-driver';

/** What the simulated database holds. */
interface Held {
  record?: { file: string; kinds: string[]; relationships: string[]; properties: Record<string, Record<string, PropertyType>> };
  /** Entities per kind, relationships per type. */
  kinds: Record<string, number>;
  types: Record<string, number>;
  /** Stored values of a property: `table.column` → [record key, value]. */
  values: Record<string, Array<[string, unknown]>>;
}

/** The ontology in use, as its record would hold it. */
function currentProperties(): Record<string, Record<string, PropertyType>> {
  return Object.fromEntries([...propertyTables()].map(([t, cols]) => [t, Object.fromEntries(Object.entries(cols).map(([c, s]) => [c, s.type]))]));
}
const upToDate = (): NonNullable<Held['record']> => ({ file: '/old.yaml', kinds: [...kindNames], relationships: [...relationshipTypeNames], properties: currentProperties() });

function simulate(held: Held) {
  const rec = (keys: string[], values: unknown[]) => new neo4j.Record(keys, values) as Neo4jRecord;
  return (query: string, params: Record<string, unknown>): Neo4jRecord[] => {
    if (query === READ_ONTOLOGY_RECORD) {
      const r = held.record;
      return r ? [rec(['file', 'kinds', 'relationships', 'properties'], [r.file, r.kinds, r.relationships, JSON.stringify(r.properties)])] : [];
    }
    if (query.includes('RETURN DISTINCT e.kind')) return Object.keys(held.kinds).map((k) => rec(['kind'], [k]));
    if (query.includes('db.relationshipTypes()')) return Object.keys(held.types).map((t) => rec(['relationshipType'], [t]));
    if (query.includes('WHERE e.kind = $kind RETURN count(e)')) return [rec(['n'], [neo4j.int(held.kinds[params.kind as string] ?? 0)])];
    const typeCount = /^MATCH \(\)-\[r:`(\w+)`\]->\(\) RETURN count\(r\) AS n$/.exec(query);
    if (typeCount) return [rec(['n'], [neo4j.int(held.types[typeCount[1]!] ?? 0)])];
    const entityValues = /^MATCH \(e:Entity\) WHERE e\.`(\w+)` IS NOT NULL/.exec(query);
    if (entityValues) return (held.values[`${ENTITY_LABEL}.${entityValues[1]}`] ?? []).map(([id, v]) => rec(['id', 'v'], [id, v]));
    const relValues = /-\[r:`(\w+)`\]->\(b:Entity\) WHERE r\.`(\w+)` IS NOT NULL/.exec(query);
    if (relValues) return (held.values[`${relValues[1]}.${relValues[2]}`] ?? []).map(([key, v]) => rec(['f', 't', 'v'], [...key.split('->'), v]));
    return [];
  };
}

function opened(held: Held) {
  const { driver, store, sessions } = recordingStore(simulate(held));
  jest.spyOn(driver, 'verifyConnectivity').mockResolvedValue({ address: 'localhost:1', agent: 'Neo4j/5.26.12' } as never);
  return { store, sessions };
}

const sent = (sessions: OpenedSession[], api: 'executeRead' | 'executeWrite') => sessions.flatMap((s) => s.transactions.filter((t) => t.api === api).flatMap((t) => t.queries));

/** An entity property of the ontology in use and a type it is not, to record as its old type. */
const [entityProperty, entitySpec] = Object.entries(propertyTables().get(ENTITY_LABEL)!).find(([, s]) => s.type === 'string')!;
const [relType, relProperties] = [...propertyTables()].find(([t, cols]) => t !== ENTITY_LABEL && Object.keys(cols).length > 0)!;
const [relProperty, relSpec] = Object.entries(relProperties)[0]!;
const otherThan = (t: PropertyType): PropertyType => (t === 'number' ? 'string' : 'number');

afterEach(() => jest.restoreAllMocks());

test('the removed kind and type these tests simulate are not in the ontology in use', () => {
  expect(kindNames).not.toContain('Vessel');
  expect(relationshipTypeNames).not.toContain('SHIPPED_BY');
});

test('refuses a removed kind that still has entities, naming it and kg migrate, before any write', async () => {
  const { store, sessions } = opened({ record: { ...upToDate(), kinds: [...kindNames, 'Vessel'] }, kinds: { Vessel: 3 }, types: {}, values: {} });
  const refusal = store.init();
  await expect(refusal).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH' });
  const message = ((await refusal.catch((e: unknown) => e)) as Error).message;
  expect(message).toContain(`the Neo4j database ${DATABASE} was last opened with the ontology /old.yaml`);
  expect(message).toContain('  - kind Vessel is not in the ontology, but 3 entities have it');
  expect(message).toContain('`kg migrate`');
  expect(sent(sessions, 'executeWrite')).toEqual([]);
  await store.close();
});

test('refuses a removed relationship type with data and a retyped property with stored values, naming each, before any write', async () => {
  const record = upToDate();
  record.relationships.push('SHIPPED_BY');
  record.properties[ENTITY_LABEL]![entityProperty] = otherThan(entitySpec.type);
  record.properties[relType]![relProperty] = otherThan(relSpec.type);
  const { store, sessions } = opened({
    record,
    kinds: {},
    types: { SHIPPED_BY: 1 },
    values: { [`${ENTITY_LABEL}.${entityProperty}`]: [['jalali', 12], ['putin', 7]], [`${relType}.${relProperty}`]: [['a->b', relSpec.type === 'number' ? 'many' : 3]] },
  });
  const error = (await store.init().catch((e: unknown) => e)) as { code: string; message: string; details: { differences: unknown[] } };
  expect(error.code).toBe('SCHEMA_MISMATCH');
  expect(error.message).toContain('  - relationship type SHIPPED_BY is not in the ontology, but 1 relationship has it');
  expect(error.message).toContain(`entity property ${entityProperty} is ${otherThan(entitySpec.type)} in the Neo4j database and ${entitySpec.type} in the ontology; 2 values are stored`);
  expect(error.message).toContain(`property ${relProperty} of ${relType} is ${otherThan(relSpec.type)} in the Neo4j database and ${relSpec.type} in the ontology; 1 value is stored`);
  expect(error.details.differences).toHaveLength(3);
  expect(sent(sessions, 'executeWrite')).toEqual([]);
  await store.close();
});

test('refuses a database from before the record whose entities have a kind the ontology lacks', async () => {
  const { store, sessions } = opened({ kinds: { [kindNames[0]!]: 5, Vessel: 2 }, types: {}, values: {} });
  await expect(store.init()).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH', message: expect.stringContaining('the Neo4j database graphdb was made with another ontology') });
  expect(sent(sessions, 'executeWrite')).toEqual([]);
  await store.close();
});

test.each([
  ['nothing differs', { record: upToDate(), kinds: { [kindNames[0]!]: 4 }, types: {}, values: {} }],
  ['a new graph (no record, no data)', { kinds: {}, types: {}, values: {} }],
  ['a removed kind and type without data, and a retyped property without values', { record: { ...upToDate(), kinds: [...kindNames, 'Vessel'], relationships: [...relationshipTypeNames, 'SHIPPED_BY'], properties: { ...currentProperties(), [ENTITY_LABEL]: { ...currentProperties()[ENTITY_LABEL], [entityProperty]: otherThan(entitySpec.type) } } }, kinds: {}, types: {}, values: {} }],
] as Array<[string, Held]>)('opens when %s: the schema, then the ontology in use recorded', async (_name, held) => {
  const { store, sessions } = opened(held);
  await store.init();
  const writes = sent(sessions, 'executeWrite');
  expect(writes.map((q) => q.query)).toEqual([...startupSchema(), WRITE_ONTOLOGY_RECORD]);
  const recorded = writes.at(-1)!.params;
  expect(recorded).toMatchObject({ id: 'current', kinds: [...kindNames], relationships: [...relationshipTypeNames] });
  expect(JSON.parse(recorded.properties as string)).toEqual(currentProperties());
  await store.close();
});

test('kg migrate on Neo4j: the plan reads only and names each difference; --apply is refused as embedded-only', async () => {
  const { store, sessions } = opened({ record: { ...upToDate(), kinds: [...kindNames, 'Vessel'] }, kinds: { Vessel: 1 }, types: {}, values: {} });
  const plan = await store.migrationPlan();
  expect(plan).toEqual({ applied: false, additions: [], differences: [{ what: 'kind Vessel is not in the ontology, but 1 entity has it', migrate: expect.stringContaining('deletes the 1 Vessel entity') }] });
  expect(sent(sessions, 'executeWrite')).toEqual([]);
  await store.close();
  await expect(neo4jEngine.migrate(loadConfig({ ...process.env, KG_ENGINE: 'neo4j', NEO4J_URI: 'neo4j://localhost:1' }), true)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('kg migrate --apply is embedded-only for now') });
});

test('every statement evolution sends is Cypher that Neo4j 5 accepts', async () => {
  const record = upToDate();
  record.relationships.push('SHIPPED_BY');
  record.properties[ENTITY_LABEL]![entityProperty] = otherThan(entitySpec.type);
  record.properties[relType]![relProperty] = otherThan(relSpec.type);
  const queries = new Set<string>();
  for (const held of [{ record, kinds: {}, types: {}, values: {} }, { kinds: { Vessel: 1 }, types: { SHIPPED_BY: 1 }, values: {} }] as Held[]) {
    const { store, sessions } = opened(held);
    await store.init().catch(() => undefined);
    for (const q of [...sent(sessions, 'executeRead'), ...sent(sessions, 'executeWrite')]) queries.add(q.query);
    await store.close();
  }
  queries.add(WRITE_ONTOLOGY_RECORD);
  expect(queries.size).toBeGreaterThan(6);
  expect([...queries].map((query) => ({ query, errors: cypherErrors(query) })).filter((p) => p.errors.length > 0)).toEqual([]);
});
