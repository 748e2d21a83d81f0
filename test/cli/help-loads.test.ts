/**
 * `kg --help` and `kg <command> --help` load only what prints help: no engine, no server, no NLP library, no
 * configuration schema, no format writers (issue #12: help in ≤ 300 ms; the time itself is measured by the bench).
 * Checked by the modules Node loads, so the test does not depend on the machine's speed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../support/engines';

const MAIN = path.join(PROJECT_ROOT, 'dist/src/cli/main.js');
/** Packages help must not load: each costs tens to hundreds of milliseconds. */
const HEAVY = ['zod', '@ladybugdb/core', 'neo4j-driver', '@apollo/server', 'express', 'compromise', '@opensanctions/followthemoney', 'jsonld', 'minisearch', 'transliteration', 'yaml'];

/** The bare package names Node loads while running `kg …args`. */
function packagesLoaded(args: string[]): string[] {
  const hook = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kg-help-')), 'record-loads.js');
  fs.writeFileSync(
    hook,
    `const M = require('module'); const load = M._load; const seen = new Set();
M._load = function (r) { if (!r.startsWith('.') && !r.startsWith('/') && !r.startsWith('node:')) seen.add(r.startsWith('@') ? r.split('/').slice(0, 2).join('/') : r.split('/')[0]); return load.apply(this, arguments); };
process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify([...seen]) + '\\n'));`,
  );
  const run = spawnSync(process.execPath, ['--require', hook, MAIN, ...args], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  expect(run.stdout).toMatch(/Usage: kg/);
  const line = run.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  return JSON.parse(line!.slice('LOADED '.length)) as string[];
}

test.each([[['--help']], [['export', '--help']], [['import', '--help']], [['copy', '--help']], [['generate', '--help']], [['serve', '--help']]])('kg %j loads no heavy package', (args) => {
  const loaded = packagesLoaded(args);
  expect(loaded).toContain('commander');
  expect(loaded.filter((p) => HEAVY.includes(p))).toEqual([]);
});
