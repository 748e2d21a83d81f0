/**
 * The bulk file set: what `kg generate` writes and the bulk loaders read. One CSV per entity kind, one per
 * relationship type, one of sources, and a manifest that lists them with their row counts.
 * Column order follows the embedded engine's tables (its COPY maps columns by position).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { KgError } from '../errors';
import {
  ENTITY_CORE_FIELDS,
  entityPropertyColumns,
  isKind,
  isRelationshipType,
  relationshipProperties,
  type KindName,
  type PropertySpec,
  type RelationshipTypeName,
} from '../ontology/ontology';

/** Name of the manifest inside a bulk folder. */
export const MANIFEST_FILE = 'manifest.json';
export const BULK_FORMAT = 'kg-bulk/1';

const fileSchema = z.object({ file: z.string().min(1), rows: z.number().int().min(0) });

const manifestSchema = z.object({
  format: z.literal(BULK_FORMAT),
  seed: z.number().int(),
  entities: z.number().int().min(0),
  relationships: z.number().int().min(0),
  sources: z.number().int().min(0),
  files: z.object({
    sources: fileSchema,
    entities: z.array(fileSchema.extend({ kind: z.string().refine(isKind, 'not a kind of the ontology') })),
    relationships: z.array(fileSchema.extend({ type: z.string().refine(isRelationshipType, 'not a relationship type of the ontology') })),
  }),
});

export interface BulkFile {
  file: string;
  rows: number;
}

export interface BulkManifest {
  format: typeof BULK_FORMAT;
  seed: number;
  entities: number;
  relationships: number;
  sources: number;
  files: {
    sources: BulkFile;
    entities: (BulkFile & { kind: KindName })[];
    relationships: (BulkFile & { type: RelationshipTypeName })[];
  };
}

/**
 * Entity columns, in the embedded Entity table's order; `aliases` is a list literal (`[a,b]`) and `searchText`
 * separates its fields with SEARCH_TEXT_SEPARATOR instead of a newline (a quoted newline stops parallel CSV reading).
 */
export function entityCsvColumns(): string[] {
  return [...ENTITY_CORE_FIELDS, 'searchText', ...Object.keys(entityPropertyColumns())];
}

/** Stands for the newline between the fields of `searchText` in an entity CSV. */
export const SEARCH_TEXT_SEPARATOR = '\u001f';

/** Source columns, in the embedded Source table's order. */
export const SOURCE_CSV_COLUMNS = ['id', 'title', 'url', 'publisher', 'published', 'text'] as const;

/**
 * Relationship columns, in the embedded relationship table's order: the two entity ids, the parallel lists
 * `evidence` (quotes) and `sources` (their source ids) as list literals, then the type's own properties.
 */
export function relationshipCsvColumns(type: RelationshipTypeName): string[] {
  return ['from', 'to', 'evidence', 'sources', ...Object.keys(relationshipProperties(type))];
}

/** Characters a list element may not hold: the engine's CSV list literal has no escape for them. */
const LIST_SYNTAX = /[,[\]{}"'\\\n\r]/;

/** A list literal `[a,b]` for a CSV cell; refuses elements the literal cannot carry. */
export function listLiteral(items: readonly string[]): string {
  for (const item of items) {
    if (LIST_SYNTAX.test(item) || item !== item.trim()) {
      throw new KgError('BAD_USER_INPUT', `list element ${JSON.stringify(item)} holds a character a CSV list cannot carry (comma, bracket, brace, quote, backslash, newline, or outer spaces)`);
    }
  }
  return `[${items.join(',')}]`;
}

/** Splits a list literal written by `listLiteral` back into its elements. */
export function parseListLiteral(cell: string): string[] {
  const inner = cell.trim().replace(/^\[/, '').replace(/\]$/, '');
  return inner === '' ? [] : inner.split(',');
}

/** The type of each property column, for loaders that must convert CSV text back to values. */
export function propertySpecs(type?: RelationshipTypeName): Record<string, PropertySpec> {
  return type ? relationshipProperties(type) : entityPropertyColumns();
}

/** Reads and checks a bulk folder's manifest; every listed file must exist. */
export function readManifest(dir: string): BulkManifest {
  const file = path.join(dir, MANIFEST_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new KgError('BAD_USER_INPUT', `cannot read the bulk manifest ${file}: ${(e as Error).message} (write one with \`kg generate\`)`, { path: file });
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new KgError('BAD_USER_INPUT', `${file}: ${issue.path.join('.')}: ${issue.message}`, { path: `${file}#${issue.path.join('.')}` });
  }
  const manifest = parsed.data as BulkManifest;
  for (const f of [manifest.files.sources, ...manifest.files.entities, ...manifest.files.relationships]) {
    if (!fs.existsSync(path.join(dir, f.file))) {
      throw new KgError('BAD_USER_INPUT', `${file} lists ${f.file}, which is not in ${dir}`, { path: f.file });
    }
  }
  return manifest;
}

/** Absolute path of a file listed in a manifest. */
export function bulkPath(dir: string, f: BulkFile): string {
  return path.resolve(dir, f.file);
}
