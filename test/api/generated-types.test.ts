// src/api/generated/graphql.ts holds the resolver types GraphQL Code Generator derives from the schema the server
// serves on the shipped ontology; every resolver map is checked against them (npm run typecheck). A stale file would
// check the resolvers against a schema no longer served, so this fails until `npm run codegen` is run again.
// (Code Generator's plugins load ES modules Jest cannot require: the check runs as its own process.)
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

/** Runs `scripts/codegen.ts --check` in `dir`; its exit code and output. */
async function check(dir: string): Promise<{ code: number; output: string }> {
  const env = { ...process.env, KG_ONTOLOGY: '' };
  try {
    const { stdout, stderr } = await run(tsx, [path.join(dir, 'scripts', 'codegen.ts'), '--check'], { cwd: dir, env });
    return { code: 0, output: stdout + stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('src/api/generated/graphql.ts', () => {
  test('is what `npm run codegen` writes from the served schema today', async () => {
    const { code, output } = await check(root);
    expect(output).toContain('matches the served schema');
    expect(code).toBe(0);
  });

  test('a schema changed without running codegen fails the check, naming the file and the command', async () => {
    // A copy of the project whose SDL gained a field the committed file does not know.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-codegen-'));
    try {
      for (const entry of ['graphql', 'ontology', 'scripts', 'src', 'package.json', 'tsconfig.json']) {
        fs.cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true });
      }
      fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
      fs.appendFileSync(path.join(copy, 'graphql', 'sources.graphql'), '\nextend type Query {\n  "A field added after codegen ran."\n  addedLater: Int\n}\n');
      const { code, output } = await check(copy);
      expect(code).toBe(1);
      expect(output).toContain('src/api/generated/graphql.ts is stale');
      expect(output).toContain('npm run codegen');
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
