/**
 * Limits that protect the engine: page sizes, traversal depth, query depth and estimated query cost, each
 * answered with a GraphQL error whose code says which limit and which setting.
 */
import { GraphQLError, getNamedType, getNullableType, isLeafType, isListType, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import depthLimit from 'graphql-depth-limit';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Config } from '../config';
import type { ApiContext } from './context';
import { cachedCost, cachedDepth } from './document-cache';

/** Page size of a list field when `first` is not given; 20 unless listed here. */
const DEFAULT_PAGE_SIZES: Record<string, number> = { search: 10, allShortestPaths: 10, connections: 50 };

/** The page size `field` uses without `first`, never above KG_MAX_PAGE_SIZE (so defaults obey the limit). */
export function defaultPageSize(field: string, config: Config): number {
  return Math.min(DEFAULT_PAGE_SIZES[field] ?? 20, config.maxPageSize);
}

/** Validates the `first` argument of `field` against KG_MAX_PAGE_SIZE. */
export function pageSize(first: unknown, config: Config, field = ''): number {
  const argument = 'first';
  const n = first === undefined || first === null ? defaultPageSize(field, config) : Number(first);
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
const UNPAGED_LIST_GUESS = 3;

/**
 * Cost of a field: every object it returns costs 1 plus what is selected inside it (scalars are free: they
 * come with their object); a list returns `first` objects, or a small guess where it takes no `first`.
 * Introspection is free so that IDEs can always load the schema.
 */
export function costEstimator(config: Config): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    if (type.name.startsWith('__') || field.name.startsWith('__')) return 0;
    if (isLeafType(getNamedType(field.type))) return 0;
    const perItem = 1 + childComplexity;
    if (field.args.some((a) => a.name === 'first')) {
      const first = typeof args.first === 'number' ? args.first : defaultPageSize(field.name, config);
      return 1 + Math.max(first, 0) * perItem;
    }
    // Single objects, and the edges of a connection (already multiplied by the `first` that returned it).
    if (!isListType(getNullableType(field.type)) || type.name.endsWith('Connection')) return perItem;
    return UNPAGED_LIST_GUESS * perItem;
  };
}

/** Depth of the deepest selection of the operation about to run (introspection fields not counted). */
export function operationDepth(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): number {
  let depths: Record<string, number> = {};
  validate(schema, document, [depthLimit(Number.POSITIVE_INFINITY, {}, (d: Record<string, number>) => (depths = d))]);
  const named = operationName ?? '';
  return depths[named] ?? Math.max(0, ...Object.values(depths));
}

/** Estimated cost of the operation about to run, or undefined when its variables are invalid (execution reports that). */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
  config: Config,
): number {
  try {
    return getComplexity({ schema, query: document, variables, operationName: operationName ?? undefined, estimators: [costEstimator(config)] });
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
          // Depth and (when no variable sways it) cost are the document's: computed on its first request only.
          const depth = cachedDepth(document, operationName, () => operationDepth(schema, document, operationName));
          if (depth > config.maxQueryDepth) {
            throw new GraphQLError(
              `query depth ${depth} exceeds the maximum of ${config.maxQueryDepth} (KG_MAX_QUERY_DEPTH); select fewer nested levels or split the query`,
              { extensions: { code: 'QUERY_DEPTH_LIMIT', depth, max: config.maxQueryDepth, http: { status: 400 } } },
            );
          }
          const cost = cachedCost(document, operationName, () => operationCost(schema, document, operationName, request.variables ?? {}, config));
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
