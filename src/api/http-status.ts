/**
 * Status codes by the GraphQL-over-HTTP spec: a well-formed request whose operation fails to parse, validate,
 * coerce its variables or pass the limits answers 400 under application/graphql-response+json, but 200 under
 * the legacy application/json (clients of that type read `errors`, not the status).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { ErrorCode } from '../errors';
import type { ApiContext } from './context';

/** Codes of errors raised before execution about the operation itself (not about the HTTP request). */
const OPERATION_ERROR_CODES = new Set<ErrorCode>([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'QUERY_SIZE_LIMIT',
  'QUERY_FIELDS_LIMIT',
  'QUERY_DEPTH_LIMIT',
  'QUERY_COST_LIMIT',
  'ARGUMENT_DEPTH_LIMIT',
  'ARGUMENT_SIZE_LIMIT',
]);

/** Turns those 400s into 200 for clients that negotiated application/json. */
export function legacyJsonStatusPlugin(): ApolloServerPlugin<ApiContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (contextValue.responseMediaType !== 'application/json' || response.http.status !== 400) return;
          if (response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          if (data === undefined && errors?.length && errors.every((e) => OPERATION_ERROR_CODES.has(e.extensions?.code as ErrorCode))) {
            response.http.status = 200;
          }
        },
      };
    },
  };
}
