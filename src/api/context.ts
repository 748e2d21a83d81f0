/**
 * Per-request context: the store, request-scoped DataLoaders (so nested entity lookups are batched into
 * one engine round-trip per tick, never one per field) and who is asking.
 */
import DataLoader from 'dataloader';
import type { Config } from '../config';
import type { Entity, GraphStore, Source } from '../graph/port';

export interface ApiContext {
  store: GraphStore;
  config: Config;
  /** True when the request carries the admin bearer token. */
  isAdmin: boolean;
  entities: DataLoader<string, Entity | null>;
  sources: DataLoader<string, Source | null>;
}

/** Builds a fresh context for one request. */
export function createContext(store: GraphStore, config: Config, authorization: string | undefined): ApiContext {
  const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
  return {
    store,
    config,
    isAdmin: Boolean(config.adminToken) && token === config.adminToken,
    entities: new DataLoader((ids) => store.getEntities(ids)),
    sources: new DataLoader((ids) => store.getSources(ids)),
  };
}
