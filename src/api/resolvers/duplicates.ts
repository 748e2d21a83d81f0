/**
 * The duplicate review over GraphQL: `duplicates(kind, first, after)`, a Relay page of likely pairs, best first
 * (../../knowledge/duplicates.ts finds and scores them).
 */
import type { ApiContext } from '../context';
import { findDuplicates, pairKey } from '../../knowledge/duplicates';
import { connectionOf, pageAfter } from '../pagination';
import { pageSize } from '../limits';

type Args = Record<string, unknown>;

export const duplicateResolvers = {
  Query: {
    /** Likely duplicate pairs within a kind, best first, paged. */
    duplicates: async (_: unknown, args: Args, ctx: ApiContext) => {
      const first = pageSize(args.first, ctx.config, 'duplicates');
      const after = (args.after as string | null) ?? undefined;
      const { pairs } = await findDuplicates(ctx.store, { kind: (args.kind as never) ?? undefined });
      const page = pageAfter(pairs, pairKey, first, after);
      return connectionOf(page, pairKey, (node) => ({ node }), after);
    },
  },
};
