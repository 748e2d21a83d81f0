/**
 * Limits that bound every request before it costs anything: the query text (tokens), the fields it selects
 * (aliases and fragment uses counted), its depth and estimated cost (introspection and whole-graph reads
 * included), the size and nesting of JSON arguments, page sizes and traversal depth. Each refusal names its
 * setting, with a code of its own and `max` (and `argument` where one argument is at fault).
 */
import {
  Kind,
  TypeInfo,
  getNamedType,
  getNullableType,
  isLeafType,
  isListType,
  validate,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import depthLimit from 'graphql-depth-limit';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Config } from '../config';
import { KgError } from '../errors';
import type { ApiContext } from './context';
import { requestRefusal } from './errors';
import { cachedCost, cachedDepth, cachedFieldCount } from './document-cache';

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
  if (!Number.isInteger(n) || n < 0) throw new KgError('BAD_USER_INPUT', `${argument} must be a non-negative integer`, { argument });
  if (n > config.maxPageSize) {
    throw new KgError('PAGE_SIZE_LIMIT', `${argument} may be at most ${config.maxPageSize} (KG_MAX_PAGE_SIZE); ask for fewer and page with \`after\``, {
      argument,
      max: config.maxPageSize,
    });
  }
  return n;
}

/**
 * How deep a search ranking may be paged: a cursor names a place in the ranking, and each page ranks again down to
 * it, so a crafted cursor must not turn one request into a ranking of a million hits.
 */
export const SEARCH_MAX_DEPTH = 1000;

/** Refuses a page of search hits starting past SEARCH_MAX_DEPTH. */
export function searchDepth(from: number): number {
  if (from > SEARCH_MAX_DEPTH) {
    throw new KgError('PAGE_SIZE_LIMIT', `search pages reach the first ${SEARCH_MAX_DEPTH} hits; narrow the text or the kinds`, { argument: 'after', max: SEARCH_MAX_DEPTH });
  }
  return from;
}

/** Validates a `maxHops` argument against KG_MAX_HOPS. */
export function hops(maxHops: unknown, config: Config, fallback = 4): number {
  const n = maxHops === undefined || maxHops === null ? Math.min(fallback, config.maxHops) : Number(maxHops);
  if (!Number.isInteger(n) || n < 1) throw new KgError('BAD_USER_INPUT', 'maxHops must be a positive integer', { argument: 'maxHops' });
  if (n > config.maxHops) throw new KgError('HOPS_LIMIT', `maxHops may be at most ${config.maxHops} (KG_MAX_HOPS)`, { argument: 'maxHops', max: config.maxHops });
  return n;
}

/** How many items a list without a `first` argument (participants, evidence, path steps) is assumed to hold. */
const UNPAGED_LIST_GUESS = 3;

/**
 * Root fields whose work is not a handful of objects: `stats` counts every entity, relationship and mention
 * (four reads that each scan a whole table, so as much as four pages of 25); a user's `cypher` may scan the
 * graph until its time limit, and a named query runs a fixed library query.
 */
export const ROOT_FIELD_COSTS: Record<string, number> = { stats: 100, cypher: 500, namedQuery: 100, duplicates: 100 };

/** How much introspection returns for this schema: list sizes (averages) and how often a type reference wraps another. */
interface IntrospectionSizes {
  lists: Record<string, number>;
  /** Share of `ofType` links that are not null, so a chain of `ofType` costs what the schema's types nest. */
  ofTypeShare: number;
}

const introspectionSizesOf = new WeakMap<GraphQLSchema, IntrospectionSizes>();

/** Counts, once per schema, what each introspection list returns on average. */
function introspectionSizes(schema: GraphQLSchema): IntrospectionSizes {
  const known = introspectionSizesOf.get(schema);
  if (known) return known;
  const types = Object.values(schema.getTypeMap());
  let fields = 0, args = 0, inputFields = 0, enumValues = 0, interfaces = 0, possible = 0, refs = 0, wrappers = 0;
  const wrapping = (t: unknown) => {
    refs++;
    for (let x = t as { ofType?: unknown }; x.ofType; x = x.ofType as { ofType?: unknown }) wrappers++;
  };
  for (const t of types) {
    const own = 'getFields' in t ? Object.values(t.getFields()) : [];
    for (const f of own) {
      wrapping(f.type);
      if ('args' in f) {
        fields++;
        args += (f as { args: unknown[] }).args.length;
        for (const a of (f as { args: { type: unknown }[] }).args) wrapping(a.type);
      } else inputFields++;
    }
    if ('getValues' in t) enumValues += t.getValues().length;
    if ('getInterfaces' in t) interfaces += t.getInterfaces().length;
    if (t.constructor.name === 'GraphQLInterfaceType' || t.constructor.name === 'GraphQLUnionType') possible += schema.getPossibleTypes(t as never).length;
  }
  const directives = schema.getDirectives();
  const n = Math.max(types.length, 1);
  const sizes: IntrospectionSizes = {
    lists: {
      types: types.length,
      directives: directives.length,
      fields: fields / n,
      inputFields: inputFields / n,
      enumValues: enumValues / n,
      interfaces: interfaces / n,
      possibleTypes: possible / n,
      args: args / Math.max(fields, 1),
      // __Directive.args: the directives' own arguments per directive
      directiveArgs: directives.reduce((sum, d) => sum + d.args.length, 0) / Math.max(directives.length, 1),
    },
    ofTypeShare: wrappers / Math.max(refs + wrappers, 1),
  };
  introspectionSizesOf.set(schema, sizes);
  return sizes;
}

/**
 * Cost of a field: every object it returns costs 1 plus what is selected inside it (scalars are free: they
 * come with their object); a list returns `first` objects, or a small guess where it takes no `first`.
 * Introspection costs what it returns for this schema (one full IDE introspection is about 1 600 objects);
 * the root fields of ROOT_FIELD_COSTS cost what their engine work is worth.
 */
export function costEstimator(config: Config, schema: GraphQLSchema): ComplexityEstimator {
  const sizes = introspectionSizes(schema);
  return ({ type, field, args, childComplexity }) => {
    if (isLeafType(getNamedType(field.type))) return 0;
    const perItem = 1 + childComplexity;
    if (type.name.startsWith('__') || field.name.startsWith('__')) {
      if (field.name === 'ofType') return sizes.ofTypeShare * perItem;
      if (!isListType(getNullableType(field.type))) return perItem;
      const size = type.name === '__Directive' && field.name === 'args' ? sizes.lists.directiveArgs : sizes.lists[field.name];
      return (size ?? UNPAGED_LIST_GUESS) * perItem;
    }
    if (type === schema.getQueryType() && ROOT_FIELD_COSTS[field.name] !== undefined) return ROOT_FIELD_COSTS[field.name]! + childComplexity;
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
    return Math.ceil(getComplexity({ schema, query: document, variables, operationName: operationName ?? undefined, estimators: [costEstimator(config, schema)] }));
  } catch (e) {
    // Too many nodes to even estimate is the clearest case of a query that costs too much.
    if (e instanceof Error && /maximum allowed number of nodes/.test(e.message)) return Number.POSITIVE_INFINITY;
    if (e instanceof Error && e.name === 'GraphQLError') return Number.NaN;
    throw e;
  }
}

/** The operation `operationName` picks (the only one when unnamed). */
function operationOf(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
}

/**
 * How many fields the operation selects as it would run: each alias counts, and each use of a fragment counts
 * its fields again (a fragment used in ten places selects its fields ten times).
 */
export function operationFieldCount(document: DocumentNode, operationName?: string | null): number {
  const operation = operationOf(document, operationName);
  if (!operation) return 0;
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  const counted = new Map<string, number>();
  const countSet = (set: SelectionSetNode | undefined, inFlight: Set<string>): number => {
    let n = 0;
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) n += 1 + countSet(s.selectionSet, inFlight);
      else if (s.kind === Kind.INLINE_FRAGMENT) n += countSet(s.selectionSet, inFlight);
      else {
        const name = s.name.value;
        if (inFlight.has(name)) continue; // a cycle: validation refuses it
        if (!counted.has(name)) counted.set(name, countSet(fragments.get(name)?.selectionSet, new Set([...inFlight, name])));
        n += counted.get(name)!;
      }
    }
    return n;
  };
  return countSet(operation.selectionSet, new Set());
}

/** Depth (nesting of lists and objects) and number of values of a JSON value; stops counting past the limits. */
export function jsonShape(value: unknown, limits: { maxDepth: number; maxValues: number }): { depth: number; values: number } {
  let depth = 0;
  let values = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, level] = stack.pop()!;
    values++;
    if (v !== null && typeof v === 'object') {
      depth = Math.max(depth, level + 1);
      if (depth > limits.maxDepth || values > limits.maxValues) break;
      for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, level + 1]);
    }
    if (values > limits.maxValues) break;
  }
  return { depth, values };
}

/** The JS value of a JSON argument: a variable's value, or the literal with variables inside it filled in. */
function argumentValue(node: ASTNode, variables: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.LIST:
      return node.values.map((v) => argumentValue(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, argumentValue(f.value, variables)]));
    case Kind.NULL:
      return null;
    default:
      return 'value' in node ? node.value : null;
  }
}

/**
 * Refuses a JSON argument (`cypher(params)`, `namedQuery(params)`, `ingestDocument(document)` …) nested deeper
 * than KG_MAX_JSON_DEPTH or holding more than KG_MAX_JSON_VALUES values. The embedded engine's binding infers
 * a parameter's type on the event loop at a cost that doubles with each level of list nesting (25 levels took
 * about 30 s), so this runs before the engine sees the value.
 */
export function checkJsonArguments(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, config: Config): void {
  const typeInfo = new TypeInfo(schema);
  const limits = { maxDepth: config.maxJsonDepth, maxValues: config.maxJsonValues };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const argument = typeInfo.getArgument();
        if (!argument || getNamedType(argument.type).name !== 'JSON') return;
        // The literal is walked with the same bounds: nesting in the query text is no cheaper than in variables.
        const shape = jsonShape(argumentValue(node.value, variables), limits);
        if (shape.depth > limits.maxDepth) {
          throw new KgError('ARGUMENT_DEPTH_LIMIT', `${node.name.value} nests lists and objects deeper than ${limits.maxDepth} levels (KG_MAX_JSON_DEPTH)`, {
            argument: node.name.value,
            max: limits.maxDepth,
          });
        }
        if (shape.values > limits.maxValues) {
          throw new KgError('ARGUMENT_SIZE_LIMIT', `${node.name.value} holds more than ${limits.maxValues} values (KG_MAX_JSON_VALUES)`, {
            argument: node.name.value,
            max: limits.maxValues,
          });
        }
      },
    }),
  );
}

/** Refuses a `search(text:)` longer than KG_MAX_SEARCH_LENGTH; longer texts only cost more to match, never find more. */
export function searchText(text: unknown, config: Config): string {
  const value = String(text ?? '');
  if (value.length > config.maxSearchLength) {
    throw new KgError('TEXT_LENGTH_LIMIT', `text may be at most ${config.maxSearchLength} characters (KG_MAX_SEARCH_LENGTH); search for a name or a few words`, {
      argument: 'text',
      max: config.maxSearchLength,
    });
  }
  return value;
}

/**
 * Refuses, before anything runs, an operation that selects more fields than KG_MAX_QUERY_FIELDS, nests deeper
 * than KG_MAX_QUERY_DEPTH, costs more than KG_MAX_QUERY_COST, or passes a JSON argument past its bounds; each
 * with its own code and HTTP 400. (The query text itself is bounded by the parser: KG_MAX_QUERY_TOKENS.)
 */
export function queryLimitsPlugin(config: Config): ApolloServerPlugin<ApiContext> {
  const refuse = (code: ConstructorParameters<typeof KgError>[0], message: string, details: Record<string, unknown>) => {
    throw requestRefusal(new KgError(code, message, details));
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operationName }) {
          const fields = cachedFieldCount(document, operationName, () => operationFieldCount(document, operationName));
          if (fields > config.maxQueryFields) {
            refuse('QUERY_FIELDS_LIMIT', `the operation selects ${fields} fields, more than ${config.maxQueryFields} (KG_MAX_QUERY_FIELDS); every alias and every use of a fragment counts`, {
              fields,
              max: config.maxQueryFields,
            });
          }
          // Depth and (when no variable sways it) cost are the document's: computed on its first request only.
          const depth = cachedDepth(document, operationName, () => operationDepth(schema, document, operationName));
          if (depth > config.maxQueryDepth) {
            refuse('QUERY_DEPTH_LIMIT', `query depth ${depth} exceeds the maximum of ${config.maxQueryDepth} (KG_MAX_QUERY_DEPTH); select fewer nested levels or split the query`, {
              depth,
              max: config.maxQueryDepth,
            });
          }
          try {
            checkJsonArguments(schema, document, request.variables ?? {}, config);
          } catch (e) {
            throw e instanceof KgError ? requestRefusal(e) : e;
          }
          const cost = cachedCost(document, operationName, () => operationCost(schema, document, operationName, request.variables ?? {}, config));
          if (cost > config.maxQueryCost) {
            const shown = Number.isFinite(cost) ? String(cost) : 'beyond counting';
            refuse('QUERY_COST_LIMIT', `estimated query cost ${shown} exceeds the maximum of ${config.maxQueryCost} (KG_MAX_QUERY_COST); ask for fewer items with smaller \`first\` arguments, fewer aliases, or nest fewer lists`, {
              cost: Number.isFinite(cost) ? cost : null,
              max: config.maxQueryCost,
            });
          }
        },
      };
    },
  };
}
