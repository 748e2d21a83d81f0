/**
 * Traversal resolvers: shortest paths and connections within k hops. An unknown start or end is NOT_FOUND,
 * so "no path" (null or an empty list) always means both ends exist.
 */
import type { Path } from '../../graph/port';
import type { ApiContext } from '../context';
import type { Resolvers } from '../generated/graphql';
import type { MeasuredPath } from '../models';
import { notFound } from '../errors';
import { hops, pageSize } from '../limits';
import { allShortestPathsAsOf, connectionsAsOf, shortestPathAsOf } from '../../knowledge/as-of';
import { asOfDay } from './timeline';

/** Primes the request's entity loader with what a path already carries. */
function primed(ctx: ApiContext, path: Path): MeasuredPath {
  for (const e of path.entities) ctx.entities.prime(e.id, e);
  return { ...path, length: path.relationships.length };
}

/** Throws NOT_FOUND naming the first argument whose id is not in the graph. */
async function requireEntities(ctx: ApiContext, ids: Record<string, string>): Promise<void> {
  const names = Object.keys(ids);
  const found = await ctx.entities.loadMany(names.map((n) => ids[n]!));
  names.forEach((name, i) => {
    const entity = found[i];
    if (entity instanceof Error) throw entity;
    if (!entity) throw notFound(`no entity has the id "${ids[name]}" (argument \`${name}\`)`, name);
  });
}

export const pathResolvers = {
  Query: {
    shortestPath: async (_, args, ctx) => {
      const maxHops = hops(args.maxHops, ctx.config, 6);
      await requireEntities(ctx, { from: args.from, to: args.to });
      const asOf = asOfDay(args);
      const options = { maxHops, types: args.types ?? undefined };
      const path = asOf ? await shortestPathAsOf(ctx.store, args.from, args.to, options, asOf) : await ctx.store.shortestPath(args.from, args.to, options);
      return path ? primed(ctx, path) : null;
    },
    allShortestPaths: async (_, args, ctx) => {
      const maxHops = hops(args.maxHops, ctx.config, 6);
      const first = pageSize(args.first, ctx.config, 'allShortestPaths');
      await requireEntities(ctx, { from: args.from, to: args.to });
      const asOf = asOfDay(args);
      const options = { maxHops, types: args.types ?? undefined, first };
      const paths = asOf ? await allShortestPathsAsOf(ctx.store, args.from, args.to, options, asOf) : await ctx.store.allShortestPaths(args.from, args.to, options);
      return paths.map((p) => primed(ctx, p));
    },
    connections: async (_, args, ctx) => {
      const maxHops = hops(args.maxHops, ctx.config, 2);
      const first = pageSize(args.first, ctx.config, 'connections');
      await requireEntities(ctx, { id: args.id });
      const asOf = asOfDay(args);
      const options = { maxHops, kinds: args.kinds ?? undefined, types: args.types ?? undefined, first };
      const found = asOf ? await connectionsAsOf(ctx.store, args.id, options, asOf) : await ctx.store.connectionsWithin(args.id, options);
      return found.map((c) => ({ ...c, path: primed(ctx, c.path) }));
    },
  },
} satisfies Resolvers;
