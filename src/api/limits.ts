/**
 * Caps that protect the engine: page sizes and traversal depth, each answered with a code that says what to change.
 */
import { GraphQLError } from 'graphql';
import type { Config } from '../config';

/** Validates a `first` argument against KG_MAX_PAGE_SIZE. */
export function pageSize(first: unknown, config: Config, argument = 'first'): number {
  const n = first === undefined || first === null ? 20 : Number(first);
  if (!Number.isInteger(n) || n < 0) throw new GraphQLError(`${argument} must be a non-negative integer`, { extensions: { code: 'BAD_USER_INPUT', argument } });
  if (n > config.maxPageSize) {
    throw new GraphQLError(`${argument} may be at most ${config.maxPageSize} (KG_MAX_PAGE_SIZE); ask for fewer and page with \`after\``, {
      extensions: { code: 'PAGE_SIZE_LIMIT', argument, max: config.maxPageSize },
    });
  }
  return n;
}

/** Validates a `maxHops` argument against KG_MAX_HOPS. */
export function hops(maxHops: unknown, config: Config, fallback = 4): number {
  const n = maxHops === undefined || maxHops === null ? Math.min(fallback, config.maxHops) : Number(maxHops);
  if (!Number.isInteger(n) || n < 1) throw new GraphQLError('maxHops must be a positive integer', { extensions: { code: 'BAD_USER_INPUT', argument: 'maxHops' } });
  if (n > config.maxHops) {
    throw new GraphQLError(`maxHops may be at most ${config.maxHops} (KG_MAX_HOPS)`, { extensions: { code: 'HOPS_LIMIT', argument: 'maxHops', max: config.maxHops } });
  }
  return n;
}
