// Bundles the visual explorer (src/web/explorer) into dist/web/explorer: index.html plus content-hashed
// assets under assets/, so the server can cache them forever and the page needs nothing from the network.
// The Cypher workbench (editor and parser, most of the weight) is a second bundle the page loads when opened.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = path.join(root, 'src', 'web', 'explorer');
const outDir = path.join(root, 'dist', 'web', 'explorer');
const assetsDir = path.join(outDir, 'assets');
// The URL prefix src/api/explorer-routes.ts serves assetsDir under.
const assetsUrl = '/assets/explorer/';

fs.rmSync(outDir, { recursive: true, force: true });
const result = await esbuild.build({
  entryPoints: { explorer: path.join(sourceDir, 'main.ts'), workbench: path.join(sourceDir, 'workbench-main.ts') },
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome110', 'firefox115', 'safari16'],
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  entryNames: '[name]-[hash]',
  outdir: assetsDir,
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((file) => path.basename(file));
const asset = (name, extension) => {
  const found = outputs.find((f) => f.startsWith(`${name}-`) && f.endsWith(extension));
  if (!found) throw new Error(`explorer build produced no ${name}${extension}: ${outputs.join(', ')}`);
  return found;
};
const files = {
  'explorer.js': asset('explorer', '.js'),
  'explorer.css': asset('explorer', '.css'),
  'workbench.js': asset('workbench', '.js'),
  'workbench.css': asset('workbench', '.css'),
};

let html = fs.readFileSync(path.join(sourceDir, 'index.html'), 'utf8');
for (const [name, hashed] of Object.entries(files)) {
  if (!html.includes(`${assetsUrl}${name}`)) throw new Error(`index.html must name ${assetsUrl}${name}`);
  html = html.replace(`${assetsUrl}${name}`, `${assetsUrl}${hashed}`);
}
fs.writeFileSync(path.join(outDir, 'index.html'), html);

const size = (f) => `${(fs.statSync(path.join(assetsDir, f)).size / 1024).toFixed(0)} KiB`;
console.log(`explorer: ${path.relative(root, outDir)}/ (${Object.values(files).map((f) => `${f} ${size(f)}`).join(', ')})`);
