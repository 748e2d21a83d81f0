// Bundles the visual explorer (src/web/explorer) into dist/web/explorer: index.html plus content-hashed
// assets under assets/, so the server can cache them forever and the page needs nothing from the network.
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
  entryPoints: { explorer: path.join(sourceDir, 'main.ts') },
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
const script = outputs.find((f) => f.endsWith('.js'));
const stylesheet = outputs.find((f) => f.endsWith('.css'));
if (!script || !stylesheet) throw new Error(`explorer build produced no script or stylesheet: ${outputs.join(', ')}`);

const html = fs
  .readFileSync(path.join(sourceDir, 'index.html'), 'utf8')
  .replace(`${assetsUrl}explorer.js`, `${assetsUrl}${script}`)
  .replace(`${assetsUrl}explorer.css`, `${assetsUrl}${stylesheet}`);
if (!html.includes(script) || !html.includes(stylesheet)) throw new Error('index.html must link /assets/explorer/explorer.js and .css');
fs.writeFileSync(path.join(outDir, 'index.html'), html);

const size = (f) => `${(fs.statSync(path.join(assetsDir, f)).size / 1024).toFixed(0)} KiB`;
console.log(`explorer: ${path.relative(root, outDir)}/ (${script} ${size(script)}, ${stylesheet} ${size(stylesheet)})`);
