/**
 * Opens the engine the configuration names (KG_ENGINE; by default Neo4j when NEO4J_URI is set, else embedded),
 * through the registry (./engines.ts).
 */
import type { Config } from '../config';
import { enginePlugin } from './engines';
import type { GraphStore } from './port';

/** Opens (and initialises the schema of) the configured engine. */
export async function openGraphStore(config: Config): Promise<GraphStore> {
  const store = enginePlugin(config.engine).createStore(config);
  try {
    await store.init();
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
  return store;
}
