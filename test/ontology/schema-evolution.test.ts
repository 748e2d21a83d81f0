/**
 * Schema evolution as a user meets it: a data folder made with one ontology, opened by the built `kg` (its own
 * process, KG_ONTOLOGY set) with another. What is new is added on opening; what cannot be reconciled (a removed type
 * that still has relationships, a property whose type changed while values are stored) is SCHEMA_MISMATCH naming
 * each difference and `kg migrate`, with the folder unchanged, never an engine's Binder exception; `kg migrate` is a
 * dry run, `--apply` does it. Counts come from the example facts document.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { runKgProcess } from '../support/cli';
import { PROJECT_ROOT, tempDataDir } from '../support/engines';

const EXAMPLE = path.join(PROJECT_ROOT, 'ontology/examples');
const ORIGINAL = path.join(EXAMPLE, 'corporate-ownership.yaml');
const FACTS = path.join(EXAMPLE, 'corporate-ownership.facts.yaml');

const kg = (args: string[], ontology: string, dataDir: string) => runKgProcess(args, { KG_ONTOLOGY: ontology, KG_DATA_DIR: dataDir, KG_ENGINE: 'embedded' });

const facts = parseYaml(fs.readFileSync(FACTS, 'utf8')) as { entities: Array<{ id: string; kind: string; properties?: Record<string, unknown> }>; relationships: Array<{ type: string; from: string; to: string; properties?: Record<string, unknown> }> };
const ofType = (type: string) => facts.relationships.filter((r) => r.type === type);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-ontologies-'));

/** The example ontology changed by `edit`, written to a file of its own. */
function variant(name: string, edit: (o: any) => void): string {
  const o = parseYaml(fs.readFileSync(ORIGINAL, 'utf8'));
  edit(o);
  const file = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(file, toYaml(o));
  return file;
}

/** A data folder made with the example ontology, holding the example document. */
async function madeWithOriginal(): Promise<string> {
  const dataDir = tempDataDir('kg-evolve-');
  const ingest = await kg(['ingest', FACTS], ORIGINAL, dataDir);
  expect(ingest.stderr).not.toMatch(/kg: [A-Z_]+:/);
  expect(ingest.exitCode).toBe(0);
  return dataDir;
}

async function stats(ontology: string, dataDir: string): Promise<{ entities: number; relationships: number; relationshipsByType: Record<string, number> }> {
  const run = await kg(['stats', '--format', 'json'], ontology, dataDir);
  expect(run.stderr).not.toMatch(/kg: [A-Z_]+:/);
  return JSON.parse(run.stdout.slice(run.stdout.indexOf('{')));
}

// A kind, a type and properties added: opening adds their tables and columns.
const grown = variant('grown', (o) => {
  o.kinds.Person.properties.birthYear = { type: 'number', description: 'Year of birth.' };
  o.kinds.Fund = { description: 'An investment fund.', properties: { aum: { type: 'number', description: 'Assets under management.' } } };
  o.relationships.ADVISES = { description: 'Advises a company.', from: ['Person'], to: ['Company'], properties: { fee: { type: 'number', description: 'Fee paid.' } } };
});
// DIRECTOR_OF removed while relationships have it, and OWNS.share retyped number → string while shares are stored.
const changed = variant('changed', (o) => {
  delete o.relationships.DIRECTOR_OF;
  delete o.kinds.Company.fields.directors;
  delete o.kinds.Person.fields.boards;
  o.relationships.OWNS.properties.share.type = 'string';
});

test('a folder made with an older ontology gains the new kind, type and columns on opening, and serves them', async () => {
  const dataDir = await madeWithOriginal();
  const before = await stats(ORIGINAL, dataDir);
  expect(await stats(grown, dataDir)).toEqual({ ...before, relationshipsByType: before.relationshipsByType });
  const read = await kg(['cypher', 'MATCH (e:Entity) RETURN e.id AS id, e.birthYear AS born, e.aum AS aum ORDER BY id', '--format', 'json'], grown, dataDir);
  expect(read.stderr).not.toMatch(/Binder|kg: [A-Z_]+:/);
  expect(read.exitCode).toBe(0);
  expect(read.stdout).toContain(facts.entities[0]!.id);
  const record = JSON.parse(fs.readFileSync(path.join(dataDir, 'ontology.json'), 'utf8'));
  expect(record).toMatchObject({ file: grown, kinds: expect.arrayContaining(['Fund']), relationships: expect.arrayContaining(['ADVISES']) });
}, 120_000);

test('what cannot be reconciled is SCHEMA_MISMATCH naming each difference and kg migrate; the folder is left as it was', async () => {
  const dataDir = await madeWithOriginal();
  const before = await stats(ORIGINAL, dataDir);
  const refused = await kg(['stats'], changed, dataDir);
  expect(refused.exitCode).toBe(1);
  expect(refused.stderr).toContain('kg: SCHEMA_MISMATCH:');
  expect(refused.stderr).toContain(`relationship type DIRECTOR_OF is not in the ontology, but ${ofType('DIRECTOR_OF').length} relationships have it`);
  expect(refused.stderr).toContain(`property share of OWNS is number in the data folder and string in the ontology; ${ofType('OWNS').length} values are stored`);
  expect(refused.stderr).toContain('kg migrate');
  expect(refused.stderr).not.toMatch(/Binder|exception|\n\s+at /);

  const dry = await kg(['migrate', '--format', 'json'], changed, dataDir);
  expect(dry.exitCode).toBe(0);
  const plan = JSON.parse(dry.stdout);
  expect(plan.applied).toBe(false);
  expect(plan.differences.map((d: { what: string }) => d.what)).toHaveLength(2);
  // Neither the refused open nor the dry run changed anything: the original ontology opens it with the same counts.
  expect(await stats(ORIGINAL, dataDir)).toEqual(before);
}, 120_000);

test('kg migrate --apply deletes what the ontology dropped, converts retyped values, and the folder then opens', async () => {
  const dataDir = await madeWithOriginal();
  const before = await stats(ORIGINAL, dataDir);
  const applied = await kg(['migrate', '--apply'], changed, dataDir);
  expect(applied.stderr).toBe('');
  expect(applied.stdout).toContain('done  relationship type DIRECTOR_OF');
  const after = await stats(changed, dataDir);
  expect(after.relationships).toBe(before.relationships - ofType('DIRECTOR_OF').length);
  expect(after.relationshipsByType.DIRECTOR_OF ?? 0).toBe(0);
  const shares = await kg(['cypher', 'MATCH (a:Entity)-[r:OWNS]->(b:Entity) RETURN a.id AS f, b.id AS t, r.share AS share', '--format', 'json'], changed, dataDir);
  expect(shares.exitCode).toBe(0);
  const rows = JSON.parse(shares.stdout) as Array<{ f: string; t: string; share: unknown }>;
  expect(rows.map((r) => [r.f, r.t, r.share]).sort()).toEqual(ofType('OWNS').map((r) => [r.from, r.to, String(r.properties!.share)]).sort());
  const again = await kg(['migrate'], changed, dataDir);
  expect(again.stdout).toContain('the folder matches the ontology: nothing to do');
}, 120_000);

test('a value that cannot be read as the new type is refused by --apply, naming its record, and nothing changes', async () => {
  const dataDir = await madeWithOriginal();
  const numeric = variant('numeric-jurisdiction', (o) => {
    o.kinds.Company.properties.jurisdiction = { type: 'number', description: 'Not a number in the data.' };
  });
  const refused = await kg(['migrate', '--apply'], numeric, dataDir);
  expect(refused.exitCode).toBe(1);
  const stated = facts.entities.filter((e) => e.properties?.jurisdiction !== undefined).map((e) => e.id).sort();
  expect(refused.stderr).toContain(`entity property jurisdiction is string in the data folder and number in the ontology; ${stated.length} values are stored`);
  for (const id of stated) expect(refused.stderr).toContain(id);
  expect(await stats(ORIGINAL, dataDir)).toMatchObject({ entities: facts.entities.length });
}, 120_000);
