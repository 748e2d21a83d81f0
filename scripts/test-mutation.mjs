#!/usr/bin/env node
/**
 * `npm run test:mutation [-- module … [--mutate 'file:from-to,…']]`: runs StrykerJS once per module of
 * stryker.config.mjs (all of them when none is named), one after another, and prints each module's mutation score
 * from its JSON report. Options after the module names go to Stryker as they are: `--mutate 'src/x.ts:10-20'`
 * re-checks a few lines (e.g. a survivor's) in minutes instead of the whole module. Reports:
 * reports/mutation/<module>.{json,html}.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { MODULES } from '../stryker.config.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith('--'));
const asked = firstOption < 0 ? args : args.slice(0, firstOption);
const passed = firstOption < 0 ? [] : args.slice(firstOption);
const unknown = asked.filter((m) => !(m in MODULES));
if (unknown.length) {
  console.error(`unknown module(s): ${unknown.join(', ')}; choose from ${Object.keys(MODULES).join(', ')}`);
  process.exit(2);
}
const modules = asked.length ? asked : Object.keys(MODULES);

/** Mutation score (killed + timeout over all covered and uncovered valid mutants) from a mutation-testing-elements report. */
function score(report) {
  const counts = {};
  for (const file of Object.values(report.files)) for (const m of file.mutants) counts[m.status] = (counts[m.status] ?? 0) + 1;
  const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
  const valid = detected + (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
  return { counts, score: valid ? (100 * detected) / valid : NaN };
}

const rows = [];
let failed = false;
for (const module of modules) {
  console.log(`\n=== mutation testing: ${module} ===`);
  const run = spawnSync(process.execPath, [path.join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', 'stryker.config.mjs', ...passed], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, KG_MUTATION_MODULE: module },
  });
  const file = path.join(root, 'reports/mutation', `${module}.json`);
  if (run.status !== 0 || !fs.existsSync(file)) {
    failed = true;
    rows.push([module, 'failed', '']);
    continue;
  }
  const { counts, score: s } = score(JSON.parse(fs.readFileSync(file, 'utf8')));
  rows.push([module, `${s.toFixed(1)}%`, Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')]);
}

console.log('\nmodule        score   mutants');
for (const [m, s, c] of rows) console.log(`${m.padEnd(13)} ${s.padStart(6)}   ${c}`);
process.exit(failed ? 1 : 0);
