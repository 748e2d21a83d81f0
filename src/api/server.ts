/**
 * The HTTP server: GraphQL over HTTP at /graphql (Apollo on Express; GET and POST), the offline GraphiQL IDE
 * for browsers at the same address, /healthz, and graceful shutdown that finishes requests in flight.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import express, { type ErrorRequestHandler } from 'express';
import cors from 'cors';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Config } from '../config';
import type { GraphStore } from '../graph/port';
import { createContext, type ApiContext } from './context';
import { KgError } from '../errors';
import { formatError, httpErrorBody } from './errors';
import { readExamples } from './examples';
import { queryLimitsPlugin } from './limits';
import { legacyJsonStatusPlugin } from './http-status';
import { buildSchema } from './schema';
import { mountExplorer } from './explorer-routes';
import { mountAdminRoutes } from './admin-routes';

export interface RunningServer {
  url: string;
  port: number;
  httpServer: http.Server;
  /** Stops accepting requests, lets those in flight finish, then returns. The store stays open. */
  stop(): Promise<void>;
}

/** Where `npm run build` writes the IDE (scripts/build-web.mjs). */
export function ideDirectory(config: Config): string {
  return path.join(config.projectRoot, 'dist', 'web', 'graphiql');
}

/** The IDE page may load only what this server serves: a second guarantee that it works offline. */
const IDE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'", // UI parts may add <style>; scripts stay strict
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Starts the API on `config.port` (0 picks a free port) over an open store; `localCredential` is the per-start
 * credential a local `kg` finds in the data folder (see src/cli/local-server.ts), accepted by admin routes.
 */
export async function startServer(config: Config, store: GraphStore, options: { localCredential?: string } = {}): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const examples = readExamples(path.join(config.projectRoot, 'graphql', 'examples'));
  const apollo = new ApolloServer<ApiContext>({
    schema: buildSchema(path.join(config.projectRoot, 'graphql')),
    formatError: formatError(config.dev, config),
    includeStacktraceInErrorResponses: config.dev,
    introspection: true,
    // A page on another origin may send simple requests (an <img> GET, a form or text/plain POST) without
    // asking: Apollo runs nothing unless the request is JSON or carries `apollo-require-preflight` /
    // `x-apollo-operation-name`, which a browser sends cross-site only after a CORS preflight this server allows
    // only for KG_CORS_ORIGINS. Mutations over GET are refused by Apollo itself (405).
    csrfPrevention: true,
    // The parser stops at KG_MAX_QUERY_TOKENS, so no query text costs more to parse and validate than that.
    parseOptions: { maxTokens: config.maxQueryTokens },
    // No automatic persisted queries: a cache any client could fill.
    persistedQueries: false,
    // `kg serve` drains and closes the graph on SIGINT/SIGTERM itself; Apollo's own handlers (on unless NODE_ENV is
    // `test`) would stop it a second time and send the signal again, and the process never exited.
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginLandingPageDisabled(), queryLimitsPlugin(config), legacyJsonStatusPlugin()],
  });
  await apollo.start();

  app.get('/healthz', async (_req, res) => {
    try {
      const stats = await store.stats();
      res.json({ status: 'ok', engine: store.engine, entities: stats.entities, relationships: stats.relationships });
    } catch (e) {
      res.status(503).json({ status: 'unavailable', engine: store.engine, ...(config.dev ? { error: (e as Error).message } : {}) });
    }
  });

  const ideDir = ideDirectory(config);
  app.use('/assets/graphiql', express.static(ideDir, { fallthrough: false, index: false, maxAge: '1h' }));

  const corsOptions = config.corsOrigins.includes('*') ? { origin: true } : { origin: config.corsOrigins };
  app.use('/graphql', cors(corsOptions));
  app.get('/graphql/examples.json', (_req, res) => {
    res.json(examples);
  });
  app.get('/graphql', (req, res, next) => {
    // Browsers get the IDE; GraphQL clients (JSON or anything else) get GraphQL over HTTP GET.
    if (req.accepts(['application/graphql-response+json', 'application/json', 'text/html']) !== 'text/html') return next();
    const index = path.join(ideDir, 'index.html');
    if (!fs.existsSync(index)) {
      res.status(503).type('text/plain').send('The GraphQL IDE is not built: run `npm run build`. The API itself answers at this address.\n');
      return;
    }
    res.setHeader('Content-Security-Policy', IDE_CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.sendFile(index);
  });
  app.use(
    '/graphql',
    express.json({ limit: config.maxRequestBytes, type: ['application/json', 'application/*+json'] }),
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        createContext(
          store,
          config,
          // The admin token counts only on POST: a GET (which a link or an <img> can send) only ever reads.
          req.method === 'POST' ? req.headers.authorization : undefined,
          // Same choice as Apollo's: application/json unless the client prefers the GraphQL response type.
          req.accepts(['application/json', 'application/graphql-response+json']) === 'application/graphql-response+json'
            ? 'application/graphql-response+json'
            : 'application/json',
          options.localCredential,
        ),
    }),
  );

  mountAdminRoutes(app, store, config, [config.adminToken, options.localCredential]);
  mountExplorer(app, config.projectRoot);

  // Bad JSON, oversized bodies and anything else Express catches: a JSON error, never an HTML stack trace.
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (res.headersSent) return;
    const error =
      status === 400 && err?.type === 'entity.parse.failed'
        ? new KgError('BAD_REQUEST', 'the request body is not valid JSON', {}, { cause: err })
        : status === 413
          ? new KgError('PAYLOAD_TOO_LARGE', `the request body is larger than ${config.maxRequestBytes / 1024} KiB (KG_MAX_REQUEST_KB)`, { max: config.maxRequestBytes }, { cause: err })
          : status < 500
            ? new KgError(status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', 'bad request', {}, { cause: err })
            : new KgError('INTERNAL_SERVER_ERROR', 'internal error', {}, { cause: err });
    res.status(status).json(httpErrorBody(error, config.dev));
  };
  app.use(onError);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, resolve);
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    url: `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`,
    port,
    httpServer,
    stop: () => apollo.stop(),
  };
}
