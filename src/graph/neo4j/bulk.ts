/**
 * Bulk load into Neo4j from the same files as the embedded COPY: rows streamed from the CSVs in batches, each
 * batch one `UNWIND $rows` statement in its own write transaction. MERGE on ids keeps a re-run idempotent
 * (the entity id constraint of cypher/schema.cypher makes each MERGE an index lookup).
 */
import fs from 'node:fs';
import neo4j from 'neo4j-driver';
import { parse } from 'csv-parse';
import { SEARCH_TEXT_SEPARATOR, bulkPath, parseListLiteral, propertySpecs, readManifest, type BulkFile } from '../bulk-files';
import { NEO4J_BATCH_SIZE } from './batch-size';
import { ENTITY_LABEL, SOURCE_LABEL, type KindName, type PropertySpec, type RelationshipTypeName } from '../../ontology/ontology';
import { neo4jEntityMerge } from '../../ontology/schema';
import type { BulkLoadReport } from '../port';
import { engineError } from './errors';
import type { Neo4jGraphStore } from './store';

export { NEO4J_BATCH_SIZE };

/** The statements of a Neo4j bulk load; kind and type names come from the ontology-checked manifest. */
export const neo4jBulkStatements = {
  sources: `UNWIND $rows AS row MERGE (s:${SOURCE_LABEL} {id: row.id}) SET s += row.properties`,
  entities: (kind: KindName) =>
    `UNWIND $rows AS row ${neo4jEntityMerge(kind, 'e += row.properties', { aliases: 'row.properties.aliases' })}`,
  relationships: (type: RelationshipTypeName) =>
    `UNWIND $rows AS row MATCH (a:${ENTITY_LABEL} {id: row.from}) MATCH (b:${ENTITY_LABEL} {id: row.to}) MERGE (a)-[r:${type}]->(b) SET r += row.properties`,
};

type Value = string | number | boolean | string[] | ReturnType<typeof neo4j.int>;
export interface BulkRow {
  id?: string;
  from?: string;
  to?: string;
  properties: Record<string, Value>;
}

/** A CSV cell as the value Neo4j stores, typed by the ontology; null for an empty cell. */
function typed(cell: string, spec: PropertySpec | undefined): Value | null {
  if (cell === '') return null;
  switch (spec?.type) {
    case 'number': {
      const n = Number(cell);
      // Whole numbers go as Neo4j integers, as the product's own writes send them.
      return Number.isInteger(n) ? neo4j.int(n) : n;
    }
    case 'boolean':
      return cell === 'true';
    case 'string[]':
      return parseListLiteral(cell);
    default:
      return cell;
  }
}

/** Turns one CSV record of a bulk file into a statement row. */
function toRow(record: Record<string, string>, what: 'source' | 'entity' | 'relationship', type?: RelationshipTypeName): BulkRow {
  const specs: Record<string, PropertySpec> = {
    ...(what === 'source' ? {} : propertySpecs(type)),
    aliases: { type: 'string[]', description: '' },
    evidence: { type: 'string[]', description: '' },
    sources: { type: 'string[]', description: '' },
  };
  const properties: Record<string, Value> = {};
  for (const [column, cell] of Object.entries(record)) {
    if (column === 'from' || column === 'to') continue;
    const value = column === 'searchText' ? cell.split(SEARCH_TEXT_SEPARATOR).join('\n') : typed(cell, specs[column]);
    if (value !== null) properties[column] = value;
  }
  if (what === 'entity' && !properties.aliases) properties.aliases = [];
  return what === 'relationship' ? { from: record.from, to: record.to, properties } : { id: record.id, properties };
}

/** Streams a bulk file as batches of statement rows. */
export async function* bulkBatches(
  dir: string,
  file: BulkFile,
  what: 'source' | 'entity' | 'relationship',
  batchSize: number,
  type?: RelationshipTypeName,
): AsyncGenerator<BulkRow[]> {
  const parser = fs.createReadStream(bulkPath(dir, file)).pipe(parse({ columns: true }));
  let batch: BulkRow[] = [];
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    batch.push(toRow(record, what, type));
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Loads a bulk folder into Neo4j; `onProgress` hears rows done out of rows in all, with the file being loaded. */
export async function bulkLoadNeo4j(
  store: Neo4jGraphStore,
  dir: string,
  options: { batchSize?: number; uri?: string } = {},
  onProgress: (done: number, total: number, file: string) => void = () => undefined,
): Promise<BulkLoadReport> {
  const started = performance.now();
  const manifest = readManifest(dir);
  const batchSize = options.batchSize ?? NEO4J_BATCH_SIZE;
  const total = manifest.sources + manifest.entities + manifest.relationships;
  const steps: { file: BulkFile; what: 'source' | 'entity' | 'relationship'; statement: string; type?: RelationshipTypeName }[] = [
    { file: manifest.files.sources, what: 'source', statement: neo4jBulkStatements.sources },
    ...manifest.files.entities.map((f) => ({ file: f, what: 'entity' as const, statement: neo4jBulkStatements.entities(f.kind) })),
    ...manifest.files.relationships.map((f) => ({ file: f, what: 'relationship' as const, statement: neo4jBulkStatements.relationships(f.type), type: f.type })),
  ];
  let done = 0;
  for (const step of steps) {
    for await (const rows of bulkBatches(dir, step.file, step.what, batchSize, step.type)) {
      const session = store.session('WRITE');
      try {
        await session.executeWrite((tx) => tx.run(step.statement, { rows }), { metadata: { app: 'kg', operation: 'bulkLoad' } });
      } catch (e) {
        throw engineError(e, options.uri ?? 'NEO4J_URI');
      } finally {
        await session.close();
      }
      done += rows.length;
      onProgress(done, total, step.file.file);
    }
  }
  return { entities: manifest.entities, relationships: manifest.relationships, sources: manifest.sources, seconds: (performance.now() - started) / 1000 };
}
