/**
 * Admin operations over plain HTTP, beside GraphQL: `POST /admin/backup {"dir": "/absolute/folder"}` writes a
 * consistent backup of the graph into a new or empty folder on the server's machine. It needs a bearer token:
 * KG_ADMIN_TOKEN, or the credential this server start left in its data folder for local `kg` commands.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Express, type Response } from 'express';
import { isKgError } from '../errors';
import type { GraphStore } from '../graph/port';

/** True when `authorization` carries one of the accepted tokens (compared in constant time). */
function authorised(authorization: string | undefined, accepted: string[]): boolean {
  const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
  if (!token) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return accepted.some((t) => timingSafeEqual(digest(t), digest(token)));
}

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** Mounts the admin routes; `tokens` are the accepted bearer tokens (unset ones are ignored). */
export function mountAdminRoutes(app: Express, store: GraphStore, tokens: (string | undefined)[]): void {
  const accepted = tokens.filter((t): t is string => Boolean(t));
  app.post('/admin/backup', express.json({ limit: '16kb' }), async (req, res) => {
    if (!req.headers.authorization) return fail(res, 401, 'UNAUTHENTICATED', 'a backup needs the admin bearer token (Authorization: Bearer <KG_ADMIN_TOKEN>)');
    if (!authorised(req.headers.authorization, accepted)) return fail(res, 403, 'FORBIDDEN', 'the bearer token is not this server’s admin token');
    if (!store.backup) return fail(res, 400, 'BAD_USER_INPUT', `the ${store.engine} engine is backed up with its own tools (Neo4j: neo4j-admin database dump)`);
    const dir = (req.body as { dir?: unknown } | undefined)?.dir;
    if (typeof dir !== 'string' || dir.trim() === '') return fail(res, 400, 'BAD_USER_INPUT', 'give the backup folder as {"dir": "/absolute/path"}');
    try {
      const manifest = await store.backup(dir);
      res.json({ dir, ...manifest });
    } catch (e) {
      if (isKgError(e)) return fail(res, e.code === 'BAD_USER_INPUT' ? 400 : 500, e.code, e.message);
      fail(res, 500, 'INTERNAL_SERVER_ERROR', 'the backup failed');
    }
  });
}
