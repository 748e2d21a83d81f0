/**
 * Cypher over GraphQL: users' own queries (read-only unless the request carries the admin token) and the
 * named-query library. Limits come from the configuration; a request may only lower the row cap.
 */
import type { Config } from '../../config';
import { KgError } from '../../errors';
import type { CypherResult } from '../../graph/port';
import { libraryDir, namedQueries, namedQuery, runNamedQuery } from '../../queries/library';
import type { Resolvers } from '../generated/graphql';

/** The row cap of one request: `limit` when given, never more than KG_CYPHER_MAX_ROWS. */
export function rowCap(limit: unknown, config: Config): number {
  if (limit === undefined || limit === null) return config.cypherMaxRows;
  const n = Number(limit);
  if (!Number.isInteger(n) || n < 1) throw new KgError('BAD_USER_INPUT', 'limit must be a positive integer', { path: 'limit' });
  if (n > config.cypherMaxRows) {
    throw new KgError('LIMIT_EXCEEDED', `limit may be at most ${config.cypherMaxRows} (KG_CYPHER_MAX_ROWS)`, { path: 'limit', max: config.cypherMaxRows });
  }
  return n;
}

/** Query parameters: a JSON object of name → value. */
export function parameterObject(params: unknown): Record<string, unknown> {
  if (params === undefined || params === null) return {};
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw new KgError('BAD_USER_INPUT', 'params must be a JSON object of parameter name → value', { path: 'params' });
  }
  return params as Record<string, unknown>;
}

export const cypherResolvers = {
  Query: {
    cypher: (_, args, ctx): Promise<CypherResult> => {
      const query = args.query;
      if (!query.trim()) throw new KgError('BAD_USER_INPUT', 'query must not be empty', { path: 'query' });
      return ctx.store.runCypher(query, {
        params: parameterObject(args.params),
        readOnly: !ctx.isAdmin,
        timeoutMs: ctx.config.cypherTimeoutMs,
        maxRows: rowCap(args.limit, ctx.config),
      });
    },
    namedQuery: (_, args, ctx): Promise<CypherResult> => {
      const query = namedQuery(libraryDir(ctx.config.projectRoot), args.name);
      return runNamedQuery(ctx.store, query, parameterObject(args.params), {
        timeoutMs: ctx.config.cypherTimeoutMs,
        maxRows: rowCap(args.limit, ctx.config),
      });
    },
    namedQueries: (_, _args, ctx) =>
      namedQueries(libraryDir(ctx.config.projectRoot)).map((q) => ({ ...q, text: q.text[ctx.store.engine] })),
  },
  CypherResult: {
    rowCount: (result) => result.rows.length,
  },
} satisfies Resolvers;
