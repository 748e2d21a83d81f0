/**
 * Schema evolution, in the product's words: what differs between the ontology a data folder was made with and the
 * one in use, which differences opening reconciles by itself (a new kind, type or property: tables and columns
 * are added) and which need `kg migrate` (a removed kind or type that still has data, a property whose type
 * changed while values are stored). Engine-free: each engine's schema.ts finds the facts and runs the statements.
 */
import { KgError } from '../errors';
import type { PropertyType } from './load';

/** The ontology a data folder was last opened with, as recorded in it (`ontology.json`). */
export interface RecordedOntology {
  /** The ontology file it came from. */
  file: string;
  kinds: string[];
  relationships: string[];
  /** The property types each table held (`Entity` for entities, else a relationship type); recorded where the engine cannot ask its columns (Neo4j). */
  properties?: Record<string, Record<string, PropertyType>>;
}

/** One difference between the folder and the ontology in use that opening cannot reconcile by itself. */
export interface SchemaDifference {
  /** What differs, e.g. `kind Policy is not in the ontology, but 3 entities have it`. */
  what: string;
  /** What `kg migrate --apply` does about it. */
  migrate: string;
}

/** What `kg migrate` found (and, with `--apply`, did). */
export interface MigrationPlan {
  /** Differences that need `kg migrate --apply`, each with what it does. */
  differences: SchemaDifference[];
  /** Tables and columns opening adds by itself (no migration needed; a dry run shows them). */
  additions: string[];
  /** Whether the folder was changed. */
  applied: boolean;
}

/** Where a difference is: a kind (entities), a relationship type (its table), or a property (a column). */
export type Change =
  | { change: 'remove-kind'; kind: string; count: number }
  | { change: 'remove-type'; type: string; count: number }
  | { change: 'retype'; table: string; owner: 'entity' | 'relationship'; column: string; from: PropertyType; to: PropertyType; count: number; unconvertible: string[] };

/** Where a graph is stored, as a message names it: `the data folder` (embedded) or `the Neo4j database`. */
export type GraphPlace = 'the data folder' | 'the Neo4j database';

/** The difference a change makes, in words; `unconvertible` lists up to five records whose value cannot convert. */
export function describeChange(c: Change, place: GraphPlace = 'the data folder'): SchemaDifference {
  switch (c.change) {
    case 'remove-kind':
      return {
        what: `kind ${c.kind} is not in the ontology, but ${c.count} entit${c.count === 1 ? 'y has' : 'ies have'} it`,
        migrate: `deletes the ${c.count} ${c.kind} entit${c.count === 1 ? 'y' : 'ies'} and their relationships (or put ${c.kind} back in the ontology)`,
      };
    case 'remove-type':
      return {
        what: `relationship type ${c.type} is not in the ontology, but ${c.count} relationship${c.count === 1 ? ' has' : 's have'} it`,
        migrate: `deletes the ${c.count} ${c.type} relationship${c.count === 1 ? '' : 's'} (or put ${c.type} back in the ontology)`,
      };
    case 'retype': {
      const where = c.owner === 'entity' ? `entity property ${c.column}` : `property ${c.column} of ${c.table}`;
      const what = `${where} is ${c.from} in ${place} and ${c.to} in the ontology; ${c.count} value${c.count === 1 ? ' is' : 's are'} stored`;
      if (c.unconvertible.length > 0) {
        return { what: `${what}, and ${c.unconvertible.length === 5 ? 'some' : c.unconvertible.length} cannot be read as ${c.to} (${c.unconvertible.join(', ')})`, migrate: `cannot convert them: correct those values or keep ${c.column} as ${c.from}` };
      }
      return { what, migrate: `converts each value to ${c.to}` };
    }
  }
}

/** The value `v` (stored as `from`) as a `to` value, or undefined when it cannot be read as one. */
export function convertValue(v: unknown, from: PropertyType, to: PropertyType): unknown {
  if (v === null || v === undefined) return null;
  if (from === to) return v;
  const scalar = (x: unknown): unknown => {
    if (to === 'string') return typeof x === 'string' ? x : String(x);
    if (to === 'number') {
      if (typeof x === 'number') return x;
      if (typeof x === 'boolean') return undefined;
      const n = Number(String(x).trim());
      return String(x).trim() !== '' && Number.isFinite(n) ? n : undefined;
    }
    if (to === 'boolean') {
      if (typeof x === 'boolean') return x;
      const s = String(x).trim().toLowerCase();
      return s === 'true' ? true : s === 'false' ? false : undefined;
    }
    return undefined;
  };
  if (to === 'string[]') return from === 'string' ? [v] : undefined;
  if (from === 'string[]') return Array.isArray(v) && v.length <= 1 ? (v.length === 0 ? null : scalar(v[0])) : undefined;
  return scalar(v);
}

/** SCHEMA_MISMATCH for a stored graph (a data folder, or a Neo4j database by name) whose data the ontology in use cannot take as it is. */
export function schemaMismatch(dataDir: string, ontologyFile: string, recorded: RecordedOntology | undefined, changes: Change[], place: GraphPlace = 'the data folder'): KgError {
  const differences = changes.map((c) => describeChange(c, place));
  const made = recorded ? `was last opened with the ontology ${recorded.file}` : 'was made with another ontology';
  const lines = differences.map((d) => `  - ${d.what}`);
  return new KgError(
    'SCHEMA_MISMATCH',
    `${place} ${dataDir} ${made}, and the ontology in use (${ontologyFile}) cannot open it as it is:\n${lines.join('\n')}\n` +
      'Run `kg migrate` to see what it would change (nothing is changed), then `kg migrate --apply` to do it; or set KG_ONTOLOGY back to the ontology it was made with.',
    { path: dataDir, differences },
  );
}
