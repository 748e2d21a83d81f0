/**
 * Per-request context: the store, request-scoped DataLoaders (so nested lookups are batched into one engine
 * round-trip per level of the query, never one per item) and who is asking.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import DataLoader from 'dataloader';
import type { Config } from '../config';
import type { Entity, GraphStore, MentionLink, NeighbourRequest, Page, RelationshipEdge, RelationshipPageRequest, Source } from '../graph/port';

export interface ApiContext {
  store: GraphStore;
  config: Config;
  /** True when the request carries the admin bearer token (KG_ADMIN_TOKEN, or this server start's local credential). */
  isAdmin: boolean;
  /** True when this server accepts writes at all: it has an admin token or a local credential. */
  writesEnabled: boolean;
  /** The response type the client negotiated; it decides the status of request errors (GraphQL over HTTP). */
  responseMediaType: ResponseMediaType;
  entities: DataLoader<string, Entity | null>;
  sources: DataLoader<string, Source | null>;
  /** One page of an entity's relationships, keyed on the whole request; a level's pages go to the store together. */
  relationshipPages: DataLoader<RelationshipPageRequest, Page<RelationshipEdge>, string>;
  /** One neighbour listing, keyed on the whole request; a level's listings go to the store together. */
  neighbors: DataLoader<NeighbourRequest, Entity[], string>;
  /** Mentions of an entity, batched across entities. */
  mentionsOfEntity: DataLoader<string, MentionLink[]>;
  /** Mentions made by a source, batched across sources. */
  mentionsOfSource: DataLoader<string, MentionLink[]>;
}

export type ResponseMediaType = 'application/json' | 'application/graphql-response+json';

/** Lists whose order does not matter, in one order, so equal requests share a cache key. */
const sorted = (list: readonly string[] | undefined) => (list && list.length > 0 ? [...list].sort() : null);

const pageKey = (r: RelationshipPageRequest) => JSON.stringify([r.entityId, r.direction, sorted(r.types), r.first, r.after ?? null]);
const neighbourKey = (r: NeighbourRequest) => JSON.stringify([r.entityId, r.direction, sorted(r.types), sorted(r.kinds), r.first, r.order ?? null]);

/**
 * True only when the server has an admin token (or several: KG_ADMIN_TOKEN and the per-start local credential)
 * and `authorization` is `Bearer <one of them>`. Compared in constant time over SHA-256 digests (equal lengths
 * whatever was sent), every accepted token checked, so timing tells nothing of any token.
 */
export function isAdminRequest(adminTokens: string | undefined | readonly (string | undefined)[], authorization: string | undefined): boolean {
  const accepted = (Array.isArray(adminTokens) ? adminTokens : [adminTokens]).filter((t): t is string => typeof t === 'string' && t.length > 0);
  if (accepted.length === 0) return false;
  const sent = /^Bearer[ \t]+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
  if (!sent) return false;
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  const sentDigest = digest(sent);
  // No early exit: each accepted token is compared whatever the earlier ones gave.
  return accepted.reduce((match, token) => timingSafeEqual(sentDigest, digest(token)) || match, false);
}

/** Builds a fresh context for one request. */
export function createContext(
  store: GraphStore,
  config: Config,
  authorization: string | undefined,
  responseMediaType: ResponseMediaType = 'application/json',
  localCredential?: string,
): ApiContext {
  const entities = new DataLoader<string, Entity | null>((ids) => store.getEntities(ids));
  const primeAll = (list: readonly Entity[]) => {
    for (const e of list) entities.prime(e.id, e);
  };
  return {
    store,
    config,
    isAdmin: isAdminRequest([config.adminToken, localCredential], authorization),
    writesEnabled: Boolean(config.adminToken || localCredential),
    responseMediaType,
    entities,
    sources: new DataLoader((ids) => store.getSources(ids)),
    relationshipPages: new DataLoader(
      async (requests) => {
        const pages = await store.relationshipPages(requests);
        for (const page of pages) primeAll(page.items.map((edge) => edge.other));
        return pages;
      },
      { cacheKeyFn: pageKey },
    ),
    neighbors: new DataLoader(
      async (requests) => {
        const lists = await store.neighborPages(requests);
        for (const list of lists) primeAll(list);
        return lists;
      },
      { cacheKeyFn: neighbourKey },
    ),
    mentionsOfEntity: new DataLoader(async (ids) => {
      const links = await store.mentionsAmong({ entityIds: ids });
      return ids.map((id) => links.filter((l) => l.entityId === id));
    }),
    mentionsOfSource: new DataLoader(async (ids) => {
      const links = await store.mentionsAmong({ sourceIds: ids });
      return ids.map((id) => links.filter((l) => l.sourceId === id));
    }),
  };
}
