/**
 * Chooses and opens the engine the configuration asks for: Neo4j when NEO4J_URI is set, else embedded.
 */
import type { Config } from '../config';
import type { GraphStore } from './port';

/** Opens (and initialises the schema of) the configured engine. */
export async function openGraphStore(config: Config): Promise<GraphStore> {
  // Only the chosen engine's driver is loaded: each takes hundreds of milliseconds to load, and a command uses one.
  const store: GraphStore = config.neo4j
    ? new (require('./neo4j/neo4j-store') as typeof import('./neo4j/neo4j-store')).Neo4jGraphStore(config.neo4j)
    : new (require('./embedded/ladybug-store') as typeof import('./embedded/ladybug-store')).LadybugGraphStore({
        dataDir: config.dataDir,
        bufferPoolMb: config.bufferPoolMb,
        cypherConcurrency: config.cypherConcurrency,
        cypherMemoryMb: config.cypherMemoryMb,
      });
  try {
    await store.init();
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
  return store;
}
