/**
 * The `kg` command as a user runs it: a real process over a real data folder.
 */
import { runKgProcess, startKgServe } from '../support/cli';
import { tempDataDir } from '../support/engines';
import { seedEntityIds } from '../support/seed';

describe('kg command', () => {
  const env = { KG_DATA_DIR: tempDataDir() };

  it('seeds, and seeding again changes nothing', async () => {
    const first = await runKgProcess(['seed'], env);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toMatch(/entities: \d+ created/);
    const second = await runKgProcess(['seed'], env);
    expect(second.stdout).toMatch(/entities: 0 created, 0 updated, \d+ unchanged; relationships: 0 created, 0 updated, \d+ unchanged/);
  });

  it('prints stats of the whole seed by kind and type', async () => {
    const { exitCode: code, stdout } = await runKgProcess(['stats', '--format', 'json'], env);
    expect(code).toBe(0);
    const stats = JSON.parse(stdout);
    expect(stats.engine).toBe('embedded');
    expect(stats.entitiesByKind).toMatchObject({ Person: seedEntityIds('Person').length, Country: seedEntityIds('Country').length, Sector: seedEntityIds('Sector').length });
    expect(stats.relationshipsByType.PARTICIPATES_IN).toBeGreaterThan(5);
  });

  it('answers a MATCH as a table and as JSON', async () => {
    const q = "MATCH (e:Entity) WHERE e.kind = 'Country' RETURN e.id AS id ORDER BY id";
    const table = await runKgProcess(['cypher', q], env);
    expect(table.stdout).toMatch(/│ id\s+│/);
    expect(table.stdout).toMatch(/united-states/);
    const json = await runKgProcess(['cypher', q, '--format', 'json'], env);
    expect(JSON.parse(json.stdout)).toEqual(seedEntityIds('Country').map((id) => ({ id })));
  });

  it('reports a Cypher syntax error with its position and exits non-zero', async () => {
    const { exitCode: code, stderr } = await runKgProcess(['cypher', 'MATCH (e:Entity RETURN e'], env);
    expect(code).toBe(1);
    expect(stderr).toMatch(/CYPHER_SYNTAX_ERROR/);
    expect(stderr).toMatch(/line 1, column 17/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('sends a command to the server holding the data folder, and says so', async () => {
    const dataDir = tempDataDir();
    await runKgProcess(['seed'], { KG_DATA_DIR: dataDir });
    const server = await startKgServe({ KG_DATA_DIR: dataDir });
    try {
      const { exitCode: code, stdout, stderr } = await runKgProcess(['stats', '--format', 'json'], { KG_DATA_DIR: dataDir });
      expect(code).toBe(0);
      expect(stderr).toMatch(/kg stats: sent to the server at http:\/\/\S+, which holds the data folder /);
      expect(JSON.parse(stdout).entities).toBe(seedEntityIds().length);
    } finally {
      await server.stop();
    }
  });
});
