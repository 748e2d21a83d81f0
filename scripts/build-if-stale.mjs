#!/usr/bin/env node
/**
 * `npm start` runs this first: it builds (`npm run build`) only when a source changed since the last build.
 * The stamp in dist/ holds a digest of every build input's path, size and modification time; a missing or
 * different stamp (or a missing build output) means build, and the stamp is written only after a build succeeds.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** What the build reads: sources, schema, scripts, and the files that configure it. */
const INPUTS = ['src', 'graphql', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
const STAMP = path.join(root, 'dist', '.build-stamp');
const OUTPUT = path.join(root, 'dist', 'src', 'cli', 'main.js');

/** Digest of the inputs' paths, sizes and modification times, walked in a fixed order. */
export function inputsDigest() {
  const hash = createHash('sha256');
  const walk = (relative) => {
    const full = path.join(root, relative);
    let stat;
    try {
      stat = fs.statSync(full);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(full).sort()) walk(path.join(relative, name));
    } else {
      hash.update(`${relative}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  };
  for (const input of INPUTS) walk(input);
  return hash.digest('hex');
}

function main() {
  const digest = inputsDigest();
  const stamp = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8').trim() : '';
  if (stamp === digest && fs.existsSync(OUTPUT)) {
    console.log('build: up to date (no source changed since the last build)');
    return;
  }
  console.log(stamp ? 'build: sources changed since the last build; building' : 'build: no build stamp; building');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const built = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  fs.writeFileSync(STAMP, `${digest}\n`);
}

main();
