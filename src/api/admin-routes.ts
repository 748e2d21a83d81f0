/**
 * Admin operations over plain HTTP, beside GraphQL, for `kg` commands sent to a running server (the server holds
 * the data folder, so the CLI cannot open it). Each needs a bearer token: KG_ADMIN_TOKEN, or the credential this
 * server start left in its data folder for local `kg` commands. Answers are the same values the local commands
 * compute, so the CLI prints the same reports either way.
 *   POST /admin/backup {"dir"}                          a consistent backup into a new or empty folder (server's machine)
 *   POST /admin/ingest {"dryRun", "documents": [{name, document, text?}]}   outcomes in order (report or rejection)
 *   POST /admin/draft  {"text", "sourceId"?, "title"?, "textPath"?}        the draft (reads the graph's names only)
 *   POST /admin/export {"shape": "dump" | "slices", "batchSize"?}         the whole graph, or NDJSON slices ending {"end": true}
 *   POST /admin/import {"name", "content"}               merges a graph file of kg export, one transaction
 *   POST /admin/seed                                     re-merges the server's seed documents
 */
import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Config } from '../config';
import { KgError, isKgError } from '../errors';
import type { GraphDump, GraphStore } from '../graph/port';
import { isAdminRequest } from './context';
import { httpErrorBody } from './errors';

/** Bodies of admin requests (documents with their articles, graph dumps) may be far larger than a GraphQL query. */
const ADMIN_BODY_LIMIT = '256mb';
/** Largest slice a client may ask an export for. */
const MAX_EXPORT_SLICE = 10_000;

const STATUS: Partial<Record<string, number>> = { BAD_USER_INPUT: 400, INVALID_DOCUMENT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404 };

function fail(res: Response, error: KgError, dev: boolean): void {
  // Mid-stream (an export), the error is the last line, so the client never takes a cut stream for the whole graph.
  if (res.headersSent) return void res.end(`${JSON.stringify(httpErrorBody(error, dev))}\n`);
  res.status(STATUS[error.code] ?? 500).json(httpErrorBody(error, dev));
}

/** Mounts the admin routes; `tokens` are the accepted bearer tokens (unset ones are ignored). */
export function mountAdminRoutes(app: Express, store: GraphStore, config: Config, tokens: (string | undefined)[]): void {
  const accepted = tokens.filter((t): t is string => Boolean(t));
  // The token is checked before the body is read: nobody without it makes the server parse 256 MB.
  const admin = (req: Request, res: Response, next: NextFunction) => {
    if (!req.headers.authorization) return fail(res, new KgError('UNAUTHENTICATED', 'this operation needs the admin bearer token (Authorization: Bearer <KG_ADMIN_TOKEN>)'), config.dev);
    if (!isAdminRequest(accepted, req.headers.authorization)) return fail(res, new KgError('FORBIDDEN', 'the bearer token is not this server’s admin token'), config.dev);
    next();
  };
  const route = (name: string, work: (body: Record<string, unknown>, res: Response) => Promise<unknown>) =>
    app.post(`/admin/${name}`, admin, express.json({ limit: ADMIN_BODY_LIMIT }), async (req, res) => {
      try {
        const body = (req.body ?? {}) as Record<string, unknown>;
        if (typeof body !== 'object' || Array.isArray(body)) throw new KgError('BAD_USER_INPUT', 'the request body must be a JSON object');
        const answer = await work(body, res);
        if (answer !== undefined) res.json(answer);
      } catch (e) {
        fail(res, isKgError(e) ? e : new KgError('INTERNAL_SERVER_ERROR', `the ${name} failed`, {}, { cause: e }), config.dev);
      }
    });

  route('backup', async (body) => {
    if (!store.backup) throw new KgError('BAD_USER_INPUT', `the ${store.engine} engine is backed up with its own tools (Neo4j: neo4j-admin database dump)`);
    const dir = body.dir;
    if (typeof dir !== 'string' || dir.trim() === '') throw new KgError('BAD_USER_INPUT', 'give the backup folder as {"dir": "/absolute/path"}');
    return { dir, ...(await store.backup(dir)) };
  });

  route('ingest', async (body) => {
    const documents = body.documents;
    if (!Array.isArray(documents)) throw new KgError('BAD_USER_INPUT', 'give the documents as {"documents": [{"name", "document", "text"?}]}');
    const decoded = documents.map((d: { name?: unknown; document?: unknown; text?: unknown }, i) => {
      if (typeof d?.name !== 'string' || (d.text !== undefined && typeof d.text !== 'string')) {
        throw new KgError('BAD_USER_INPUT', `documents[${i}]: expected {"name": string, "document": …, "text"?: string}`, { path: `documents[${i}]` });
      }
      // The server never reads files for a client: a textPath counts only with its text sent alongside.
      return { name: d.name, raw: d.document, text: d.text as string | undefined };
    });
    const { Ingestion } = require('../knowledge/ingest') as typeof import('../knowledge/ingest');
    return { outcomes: await new Ingestion(store, { dryRun: body.dryRun === true }).ingestEach(decoded) };
  });

  route('draft', async (body) => {
    const { text, sourceId, title, textPath } = body;
    if (typeof text !== 'string' || !text.trim()) throw new KgError('BAD_USER_INPUT', 'give the article as {"text": "…"}', { path: 'text' });
    for (const [key, value] of Object.entries({ sourceId, title, textPath })) {
      if (value !== undefined && typeof value !== 'string') throw new KgError('BAD_USER_INPUT', `${key} must be a string`, { path: key });
    }
    const { draftFacts } = require('../knowledge/draft') as typeof import('../knowledge/draft');
    const { NameIndex } = require('../knowledge/resolve') as typeof import('../knowledge/resolve');
    const graph = new NameIndex(await store.entityLabels());
    return draftFacts(text, graph, { sourceId: sourceId as string | undefined, title: title as string | undefined, textPath: textPath as string | undefined });
  });

  route('export', async (body, res) => {
    if (body.shape === 'dump') return { engine: store.engine, dump: await store.exportGraph() };
    if (body.shape !== 'slices') throw new KgError('BAD_USER_INPUT', 'shape must be "dump" or "slices"', { path: 'shape' });
    const batchSize = body.batchSize ?? 1000;
    if (!Number.isInteger(batchSize) || (batchSize as number) < 1 || (batchSize as number) > MAX_EXPORT_SLICE) {
      throw new KgError('BAD_USER_INPUT', `batchSize must be a whole number from 1 to ${MAX_EXPORT_SLICE}`, { path: 'batchSize' });
    }
    // One slice a line, written as read: the graph never sits whole in the server's memory.
    res.type('application/x-ndjson');
    for await (const slice of store.exportSlices({ batchSize: batchSize as number })) {
      if (!res.write(`${JSON.stringify(slice)}\n`)) await new Promise((r) => res.once('drain', r));
    }
    // The closing line tells the client the stream is whole.
    res.end(`${JSON.stringify({ end: true })}\n`);
    return undefined;
  });

  route('import', async (body) => {
    const { parseGraphJson } = require('../transfer/graph-json') as typeof import('../transfer/graph-json');
    if (typeof body.content !== 'string') throw new KgError('BAD_USER_INPUT', 'give the graph file as {"name", "content": "<the JSON of kg export>"}', { path: 'content' });
    // The same checks as a graph file read by `kg import`.
    const dump: GraphDump = parseGraphJson(typeof body.name === 'string' ? body.name : 'graph', body.content);
    return { engine: store.engine, summary: await store.importGraph(dump) };
  });

  route('seed', async () => {
    const { loadSeed } = require('../knowledge/load') as typeof import('../knowledge/load');
    return { summaries: await loadSeed(store, path.join(config.projectRoot, 'seed')) };
  });
}
