/**
 * Root query resolvers: lookups, search and stats.
 */
import { decodePairCursor, encodeCursor, pairCursorKey } from '../../graph/cursor';
import { KgError } from '../../errors';
import type { ApiContext } from '../context';
import type { GraphStats, SearchHit } from '../../graph/port';
import type { Resolvers } from '../generated/graphql';
import { pageSize, searchDepth, searchText } from '../limits';
import { connectionOf } from '../pagination';
import { entityFollowingMerges } from './decisions';

const counts = (o: Record<string, number>) => Object.entries(o).map(([key, count]) => ({ key, count }));

/** A search hit's cursor key: its place in the ranking (from 0) and its entity's id. */
const rankKey = (ranked: { rank: number; hit: SearchHit }) => pairCursorKey(String(ranked.rank), ranked.hit.entity.id);

/** The place in the ranking after which a page of search hits starts (0 without a cursor). */
function rankAfter(after: string | undefined): number {
  const pair = decodePairCursor(after, 'search hits');
  if (!pair) return 0;
  const rank = Number(pair[0]);
  if (!Number.isSafeInteger(rank) || rank < 0) throw new KgError('BAD_USER_INPUT', `malformed cursor "${after}": pass the endCursor of a page of search hits`, { path: 'after' });
  return rank + 1;
}

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
    search: async (_, args, ctx) => {
      const text = searchText(args.text, ctx.config);
      const first = pageSize(args.first, ctx.config, 'search');
      const after = args.after ?? undefined;
      const from = searchDepth(rankAfter(after));
      // A ranking has no stored order to resume from: rank again down to the page's end, one more to see if more follow.
      const hits = await ctx.store.search(text, { kinds: args.kinds ?? undefined, first: from + first + 1 });
      const ranked = hits.map((hit, rank) => ({ rank, hit }));
      const page = { items: ranked.slice(from, from + first), hasNextPage: ranked.length > from + first };
      return connectionOf(page, rankKey, ({ hit }) => ({ node: hit }), after);
    },
    source: (_, args, ctx) => ctx.sources.load(args.id),
    stats: async (_, _args, ctx) => {
      if (!statsOfRequest.has(ctx)) statsOfRequest.set(ctx, ctx.store.stats());
      const s = await statsOfRequest.get(ctx)!;
      return { ...s, entitiesByKind: counts(s.entitiesByKind), relationshipsByType: counts(s.relationshipsByType), engine: ctx.store.engine };
    },
  },
} satisfies Resolvers;
