/**
 * How errors reach GraphQL clients: product errors keep their code and location; engine failures and bugs
 * keep only a code and a plain message, with no engine message or stack trace unless development mode is on.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { KgError, type ErrorCode } from '../errors';

/** A GraphQL error carrying a product error code, for resolvers to throw. */
export function userInputError(message: string, argument: string, code = 'BAD_USER_INPUT'): GraphQLError {
  return new GraphQLError(message, { extensions: { code, argument } });
}

/** NOT_FOUND for an id argument that names nothing in the graph. */
export function notFound(message: string, argument: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'NOT_FOUND', argument } });
}

/** Codes whose message comes from the engine or the deployment, not from the client's request. */
const ENGINE_CODES: Partial<Record<ErrorCode, string>> = {
  ENGINE_ERROR: 'the graph engine failed to answer',
  ENGINE_UNAVAILABLE: 'the graph engine is unavailable; try again later',
  ENGINE_AUTH_FAILED: 'the graph engine is unavailable; try again later',
  CONSTRAINT_VIOLATION: 'the graph engine refused the write',
};

/** Apollo's formatError hook. */
export function formatError(dev: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof KgError) {
      const { problems, path, line, column } = original.details as Record<string, unknown>;
      const hidden = !dev ? ENGINE_CODES[original.code] : undefined;
      return {
        message: hidden ?? original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: {
          code: original.code,
          ...(hidden ? {} : path !== undefined ? { at: path } : {}),
          ...(!hidden && line !== undefined ? { line, column } : {}),
          ...(!hidden && problems !== undefined ? { problems } : {}),
          ...(dev ? { stacktrace: original.stack?.split('\n') } : {}),
        },
      };
    }
    const code = formatted.extensions?.code;
    if (code && code !== 'INTERNAL_SERVER_ERROR') {
      if (dev) return formatted;
      const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    if (dev) return formatted;
    return { message: 'internal error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
