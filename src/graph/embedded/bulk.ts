/**
 * Bulk load into the embedded engine with its native `COPY … FROM` (CSV): sources, entities kind by kind,
 * then one relationship table per type. Much faster than facts documents, but it bypasses validation and
 * merging, so it only loads into an empty graph, from files `kg generate` wrote (or files of the same shape).
 */
import { SOURCE_CSV_COLUMNS, bulkPath, readManifest, type BulkManifest } from '../bulk-files';
import { KgError } from '../../errors';
import { ENTITY_LABEL, SOURCE_LABEL } from '../../ontology/ontology';
import { cypherString } from '../cypher-text';
import type { BulkLoadReport } from '../port';
import type { LadybugGraphStore } from './store';

/** One COPY statement of a bulk load and the rows it brings. */
export interface CopyStep {
  table: string;
  file: string;
  rows: number;
  kind: 'source' | 'entity' | 'relationship';
  statement: string;
}

/** A bulk load's report, with the time the COPY statements of each part took (`seconds` includes the index rebuild). */
export interface EmbeddedBulkReport extends BulkLoadReport {
  /** Time spent in the relationship COPY statements alone. */
  relationshipSeconds: number;
  entitySeconds: number;
}

/** The COPY statements that load a bulk folder, in order: sources, entities (one statement), relationships. */
export function copySteps(dir: string, manifest: BulkManifest): CopyStep[] {
  const entityFiles = manifest.files.entities.map((f) => cypherString(bulkPath(dir, f)));
  return [
    {
      table: SOURCE_LABEL,
      file: manifest.files.sources.file,
      rows: manifest.files.sources.rows,
      kind: 'source',
      // Source texts may hold newlines, which the parallel CSV reader refuses; sources are few.
      // Columns named: the table has more (ingestedAt, written by ingest) than a bulk file carries.
      statement: `COPY ${SOURCE_LABEL}(${SOURCE_CSV_COLUMNS.join(', ')}) FROM ${cypherString(bulkPath(dir, manifest.files.sources))} (header=true, parallel=false)`,
    },
    {
      table: ENTITY_LABEL,
      file: manifest.files.entities.map((f) => f.file).join(', '),
      rows: manifest.entities,
      kind: 'entity',
      statement: `COPY ${ENTITY_LABEL} FROM [${entityFiles.join(', ')}] (header=true)`,
    },
    ...manifest.files.relationships.map((f): CopyStep => ({
      table: f.type,
      file: f.file,
      rows: f.rows,
      kind: 'relationship',
      statement: `COPY ${f.type} FROM ${cypherString(bulkPath(dir, f))} (header=true)`,
    })),
  ];
}

/**
 * Loads a bulk folder into an empty embedded graph. `onProgress` hears rows done out of rows in all
 * (sources, entities and relationships), with the file being loaded.
 */
export async function bulkLoadEmbedded(
  store: LadybugGraphStore,
  dir: string,
  onProgress: (done: number, total: number, file: string) => void = () => undefined,
): Promise<EmbeddedBulkReport> {
  const started = performance.now();
  const manifest = readManifest(dir);
  const stats = await store.stats();
  if (stats.entities > 0 || stats.sources > 0) {
    throw new KgError(
      'BAD_USER_INPUT',
      `bulk load needs an empty graph, and this one holds ${stats.entities} entities and ${stats.sources} sources; point KG_DATA_DIR at a new folder`,
      { path: 'KG_DATA_DIR' },
    );
  }
  const steps = copySteps(dir, manifest);
  const total = steps.reduce((s, step) => s + step.rows, 0);
  let done = 0;
  let reported = 0;
  // The engine's own progress can step back when a statement starts another pipeline; the bar only moves on.
  const report = (rows: number, file: string) => {
    reported = Math.max(reported, rows);
    onProgress(reported, total, file);
  };
  const spent = { entity: 0, relationship: 0, source: 0 };
  for (const step of steps) {
    const t = performance.now();
    // The step's own start, not `done`: the engine's last progress call may arrive after the statement ended.
    const before = done;
    try {
      await store.bulkCopy(step.statement, (fraction) => report(before + Math.floor(step.rows * fraction), step.file));
    } catch (e) {
      // Each COPY commits on its own: say what is in the graph now, and how to start over.
      throw new KgError(
        'BAD_USER_INPUT',
        `bulk load stopped at ${step.file}: ${(e as Error).message}. The files before it are loaded; empty KG_DATA_DIR before loading again.`,
        { path: step.file },
        { cause: e },
      );
    }
    spent[step.kind] += performance.now() - t;
    done += step.rows;
    report(done, step.file);
  }
  // The traversal index is built now rather than on the first query that needs it.
  await store.warmUp();
  return {
    entities: manifest.entities,
    relationships: manifest.relationships,
    sources: manifest.sources,
    seconds: (performance.now() - started) / 1000,
    relationshipSeconds: spent.relationship / 1000,
    entitySeconds: spent.entity / 1000,
  };
}
