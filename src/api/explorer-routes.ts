/**
 * Serves the visual explorer (built by `npm run build:explorer` into dist/web/explorer): the page at `/`,
 * its content-hashed assets at `/assets/explorer/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';

/** What the page may load: only this server (the bundle, GraphQL, images it draws itself). */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Mounts the explorer's routes on `app`; without a build, `/` says how to make one. */
export function mountExplorer(app: Express, projectRoot: string): void {
  const dir = path.join(projectRoot, 'dist', 'web', 'explorer');
  const page = path.join(dir, 'index.html');
  // File names carry a content hash, so a cached copy can never be stale.
  app.use('/assets/explorer', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  app.get('/', (_req, res) => {
    res.set({ 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
    if (!fs.existsSync(page)) {
      res
        .status(503)
        .type('text/plain')
        .send('The explorer is not built. Run `npm run build:explorer` (or `npm run build`), then reload. GraphQL is at /graphql.\n');
      return;
    }
    res.set('cache-control', 'no-cache').sendFile(page);
  });
}
