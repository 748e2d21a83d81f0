#!/usr/bin/env node
// Bundle the offline GraphiQL IDE: node scripts/build-web.mjs [outdir]  (default dist/web/graphiql)
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.resolve(process.argv[2] ?? path.join(root, 'dist/web/graphiql'));
const PUBLIC_PATH = '/assets/graphiql';
const started = Date.now();

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });

await build({
  absWorkingDir: root,
  entryPoints: { graphiql: path.join(root, 'src/web/graphiql/main.tsx') }, // -> graphiql.js + graphiql.css
  outdir,
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020'],
  jsx: 'automatic',
  sourcemap: false,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  // Fonts are inlined as data: URLs by graphiql's CSS; any other asset is emitted next to the bundle.
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file', '.png': 'file' },
  assetNames: '[name]-[hash]',
  publicPath: PUBLIC_PATH,
  logLevel: 'warning',
});

// Guard: the stylesheet must not pull anything from the network.
const css = await readFile(path.join(outdir, 'graphiql.css'), 'utf8');
const external = css.match(/@import|url\(\s*["']?(?:https?:)?\/\/[^)]*\)/gi);
if (external) throw new Error(`graphiql.css references external resources: ${external.slice(0, 3).join(', ')}`);

await writeFile(
  path.join(outdir, 'index.html'),
  `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Knowledge graph · GraphiQL</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${PUBLIC_PATH}/graphiql.css" />
    <script defer src="${PUBLIC_PATH}/graphiql.js"></script>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
  </body>
</html>
`,
);

console.log(`GraphiQL assets written to ${outdir} in ${Date.now() - started} ms`);
