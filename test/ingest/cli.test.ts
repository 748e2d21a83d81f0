/**
 * The `kg ingest` and `kg draft` commands, run as a user runs them: a child process on a data folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { runKgProcess } from '../support/cli';
import { EXAMPLES_DIR, PROJECT_ROOT, SEED_DIR, tempDataDir } from '../support/engines';
import { WITH_EXAMPLES as SEED_DOCUMENTS, seedDocument, seedEntityId, seedRef } from '../support/seed';
import { MentionMatcher } from '../../src/knowledge/mentions';
import type { EntityLabel } from '../../src/graph/port';

/** The file (relative to the project, e.g. seed/x.facts.yaml) of the seed or example document whose source is `sourceId`. */
function seedFile(sourceId: string): string {
  for (const dir of [SEED_DIR, EXAMPLES_DIR]) {
    const file = fs.readdirSync(dir).find((f) => /\.facts\.(json|ya?ml)$/.test(f) && YAML.parse(fs.readFileSync(path.join(dir, f), 'utf8')).source.id === sourceId);
    if (file) return path.relative(PROJECT_ROOT, path.join(dir, file));
  }
  throw new Error(`no seed or example file declares source ${sourceId}`);
}

/** The numbers of the summary table's row for the seed document of `sourceId`. */
function tableRow(stdout: string, sourceId: string): number[] {
  const line = stdout.split('\n').find((l) => l.includes(`${seedFile(sourceId)} `));
  if (!line) throw new Error(`no row for ${seedFile(sourceId)} in:\n${stdout}`);
  return line.split('│').slice(2, -1).map((cell) => Number(cell.trim()));
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `kg <args>` as a process of its own on `dataDir`. */
async function kg(dataDir: string, ...args: string[]): Promise<Run> {
  const run = await runKgProcess(args, { KG_DATA_DIR: dataDir, KG_BUFFER_POOL_MB: '128' });
  return { code: run.exitCode, stdout: run.stdout, stderr: run.stderr };
}

describe('kg ingest', () => {
  const dataDir = tempDataDir('kg-cli-');
  const docs = tempDataDir('kg-cli-docs-');
  beforeAll(() => {
    fs.writeFileSync(
      path.join(docs, 'a-good.yaml'),
      YAML.stringify({
        source: { id: 'good', title: 'Good', text: 'President Ebrahim Raisi visited Moscow.' },
        entities: [{ kind: 'Person', name: 'President Ebrahim Raisi' }],
        relationships: [{ type: 'VISITED', from: 'ebrahim-raisi', to: 'moscow', evidence: 'Ebrahim Raisi visited Moscow' }],
      }),
    );
    fs.writeFileSync(
      path.join(docs, 'b-bad.json'),
      JSON.stringify({
        source: { id: 'bad', title: 'Bad', text: 'Raisi met Putin.' },
        relationships: [{ type: 'MET_WITH', from: 'ebrahim-raisi', to: 'vladimir-putin', evidence: 'Raisi met Putin in Tehran' }],
      }),
    );
  });

  test('loads the seed folder and the examples document by document and prints a closing summary', async () => {
    // The example articles by file: examples/ also holds a pair of documents that disagree (conflicting-amounts/).
    const examples = SEED_DOCUMENTS.map((d) => seedFile(d.id)).filter((f) => f.startsWith('examples'));
    const run = await kg(dataDir, 'ingest', SEED_DIR, ...examples.map((f) => path.join(PROJECT_ROOT, f)));
    expect(run.code).toBe(0);
    const n = SEED_DOCUMENTS.length;
    expect(run.stdout).toMatch(new RegExp(`^documents: ${n} \\(${n} ingested, 0 rejected\\)`));
    // What each document adds to the graph the documents before it built, counted from the documents themselves.
    const entitiesSoFar = new Set<string>();
    const relationshipsSoFar = new Set<string>();
    SEED_DOCUMENTS.forEach((doc, i) => {
      const entityIds = doc.entities.map(seedEntityId);
      const relationshipIds = [...new Set(doc.relationships.map((r) => `${seedRef(r.from)}|${r.type}|${seedRef(r.to)}`))];
      const [created, merged, unchanged, relCreated, relUpdated, relUnchanged] = tableRow(run.stdout, doc.id);
      expect(created).toBe(entityIds.filter((id) => !entitiesSoFar.has(id)).length);
      expect(merged + unchanged).toBe(entityIds.filter((id) => entitiesSoFar.has(id)).length);
      expect(relCreated).toBe(relationshipIds.filter((id) => !relationshipsSoFar.has(id)).length);
      // A tie stated again by a new source gains that source's evidence.
      expect(relUpdated).toBe(relationshipIds.filter((id) => relationshipsSoFar.has(id)).length);
      expect(relUnchanged).toBe(0);
      entityIds.forEach((id) => entitiesSoFar.add(id));
      relationshipIds.forEach((id) => relationshipsSoFar.add(id));
      if (i === n - 1) expect(run.stderr).toContain(`ingest: [${n}/${n}] ${seedFile(doc.id)}: done`);
    });
    // Every entity declared by name only is resolved by name, and the report says to which.
    for (const doc of SEED_DOCUMENTS) {
      for (const e of doc.entities.filter((x) => !x.id)) expect(run.stdout).toContain(`"${e.name}" → ${seedRef(e.name)} (`);
    }
  }, 60_000);

  test('--dry-run reports per document, names each rejected document with its reasons, exits 1, writes nothing', async () => {
    const run = await kg(dataDir, 'ingest', '--dry-run', docs);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^dry run \(nothing was written\): documents: 2 \(1 would be written, 1 rejected\)/);
    expect(run.stdout).toContain('"President Ebrahim Raisi" → ebrahim-raisi ("Ebrahim Raisi")');
    expect(run.stdout).toMatch(/rejected .*b-bad\.json: INVALID_DOCUMENT\n {2}relationships\[0\] \(ebrahim-raisi MET_WITH vladimir-putin\)\.evidence: quote not found in the source text: "Raisi met Putin in Tehran"/);

    const json = await kg(dataDir, 'ingest', '--dry-run', '--format', 'json', path.join(docs, 'a-good.yaml'));
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.totals).toMatchObject({ documents: 1, ingested: 1, entitiesUpdated: 1, relationshipsCreated: 1, resolvedByName: 1 });
    // Nothing was written: a second dry run still plans the relationship as new.
    const again = JSON.parse((await kg(dataDir, 'ingest', '--dry-run', '--format', 'json', path.join(docs, 'a-good.yaml'))).stdout);
    expect(again.totals.relationshipsCreated).toBe(1);
  }, 60_000);

  test('a missing path is a clear error', async () => {
    const run = await kg(dataDir, 'ingest', path.join(docs, 'nope.yaml'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/kg: BAD_USER_INPUT: no such file or folder: .*nope\.yaml/);
  }, 60_000);
});

describe('kg draft', () => {
  test('writes a skeleton beside the article that links known entities, and refuses to overwrite it', async () => {
    const dataDir = tempDataDir('kg-cli-draft-');
    await kg(dataDir, 'ingest', path.join(SEED_DIR, 'iran-russia-envoy-interview.facts.yaml'));
    const folder = tempDataDir('kg-cli-article-');
    const article = path.join(folder, 'railway.txt');
    fs.copyFileSync(path.join(EXAMPLES_DIR, 'rasht-astara-railway-agreement.txt'), article);

    const run = await kg(dataDir, 'draft', article);
    expect(run.code).toBe(0);
    // Known: the graph's entities (the interview's) that the article names, by the product's mention rule.
    const interview = seedDocument('iran-russia-envoy-interview').entities.map((e) => ({ id: seedEntityId(e), kind: e.kind, name: e.name, aliases: e.aliases ?? [] }));
    const named = [...new MentionMatcher(interview as EntityLabel[]).find(fs.readFileSync(article, 'utf8')).keys()];
    expect(named.length).toBeGreaterThan(0);
    // Except a name that only occurs inside a longer one: "Transport" in "Transport Minister" is no mention of the sector.
    expect(fs.readFileSync(article, 'utf8')).toContain('Transport Minister');
    const insideTitles: string[] = named.filter((id) => id === 'transport');
    const linked = named.filter((id) => !insideTitles.includes(id));
    expect(run.stderr).toMatch(
      new RegExp(`draft: wrote .*railway\\.facts\\.yaml: ${linked.length} known entities, \\d+ candidate entities, \\d+ candidate relationships \\(\\d+ with a type to choose\\); nothing was added to the graph`),
    );
    const draft = YAML.parse(fs.readFileSync(path.join(folder, 'railway.facts.yaml'), 'utf8'));
    expect(draft.entities.filter((e: { id: string }) => named.includes(e.id)).map((e: { id: string }) => e.id).sort()).toEqual([...linked].sort());
    expect(draft.source.text).toBe(fs.readFileSync(article, 'utf8'));
    expect(draft.entities.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining(['rasht-astara-railway', 'ebrahim-raisi']));

    const again = await kg(dataDir, 'draft', article);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/railway\.facts\.yaml exists; pass --force/);
    const stats = JSON.parse((await kg(dataDir, 'stats', '--format', 'json')).stdout);
    expect(stats.sources).toBe(1);
  }, 90_000);
});
