/**
 * How errors reach GraphQL clients: product errors keep their code and location; anything else becomes
 * INTERNAL_SERVER_ERROR with no engine message or stack trace unless development mode is on.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { KgError } from '../errors';

/** A GraphQL error carrying a product error code, for resolvers to throw. */
export function userInputError(message: string, argument: string, code = 'BAD_USER_INPUT'): GraphQLError {
  return new GraphQLError(message, { extensions: { code, argument } });
}

/** Apollo's formatError hook. */
export function formatError(dev: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof KgError) {
      const { problems, path, line, column } = original.details as Record<string, unknown>;
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: {
          code: original.code,
          ...(path !== undefined ? { at: path } : {}),
          ...(line !== undefined ? { line, column } : {}),
          ...(problems !== undefined ? { problems } : {}),
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
