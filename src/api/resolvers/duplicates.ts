/**
 * The duplicate review over GraphQL: `duplicates(kind, first, after)`, a Relay page of likely pairs, best first
 * (../../knowledge/duplicates.ts finds and scores them).
 */
import type { Resolvers } from '../generated/graphql';
import { findDuplicates, pairKey } from '../../knowledge/duplicates';
import { connectionOf, pageAfter } from '../pagination';
import { pageSize } from '../limits';

export const duplicateResolvers = {
  Query: {
    /** Likely duplicate pairs within a kind, best first, paged. */
    duplicates: async (_, args, ctx) => {
      const first = pageSize(args.first, ctx.config, 'duplicates');
      const after = args.after ?? undefined;
      const { pairs } = await findDuplicates(ctx.store, { kind: args.kind ?? undefined });
      const page = pageAfter(pairs, pairKey, first, after);
      return connectionOf(page, pairKey, (node) => ({ node }), after);
    },
  },
} satisfies Resolvers;
