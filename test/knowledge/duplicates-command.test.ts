/**
 * `kg duplicates` on a data folder: a person ingested under a variant spelling is created apart (the ingest
 * summary says so) and listed as a likely duplicate of the seed's, with evidence; an unknown kind is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runKgProcess } from '../support/cli';
import { tempDataDir } from '../support/engines';
import { seedRef } from '../support/seed';

const kg = (args: string[], dataDir: string) => runKgProcess(args, { KG_DATA_DIR: dataDir, KG_SEED_ON_START: 'false' });

describe('kg duplicates', () => {
  const dataDir = tempDataDir('kg-duplicates-');
  const jalali = seedRef('Jalali');

  beforeAll(async () => {
    expect((await kg(['seed'], dataDir)).exitCode).toBe(0);
    const file = path.join(dataDir, '..', `${path.basename(dataDir)}-djalali.facts.json`);
    const text = 'Djalali met officials in Moscow.';
    fs.writeFileSync(file, JSON.stringify({ source: { id: 'djalali-note', title: 'Djalali', text }, entities: [{ kind: 'Person', name: 'Djalali' }], relationships: [] }));
    const ingest = await kg(['ingest', file], dataDir);
    fs.rmSync(file);
    expect(ingest.exitCode).toBe(0);
    expect(ingest.stdout).toContain(`"Djalali" (djalali) may be ${jalali} ("Jalali", variant)`);
  }, 120_000);

  test('lists the pair with each side’s names and sources', async () => {
    const { exitCode: code, stdout } = await kg(['duplicates', '--kind', 'Person', '--format', 'json'], dataDir);
    expect(code).toBe(0);
    const { pairs } = JSON.parse(stdout) as { pairs: { why: string; a: any; b: any }[] };
    const pair = pairs.find((p) => [p.a.entity.id, p.b.entity.id].includes('djalali'))!;
    expect(pair.why).toBe('variant');
    expect([pair.a.entity.id, pair.b.entity.id].sort()).toEqual(['djalali', jalali].sort());
    const mine = pair.a.entity.id === 'djalali' ? pair.a : pair.b;
    expect(mine.sources).toEqual([{ id: 'djalali-note', title: 'Djalali' }]);
  }, 60_000);

  test('an unknown kind is refused, naming the kinds', async () => {
    const { exitCode: code, stderr } = await kg(['duplicates', '--kind', 'Nope'], dataDir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/--kind: unknown kind "Nope"; the ontology knows Person/);
  }, 60_000);
});
