/**
 * Engine schemas derived from the ontology: LadybugDB DDL and Neo4j constraints/indexes.
 * `cypher/schema.cypher` is this module's Neo4j output, kept in the repo for operators and checked by a test.
 */
import {
  ENTITY_LABEL,
  MENTIONS,
  RELATIONSHIP_TYPES,
  SOURCE_LABEL,
  entityPropertyColumns,
  kindNames,
  relationshipProperties,
  relationshipTypeNames,
  type PropertySpec,
  type PropertyType,
} from './ontology';

/** Engine column type of each property type. */
export const LADYBUG_TYPES: Record<PropertyType, string> = {
  string: 'STRING',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  'string[]': 'STRING[]',
};

/** Columns every fact relationship table has, after evidence/sources. */
export function relationshipPropertyColumns(): Record<string, PropertySpec> {
  const columns: Record<string, PropertySpec> = {};
  for (const type of relationshipTypeNames) {
    for (const [name, spec] of Object.entries(RELATIONSHIP_TYPES[type].properties as Record<string, PropertySpec>)) {
      const seen = columns[name];
      if (seen && seen.type !== spec.type) throw new Error(`ontology: relationship property "${name}" has two types`);
      columns[name] = spec;
    }
  }
  return columns;
}

/** The properties the ontology wants on each place that holds them: `Entity` (every kind's, one table) and each relationship type; schema evolution compares these. */
export function propertyTables(): Map<string, Record<string, PropertySpec>> {
  return new Map([[ENTITY_LABEL, entityPropertyColumns()], ...relationshipTypeNames.map((t) => [t, relationshipProperties(t)] as const)]);
}

/** Statements that create the embedded engine's tables; each is idempotent. */
export function embeddedDdl(): string[] {
  const entityProps = Object.entries(entityPropertyColumns())
    .map(([name, spec]) => `, ${name} ${LADYBUG_TYPES[spec.type]}`)
    .join('');
  const statements = [
    `CREATE NODE TABLE IF NOT EXISTS ${ENTITY_LABEL}(id STRING, kind STRING, name STRING, aliases STRING[], description STRING, searchText STRING${entityProps}, PRIMARY KEY(id))`,
    `CREATE NODE TABLE IF NOT EXISTS ${SOURCE_LABEL}(id STRING, title STRING, url STRING, publisher STRING, published STRING, text STRING, PRIMARY KEY(id))`,
    // Added after the first release: a folder written before it gains the column on its next open.
    `ALTER TABLE ${SOURCE_LABEL} ADD IF NOT EXISTS ingestedAt STRING`,
    `CREATE REL TABLE IF NOT EXISTS ${MENTIONS}(FROM ${SOURCE_LABEL} TO ${ENTITY_LABEL}, offsets INT64[])`,
  ];
  for (const type of relationshipTypeNames) {
    const props = Object.entries(RELATIONSHIP_TYPES[type].properties as Record<string, PropertySpec>)
      .map(([name, spec]) => `, ${name} ${LADYBUG_TYPES[spec.type]}`)
      .join('');
    statements.push(
      `CREATE REL TABLE IF NOT EXISTS ${type}(FROM ${ENTITY_LABEL} TO ${ENTITY_LABEL}, evidence STRING[], sources STRING[]${props})`,
    );
  }
  return statements;
}

/** Name of the Neo4j full-text index the search operation queries. */
export const NEO4J_FULLTEXT_INDEX = 'entity_search';

/** Neo4j constraints and indexes, all IF NOT EXISTS, in the order they should run. */
export function neo4jSchemaStatements(): string[] {
  const lower = (s: string) => s.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  const statements = [
    `CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:${ENTITY_LABEL}) REQUIRE n.id IS UNIQUE`,
    `CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:${SOURCE_LABEL}) REQUIRE n.id IS UNIQUE`,
  ];
  for (const kind of kindNames) {
    statements.push(`CREATE CONSTRAINT ${lower(kind)}_id IF NOT EXISTS FOR (n:${kind}) REQUIRE n.id IS UNIQUE`);
  }
  statements.push(
    `CREATE INDEX entity_name IF NOT EXISTS FOR (n:${ENTITY_LABEL}) ON (n.name)`,
    `CREATE INDEX entity_kind IF NOT EXISTS FOR (n:${ENTITY_LABEL}) ON (n.kind)`,
    `CREATE INDEX entity_search_text IF NOT EXISTS FOR (n:${ENTITY_LABEL}) ON (n.searchText)`,
    `CREATE FULLTEXT INDEX ${NEO4J_FULLTEXT_INDEX} IF NOT EXISTS FOR (n:${ENTITY_LABEL}) ON EACH [n.name, n.aliasText, n.description]`,
  );
  return statements;
}

/** The text of cypher/schema.cypher. */
export function neo4jSchemaFile(): string {
  return [
    '// Neo4j schema for the knowledge graph. Generated from src/ontology/ontology.ts by `npm run schema`;',
    '// a test fails when this file and the ontology disagree. Every statement is idempotent.',
    ...neo4jSchemaStatements().map((s) => `${s};`),
    '',
  ].join('\n');
}

/**
 * The MERGE that writes one entity row (`row`) on Neo4j: the kind as a second label (`:Entity:Person`) so Neo4j users
 * can match by kind, the given SETs, and the aliases joined into `aliasText`, which the full-text index reads.
 * `lines` puts each clause on a line of its own (the exported Cypher script).
 */
export function neo4jEntityMerge(kind: string, sets: string, options: { aliases?: string; lines?: boolean } = {}): string {
  const aliases = options.aliases ?? 'row.aliases';
  const [clause, item] = options.lines ? ['\n', '\n    '] : [' ', ' '];
  return `MERGE (e:${ENTITY_LABEL} {id: row.id})${clause}SET e:${kind}, ${sets},${item}e.aliasText = reduce(s = '', a IN ${aliases} | s + ' ' + a)`;
}
