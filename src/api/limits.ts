/**
 * Limits that protect the engine: page sizes, traversal depth, query depth and estimated query cost, each
 * answered with a GraphQL error whose code says which limit and which setting.
 */
import { GraphQLError, getNullableType, isListType, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import depthLimit from 'graphql-depth-limit';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Config } from '../config';
import type { ApiContext } from './context';

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

/** How many items a list without a `first` argument (participants, evidence, path steps) is assumed to hold. */
const UNPAGED_LIST_GUESS = 5;

/**
 * Cost of a field: 1 plus what it selects, multiplied by `first` where the field takes one and by a small
 * guess for other lists. Introspection is free so that IDEs can always load the schema.
 */
export const costEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (type.name.startsWith('__') || field.name.startsWith('__')) return 0;
  if (typeof args.first === 'number') return 1 + Math.max(args.first, 0) * childComplexity;
  const listed = isListType(getNullableType(field.type));
  // A connection's edges are already counted by the `first` of the field that returned the connection.
  if (listed && !type.name.endsWith('Connection')) return 1 + UNPAGED_LIST_GUESS * childComplexity;
  return 1 + childComplexity;
};

/** Depth of the deepest selection of the operation about to run (introspection fields not counted). */
export function operationDepth(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): number {
  let depths: Record<string, number> = {};
  validate(schema, document, [depthLimit(Number.POSITIVE_INFINITY, {}, (d: Record<string, number>) => (depths = d))]);
  const named = operationName ?? '';
  return depths[named] ?? Math.max(0, ...Object.values(depths));
}

/** Estimated cost of the operation about to run, or undefined when its variables are invalid (execution reports that). */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>): number {
  try {
    return getComplexity({ schema, query: document, variables, operationName: operationName ?? undefined, estimators: [costEstimator] });
  } catch (e) {
    // Too many nodes to even estimate is the clearest case of a query that costs too much.
    if (e instanceof GraphQLError && /maximum allowed number of nodes/.test(e.message)) return Number.POSITIVE_INFINITY;
    if (e instanceof GraphQLError) return Number.NaN;
    throw e;
  }
}

/**
 * Refuses, before anything runs, an operation deeper than KG_MAX_QUERY_DEPTH or costlier than KG_MAX_QUERY_COST,
 * with QUERY_DEPTH_LIMIT / QUERY_COST_LIMIT and HTTP 400.
 */
export function queryLimitsPlugin(config: Config): ApolloServerPlugin<ApiContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operationName }) {
          const depth = operationDepth(schema, document, operationName);
          if (depth > config.maxQueryDepth) {
            throw new GraphQLError(
              `query depth ${depth} exceeds the maximum of ${config.maxQueryDepth} (KG_MAX_QUERY_DEPTH); select fewer nested levels or split the query`,
              { extensions: { code: 'QUERY_DEPTH_LIMIT', depth, max: config.maxQueryDepth, http: { status: 400 } } },
            );
          }
          const cost = operationCost(schema, document, operationName, request.variables ?? {});
          if (cost > config.maxQueryCost) {
            const shown = Number.isFinite(cost) ? String(cost) : 'beyond counting';
            throw new GraphQLError(
              `estimated query cost ${shown} exceeds the maximum of ${config.maxQueryCost} (KG_MAX_QUERY_COST); ask for fewer items with smaller \`first\` arguments or nest fewer lists`,
              { extensions: { code: 'QUERY_COST_LIMIT', cost: Number.isFinite(cost) ? cost : null, max: config.maxQueryCost, http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}
