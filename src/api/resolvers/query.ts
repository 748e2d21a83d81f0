/**
 * Root query resolvers: lookups, search and stats.
 */
import { encodeCursor } from '../../graph/cursor';
import type { ApiContext } from '../context';
import type { GraphStats } from '../../graph/port';
import type { Resolvers } from '../generated/graphql';
import { pageSize, searchText } from '../limits';
import { entityFollowingMerges } from './decisions';

const counts = (o: Record<string, number>) => Object.entries(o).map(([key, count]) => ({ key, count }));

/** One stats read per request, however many times (aliases) the request asks: each read scans the whole graph. */
const statsOfRequest = new WeakMap<ApiContext, Promise<GraphStats>>();

export const queryResolvers = {
  Query: {
    entity: entityFollowingMerges,
    entities: async (_, args, ctx) => {
      const first = pageSize(args.first, ctx.config, 'entities');
      const page = await ctx.store.listEntities({ kinds: args.kind ?? undefined, first, after: args.after ?? undefined });
      const edges = page.items.map((node) => ({ cursor: encodeCursor(node.id), node }));
      return {
        edges,
        totalCount: page.totalCount,
        pageInfo: {
          hasNextPage: page.hasNextPage,
          hasPreviousPage: Boolean(args.after),
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges[edges.length - 1]?.cursor ?? null,
        },
      };
    },
    search: (_, args, ctx) =>
      ctx.store.search(searchText(args.text, ctx.config), { kinds: args.kinds ?? undefined, first: pageSize(args.first, ctx.config, 'search') }),
    source: (_, args, ctx) => ctx.sources.load(args.id),
    stats: async (_, _args, ctx) => {
      if (!statsOfRequest.has(ctx)) statsOfRequest.set(ctx, ctx.store.stats());
      const s = await statsOfRequest.get(ctx)!;
      return { ...s, entitiesByKind: counts(s.entitiesByKind), relationshipsByType: counts(s.relationshipsByType), engine: ctx.store.engine };
    },
  },
} satisfies Resolvers;
