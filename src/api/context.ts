/**
 * Per-request context: the store, request-scoped DataLoaders (so nested lookups are batched into one engine
 * round-trip per level of the query, never one per item) and who is asking.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import DataLoader from 'dataloader';
import type { Config } from '../config';
import type { Direction, Entity, GraphStore, MentionLink, RelationshipEdge, Source } from '../graph/port';
import type { RelationshipTypeName } from '../ontology/ontology';

/** Which relationships of one entity to load. */
export interface EdgeQuery {
  id: string;
  direction: Direction;
  /** Undefined means every type. */
  types?: readonly RelationshipTypeName[];
}

export interface ApiContext {
  store: GraphStore;
  config: Config;
  /** True when the request carries the admin bearer token. */
  isAdmin: boolean;
  /** The response type the client negotiated; it decides the status of request errors (GraphQL over HTTP). */
  responseMediaType: ResponseMediaType;
  entities: DataLoader<string, Entity | null>;
  sources: DataLoader<string, Source | null>;
  /** Every relationship of an entity (in relationshipsOf order), batched across entities asking the same way. */
  edges: DataLoader<EdgeQuery, RelationshipEdge[], string>;
  /** Mentions of an entity, batched across entities. */
  mentionsOfEntity: DataLoader<string, MentionLink[]>;
  /** Mentions made by a source, batched across sources. */
  mentionsOfSource: DataLoader<string, MentionLink[]>;
}

export type ResponseMediaType = 'application/json' | 'application/graphql-response+json';

const edgeOptionsKey = (q: EdgeQuery) => `${q.direction}|${q.types ? [...q.types].sort().join(',') : '*'}`;

/**
 * True only when the server has an admin token and `authorization` is `Bearer <that token>`. Compared in
 * constant time over SHA-256 digests (equal lengths whatever was sent), so timing tells nothing of the token.
 */
export function isAdminRequest(adminToken: string | undefined, authorization: string | undefined): boolean {
  if (!adminToken) return false;
  const sent = /^Bearer[ \t]+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
  if (!sent) return false;
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(sent), digest(adminToken));
}

/** Builds a fresh context for one request. */
export function createContext(
  store: GraphStore,
  config: Config,
  authorization: string | undefined,
  responseMediaType: ResponseMediaType = 'application/json',
): ApiContext {
  const entities = new DataLoader<string, Entity | null>((ids) => store.getEntities(ids));
  return {
    store,
    config,
    isAdmin: isAdminRequest(config.adminToken, authorization),
    responseMediaType,
    entities,
    sources: new DataLoader((ids) => store.getSources(ids)),
    edges: new DataLoader(
      async (queries) => {
        // One store call per distinct (direction, types): e.g. every project's participants at once.
        const groups = new Map<string, EdgeQuery[]>();
        for (const q of queries) groups.set(edgeOptionsKey(q), [...(groups.get(edgeOptionsKey(q)) ?? []), q]);
        const answers = new Map<string, RelationshipEdge[]>();
        await Promise.all(
          [...groups.values()].map(async (group) => {
            const { direction, types } = group[0]!;
            const ids = [...new Set(group.map((q) => q.id))];
            const lists = await store.relationshipsOfEach(ids, { direction, types: types ? [...types] : undefined });
            ids.forEach((id, i) => answers.set(`${id}|${edgeOptionsKey(group[0]!)}`, lists[i] ?? []));
          }),
        );
        return queries.map((q) => {
          const list = answers.get(`${q.id}|${edgeOptionsKey(q)}`) ?? [];
          for (const edge of list) entities.prime(edge.other.id, edge.other);
          return list;
        });
      },
      { cacheKeyFn: (q) => `${q.id}|${edgeOptionsKey(q)}` },
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
