/**
 * Starts the real API over real HTTP on a free port, on a fresh seeded embedded store (or Neo4j when set).
 */
import { loadConfig, type Config } from '../../src/config';
import { startServer, type RunningServer } from '../../src/api/server';
import type { GraphStore } from '../../src/graph/port';
import { enginesUnderTest, openSeeded } from './engines';

export interface ApiUnderTest {
  server: RunningServer;
  store: GraphStore;
  config: Config;
  /** POSTs a GraphQL operation and returns the HTTP status and parsed body. */
  graphql(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** Starts a server; `env` overrides configuration (e.g. limits) for this server only; `examples` adds examples/ to the seed. */
export async function startApi(env: Record<string, string> = {}, options: { examples?: boolean } = {}): Promise<ApiUnderTest> {
  const config = { ...loadConfig({ ...process.env, KG_PORT: '0', KG_LOG_LEVEL: 'silent', ...env }) };
  const store = await openSeeded(enginesUnderTest()[process.env.NEO4J_URI ? 1 : 0]!, options);
  // As `kg serve` does: in-process indexes are built before the first request, not inside it.
  await store.warmUp?.();
  const server = await startServer(config, store);
  return {
    server,
    store,
    config,
    async graphql(query, variables, headers = {}) {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: await res.json() };
    },
    async close() {
      await server.stop();
      await store.close();
    },
  };
}
