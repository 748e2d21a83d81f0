/**
 * `kg generate`'s graph: the same seed writes the same files, every relationship is one the ontology allows
 * between entities that exist, each with a quote and a source, and degrees are heavy-tailed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { MANIFEST_FILE, parseListLiteral, readManifest } from '../../src/graph/bulk-files';
import { generateGraph } from '../../src/bulk/synthetic-graph';
import { KgError } from '../../src/errors';
import { allowsRelationship, isKind, type KindName, type RelationshipTypeName } from '../../src/ontology/ontology';
import { tempDataDir } from '../support/engines';

function csv(dir: string, file: string): Record<string, string>[] {
  return parse(fs.readFileSync(path.join(dir, file)), { columns: true }) as Record<string, string>[];
}

const options = { entities: 1500, relationships: 7000 };
let dir: string;

beforeAll(() => {
  dir = tempDataDir('kg-generate-');
  generateGraph({ ...options, seed: 42, outDir: dir });
});

test('the same seed writes the same files byte for byte; another seed writes another graph', () => {
  const again = tempDataDir('kg-generate-');
  generateGraph({ ...options, seed: 42, outDir: again });
  const files = fs.readdirSync(dir).sort();
  expect(fs.readdirSync(again).sort()).toEqual(files);
  for (const f of files) expect(fs.readFileSync(path.join(again, f)).equals(fs.readFileSync(path.join(dir, f)))).toBe(true);

  const other = tempDataDir('kg-generate-');
  generateGraph({ ...options, seed: 43, outDir: other });
  expect(fs.readFileSync(path.join(other, 'relationships-MEMBER_OF.csv')).equals(fs.readFileSync(path.join(dir, 'relationships-MEMBER_OF.csv')))).toBe(false);
});

test('every relationship joins existing entities of kinds its type allows, once, with a quote and a known source', () => {
  const manifest = readManifest(dir);
  const kindOf = new Map<string, KindName>();
  const nameOf = new Map<string, string>();
  for (const f of manifest.files.entities) {
    const rows = csv(dir, f.file);
    expect(rows).toHaveLength(f.rows);
    expect(rows.every((e) => isKind(e.kind!) && e.kind === f.kind)).toBe(true);
    for (const e of rows) {
      kindOf.set(e.id!, e.kind as KindName);
      nameOf.set(e.id!, e.name!);
    }
  }
  expect(kindOf.size).toBe(options.entities);
  const sources = new Set(csv(dir, manifest.files.sources.file).map((s) => s.id));
  const seen = new Set<string>();
  // Problems are collected and compared once: thousands of expect() calls would make this test slow.
  const problems: string[] = [];
  let total = 0;
  for (const f of manifest.files.relationships) {
    const rows = csv(dir, f.file);
    expect(rows).toHaveLength(f.rows);
    for (const r of rows) {
      const type = f.type as RelationshipTypeName;
      const key = `${r.from}|${type}|${r.to}`;
      const [quote, ...more] = parseListLiteral(r.evidence!);
      if (!kindOf.has(r.from!) || !kindOf.has(r.to!)) problems.push(`${key}: an end does not exist`);
      else if (!allowsRelationship(type, kindOf.get(r.from!)!, kindOf.get(r.to!)!)) problems.push(`${key}: kinds not allowed`);
      if (r.from === r.to) problems.push(`${key}: joins an entity to itself`);
      if (seen.has(key)) problems.push(`${key}: twice`);
      if (more.length > 0 || !quote?.includes(nameOf.get(r.from!)!) || !quote.includes(nameOf.get(r.to!)!)) problems.push(`${key}: quote ${r.evidence}`);
      if (!parseListLiteral(r.sources!).every((s) => sources.has(s))) problems.push(`${key}: unknown source ${r.sources}`);
      seen.add(key);
      total++;
    }
  }
  expect(problems).toEqual([]);
  expect(total).toBe(options.relationships);
  expect(manifest).toMatchObject({ entities: options.entities, relationships: options.relationships, seed: 42 });
});

test('degrees are heavy-tailed: a few hubs such as countries and sectors, many entities with few relationships', () => {
  const manifest = readManifest(dir);
  const degree = new Map<string, number>();
  for (const f of manifest.files.relationships) {
    for (const r of csv(dir, f.file)) for (const end of [r.from!, r.to!]) degree.set(end, (degree.get(end) ?? 0) + 1);
  }
  const sorted = [...degree.entries()].sort((a, b) => b[1] - a[1]);
  const median = sorted[Math.floor(sorted.length / 2)]![1];
  expect(sorted[0]![1]).toBeGreaterThan(30 * median);
  expect(sorted.slice(0, 10).some(([id]) => id.startsWith('country-') || id.startsWith('sector-'))).toBe(true);
});

test('impossible sizes are refused with the option named, and leave no manifest a loader would take', () => {
  const out = tempDataDir('kg-generate-');
  const attempt = (entities: number, relationships: number) => {
    try {
      generateGraph({ entities, relationships, seed: 1, outDir: out });
    } catch (e) {
      return e as KgError;
    }
    throw new Error('expected a refusal');
  };
  expect(attempt(10, 5)).toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'entities' } });
  expect(attempt(100, 100_000)).toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'relationships' } });
  expect(fs.existsSync(path.join(out, MANIFEST_FILE))).toBe(false);
});
