/**
 * `kg merge` and `kg keep-apart`, run as the real program: on a data folder (the article naming the envoy in full
 * ingested, then merged; a refused merge changing nothing; the decision exported with the graph), and through a
 * running server with `--url` (refused without KG_ADMIN_TOKEN, before anything is sent; done with it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { runKg } from '../support/cli';
import { tempDataDir } from '../support/engines';
import { startApi, type ApiUnderTest } from '../support/server';

const ARTICLE = path.join(__dirname, 'fixtures', 'envoy-full-name.facts.yaml');

describe('kg merge and kg keep-apart on a data folder', () => {
  const dataDir = tempDataDir('kg-decisions-');
  const env = { KG_DATA_DIR: dataDir, KG_LOG_LEVEL: 'silent', KG_SEED_ON_START: 'false', NEO4J_URI: undefined, KG_ADMIN_TOKEN: undefined };

  beforeAll(async () => {
    expect((await runKg(['seed'], env)).exitCode).toBe(0);
    const ingest = await runKg(['ingest', ARTICLE], env);
    expect(ingest.exitCode).toBe(0);
  }, 120_000);

  test('a merge the ontology cannot reconcile is refused with the reason, and the graph is unchanged', async () => {
    const before = await runKg(['stats', '--format', 'json'], env);
    const refused = await runKg(['merge', 'jalali', 'iran'], env);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/cannot merge iran into jalali: the ontology does not let `COOPERATES_WITH` join a Person/);
    expect((await runKg(['stats', '--format', 'json'], env)).stdout).toBe(before.stdout);
  }, 60_000);

  test('merges, saying what moved, and the export carries the decision', async () => {
    const merged = await runKg(['merge', 'jalali', 'kazem-jalali', '--reason', 'the envoy, named in full', '--analyst', 'ana'], env);
    expect(merged.stderr).not.toMatch(/error/i);
    expect(merged.exitCode).toBe(0);
    expect(merged.stdout).toMatch(/^merged kazem-jalali into jalali \(Jalali\); decision merge\|jalali\|kazem-jalali by ana at \d{4}-/);
    expect(merged.stdout).toContain('relationships moved: 2 (1 joined one jalali had, quotes kept); sources whose mentions moved: 1; names added as aliases: Kazem Jalali');
    const out = path.join(dataDir, '..', `${path.basename(dataDir)}.json`);
    expect((await runKg(['export', '--out', out], env)).exitCode).toBe(0);
    const file = JSON.parse(fs.readFileSync(out, 'utf8'));
    fs.rmSync(out);
    expect(file.decisions).toEqual([expect.objectContaining({ id: 'merge|jalali|kazem-jalali', actor: 'ana', reason: 'the envoy, named in full' })]);
    expect(file.entities.map((e: { id: string }) => e.id)).not.toContain('kazem-jalali');

    // The rebuild loop: only the decisions into a new folder, then the same documents; the merge is made again, said so.
    const rebuilt = { ...env, KG_DATA_DIR: tempDataDir('kg-decisions-rebuilt-') };
    const decisionsOnly = `${out}.decisions.json`;
    fs.writeFileSync(decisionsOnly, JSON.stringify({ ...file, sources: [], entities: [], relationships: [], mentions: [], claims: [] }));
    const imported = await runKg(['import', decisionsOnly], rebuilt);
    fs.rmSync(decisionsOnly);
    expect(imported.stdout).toContain("analysts' decisions added: 1");
    expect((await runKg(['seed'], rebuilt)).exitCode).toBe(0);
    const again = await runKg(['ingest', ARTICLE], rebuilt);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain("analysts' merges replayed (both entities back in the graph):\n  envoy-full-name.facts.yaml: kazem-jalali merged into jalali again (decision merge|jalali|kazem-jalali)");
    const stats = async (e: Record<string, string | undefined>) => JSON.parse((await runKg(['stats', '--format', 'json'], e)).stdout);
    expect(await stats(rebuilt)).toEqual(await stats(env));
  }, 120_000);

  test('keep-apart records the decision, in JSON when asked', async () => {
    const run = await runKg(['keep-apart', 'vladimir-putin', 'ali-larijani', '--format', 'json', '--analyst', 'ben'], env);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ id: 'keep-apart|ali-larijani|vladimir-putin', subjects: ['ali-larijani', 'vladimir-putin'], analyst: 'ben', reason: null });
  }, 60_000);
});

describe('kg merge and kg keep-apart through a server', () => {
  const TOKEN = 'test-admin-token-decisions-cli';
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApi({ KG_ADMIN_TOKEN: TOKEN });
  });
  afterAll(() => api.close());

  test('refused without the token before anything is sent, done with it', async () => {
    const env = { KG_LOG_LEVEL: 'silent', NEO4J_URI: undefined, KG_ADMIN_TOKEN: undefined, KG_DATA_DIR: tempDataDir('kg-decisions-url-') };
    const refused = await runKg(['--url', api.server.url, 'keep-apart', 'vladimir-putin', 'ali-larijani'], env);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/kg keep-apart through --url changes the graph on .*, which needs its admin token: set KG_ADMIN_TOKEN/);
    expect(await api.store.decisions()).toEqual([]);
    const done = await runKg(['--url', api.server.url, 'keep-apart', 'vladimir-putin', 'ali-larijani', '--reason', 'two men'], { ...env, KG_ADMIN_TOKEN: TOKEN });
    expect(done.exitCode).toBe(0);
    expect(done.stdout).toMatch(/^kept ali-larijani and vladimir-putin apart; decision keep-apart\|ali-larijani\|vladimir-putin by .+ at \d{4}-.* \(two men\)$/);
    expect((await api.store.decisions()).map((d) => d.id)).toEqual(['keep-apart|ali-larijani|vladimir-putin']);
    const merge = await runKg(['--url', api.server.url, 'merge', 'vladimir-putin', 'ali-larijani'], { ...env, KG_ADMIN_TOKEN: TOKEN });
    expect(merge.exitCode).toBe(1);
    expect(merge.stderr).toMatch(/cannot merge ali-larijani into vladimir-putin: .+ kept them apart at \d{4}-.* \("two men"\) \(decision keep-apart\|ali-larijani\|vladimir-putin\)/);
  }, 60_000);
});
