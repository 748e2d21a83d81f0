/**
 * The `kg ingest` and `kg draft` commands, run as a user runs them: a child process on a data folder.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { PROJECT_ROOT, SEED_DIR, tempDataDir } from '../support/engines';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function kg(dataDir: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--require', 'tsx/cjs', path.join(PROJECT_ROOT, 'src/cli/main.ts'), ...args],
      { cwd: PROJECT_ROOT, env: { ...process.env, KG_DATA_DIR: dataDir, KG_LOG_LEVEL: 'silent', KG_BUFFER_POOL_MB: '128' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
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

  test('loads the seed folder document by document and prints a closing summary', async () => {
    const run = await kg(dataDir, 'ingest', SEED_DIR);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^documents: 2 \(2 ingested, 0 rejected\)/);
    expect(run.stdout).toMatch(/iran-russia-envoy-interview\.facts\.yaml\s*│ 35\s*│ 0\s*│ 0\s*│ 48 /);
    expect(run.stdout).toMatch(/rasht-astara-railway-agreement\.facts\.yaml\s*│ 8\s*│ 1\s*│ 2\s*│ 21\s*│ 5 /);
    expect(run.stdout).toContain('"President Vladimir Putin" → vladimir-putin ("Vladimir Putin")');
    expect(run.stderr).toContain('ingest: [2/2] seed/rasht-astara-railway-agreement.facts.yaml: done');
  }, 60_000);

  test('--dry-run reports per document, names each rejected document with its reasons, exits 1, writes nothing', async () => {
    const run = await kg(dataDir, 'ingest', '--dry-run', docs);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^dry run \(nothing was written\): documents: 2 \(1 would be ingested, 1 rejected\)/);
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
    fs.copyFileSync(path.join(SEED_DIR, 'rasht-astara-railway-agreement.txt'), article);

    const run = await kg(dataDir, 'draft', article);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/draft: wrote .*railway\.facts\.yaml: 9 known entities, \d+ candidate entities, \d+ candidate relationships; nothing was added to the graph/);
    const draft = YAML.parse(fs.readFileSync(path.join(folder, 'railway.facts.yaml'), 'utf8'));
    expect(draft.source.text).toBe(fs.readFileSync(article, 'utf8'));
    expect(draft.entities.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining(['rasht-astara-railway', 'ebrahim-raisi']));

    const again = await kg(dataDir, 'draft', article);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/railway\.facts\.yaml exists; pass --force/);
    const stats = JSON.parse((await kg(dataDir, 'stats', '--format', 'json')).stdout);
    expect(stats.sources).toBe(1);
  }, 90_000);
});
