/**
 * The `kg` command as a user runs it: a real process over a real data folder.
 */
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT, tempDataDir } from '../support/engines';
import { seedEntityIds } from '../support/seed';

const run = promisify(execFile);
const TSX = path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const MAIN = path.join(PROJECT_ROOT, 'src', 'cli', 'main.ts');

function kg(args: string[], env: Record<string, string>) {
  const { NEO4J_URI: _skip, ...base } = process.env;
  return run(process.execPath, [TSX, MAIN, ...args], { env: { ...base, KG_LOG_LEVEL: 'silent', ...env }, cwd: PROJECT_ROOT }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

describe('kg command', () => {
  const env = { KG_DATA_DIR: tempDataDir() };

  it('seeds, and seeding again changes nothing', async () => {
    const first = await kg(['seed'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/entities: \d+ created/);
    const second = await kg(['seed'], env);
    expect(second.stdout).toMatch(/entities: 0 created, 0 updated, \d+ unchanged; relationships: 0 created, 0 updated, \d+ unchanged/);
  });

  it('prints stats of the whole seed by kind and type', async () => {
    const { code, stdout } = await kg(['stats', '--format', 'json'], env);
    expect(code).toBe(0);
    const stats = JSON.parse(stdout);
    expect(stats.engine).toBe('embedded');
    expect(stats.entitiesByKind).toMatchObject({ Person: seedEntityIds('Person').length, Country: seedEntityIds('Country').length, Sector: seedEntityIds('Sector').length });
    expect(stats.relationshipsByType.PARTICIPATES_IN).toBeGreaterThan(5);
  });

  it('answers a MATCH as a table and as JSON', async () => {
    const q = "MATCH (e:Entity) WHERE e.kind = 'Country' RETURN e.id AS id ORDER BY id";
    const table = await kg(['cypher', q], env);
    expect(table.stdout).toMatch(/│ id\s+│/);
    expect(table.stdout).toMatch(/united-states/);
    const json = await kg(['cypher', q, '--format', 'json'], env);
    expect(JSON.parse(json.stdout)).toEqual(seedEntityIds('Country').map((id) => ({ id })));
  });

  it('reports a Cypher syntax error with its position and exits non-zero', async () => {
    const { code, stderr } = await kg(['cypher', 'MATCH (e:Entity RETURN e'], env);
    expect(code).toBe(1);
    expect(stderr).toMatch(/CYPHER_SYNTAX_ERROR/);
    expect(stderr).toMatch(/line 1, column 17/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('sends a command to the server holding the data folder, and says so', async () => {
    const dataDir = tempDataDir();
    await kg(['seed'], { KG_DATA_DIR: dataDir });
    const { NEO4J_URI: _skip, ...base } = process.env;
    const server = spawn(process.execPath, [TSX, MAIN, 'serve', '--port', '0'], {
      env: { ...base, KG_DATA_DIR: dataDir, KG_LOG_LEVEL: 'silent' },
      cwd: PROJECT_ROOT,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.stdout.on('data', (d: Buffer) => d.toString().includes('serving') && resolve());
        server.once('exit', (c) => reject(new Error(`server exited ${c}`)));
      });
      const { code, stdout, stderr } = await kg(['stats', '--format', 'json'], { KG_DATA_DIR: dataDir });
      expect(code).toBe(0);
      expect(stderr).toMatch(/kg stats: sent to the server at http:\/\/\S+, which holds the data folder /);
      expect(JSON.parse(stdout).entities).toBe(seedEntityIds().length);
    } finally {
      server.kill('SIGTERM');
    }
  });
});
