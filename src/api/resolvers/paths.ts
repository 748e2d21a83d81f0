/**
 * Traversal resolvers: shortest paths and connections within k hops.
 */
import type { Path } from '../../graph/port';
import type { ApiContext } from '../context';
import { hops, pageSize } from '../limits';

type Args = Record<string, unknown>;

/** Primes the request's entity loader with what a path already carries. */
function primed(ctx: ApiContext, path: Path): Path & { length: number } {
  for (const e of path.entities) ctx.entities.prime(e.id, e);
  return { ...path, length: path.relationships.length };
}

export const pathResolvers = {
  Query: {
    shortestPath: async (_: unknown, args: Args, ctx: ApiContext) => {
      const path = await ctx.store.shortestPath(String(args.from), String(args.to), { maxHops: hops(args.maxHops, ctx.config, 6), types: args.types as never });
      return path ? primed(ctx, path) : null;
    },
    allShortestPaths: async (_: unknown, args: Args, ctx: ApiContext) => {
      const paths = await ctx.store.allShortestPaths(String(args.from), String(args.to), {
        maxHops: hops(args.maxHops, ctx.config, 6),
        types: args.types as never,
        first: pageSize(args.first, ctx.config),
      });
      return paths.map((p) => primed(ctx, p));
    },
    connections: async (_: unknown, args: Args, ctx: ApiContext) => {
      const found = await ctx.store.connectionsWithin(String(args.id), {
        maxHops: hops(args.maxHops, ctx.config, 2),
        kinds: args.kinds as never,
        types: args.types as never,
        first: pageSize(args.first, ctx.config),
      });
      return found.map((c) => ({ ...c, path: primed(ctx, c.path) }));
    },
  },
};
