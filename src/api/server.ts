/**
 * The HTTP server: GraphQL at /graphql (Apollo on Express), /healthz, and graceful shutdown that finishes
 * requests in flight before closing the engine.
 */
import http from 'node:http';
import path from 'node:path';
import express from 'express';
import cors from 'cors';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Config } from '../config';
import type { GraphStore } from '../graph/port';
import { createContext, type ApiContext } from './context';
import { formatError } from './errors';
import { buildSchema } from './schema';
import { mountExplorer } from './explorer-routes';

export interface RunningServer {
  url: string;
  port: number;
  httpServer: http.Server;
  /** Stops accepting requests, lets those in flight finish, then returns. The store stays open. */
  stop(): Promise<void>;
}

/** Starts the API on `config.port` (0 picks a free port) over an open store. */
export async function startServer(config: Config, store: GraphStore): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<ApiContext>({
    schema: buildSchema(path.join(config.projectRoot, 'graphql')),
    formatError: formatError(config.dev),
    includeStacktraceInErrorResponses: config.dev,
    introspection: true,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();

  app.get('/healthz', async (_req, res) => {
    try {
      const stats = await store.stats();
      res.json({ status: 'ok', engine: store.engine, entities: stats.entities });
    } catch (e) {
      res.status(503).json({ status: 'unavailable', engine: store.engine, error: (e as Error).message });
    }
  });

  const corsOptions = config.corsOrigins.includes('*') ? { origin: true } : { origin: config.corsOrigins };
  app.use(
    '/graphql',
    cors(corsOptions),
    express.json({ limit: '5mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => createContext(store, config, req.headers.authorization),
    }),
  );

  mountExplorer(app, config.projectRoot);

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
