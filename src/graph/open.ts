/**
 * Chooses and opens the engine the configuration asks for: Neo4j when NEO4J_URI is set, else embedded.
 */
import type { Config } from '../config';
import { LadybugGraphStore } from './embedded/ladybug-store';
import { Neo4jGraphStore } from './neo4j/neo4j-store';
import type { GraphStore } from './port';

/** Opens (and initialises the schema of) the configured engine. */
export async function openGraphStore(config: Config): Promise<GraphStore> {
  const store: GraphStore = config.neo4j
    ? new Neo4jGraphStore(config.neo4j)
    : new LadybugGraphStore({
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
