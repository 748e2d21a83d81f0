/**
 * How errors reach API clients, produced here and nowhere else: every error has the product's `code` and
 * words, and its details under the same names in `extensions` (`argument`, `max`, `path`, `line`, `column`,
 * `problems`, and a limit's measure: `cost`, `depth`, `fields`). Engine failures and bugs keep only a code
 * and a plain sentence; the engine's text and stack traces reach clients only in development mode (KG_DEV).
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { KgError, isErrorCode, type ErrorCode } from '../errors';

/** A KgError naming the argument at fault, for resolvers to throw. */
export function userInputError(message: string, argument: string, code: ErrorCode = 'BAD_USER_INPUT'): KgError {
  return new KgError(code, message, { argument });
}

/** NOT_FOUND for an id argument that names nothing in the graph. */
export function notFound(message: string, argument: string): KgError {
  return new KgError('NOT_FOUND', message, { argument });
}

/** What a non-null field points to (a relationship's end, a quote's source); a dangling id is the graph's fault, not the client's. */
export async function stored<T>(value: Promise<T | null>, what: string): Promise<T> {
  const found = await value;
  if (found === null) throw new KgError('INTERNAL_SERVER_ERROR', `${what} is missing from the graph`);
  return found;
}

/**
 * A refusal of the whole request before anything runs (a limit, from a plugin): HTTP 400 under
 * application/graphql-response+json (see http-status.ts), the KgError's code and details in the body.
 */
export function requestRefusal(error: KgError): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: { code: error.code, http: { status: 400 } } });
}

/** Codes whose message comes from the engine or the deployment, not from the client's request: a plain sentence instead. */
const ENGINE_CODES: Partial<Record<ErrorCode, string>> = {
  ENGINE_ERROR: 'the graph engine failed to answer',
  ENGINE_UNAVAILABLE: 'the graph engine is unavailable; try again later',
  ENGINE_AUTH_FAILED: 'the graph engine is unavailable; try again later',
  CONSTRAINT_VIOLATION: 'the graph engine refused the write',
  DATA_DIR_LOCKED: 'the graph engine is unavailable; try again later',
};

/** Details a client may see, by the names it reads them under. */
const DETAIL_KEYS = ['argument', 'max', 'path', 'line', 'column', 'problems', 'cost', 'depth', 'fields'] as const;

/** The `extensions` of an error: its code and the details that apply, the same names for every error. */
export function errorExtensions(error: KgError, dev: boolean): Record<string, unknown> {
  const hidden = !dev && ENGINE_CODES[error.code] !== undefined;
  const extensions: Record<string, unknown> = { code: error.code };
  if (!hidden) for (const key of DETAIL_KEYS) if (error.details[key] !== undefined) extensions[key] = error.details[key];
  if (dev) {
    const inner = error.cause as { message?: unknown } | undefined;
    const cause = typeof inner?.message === 'string' ? inner.message : inner === undefined ? undefined : String(inner);
    if (cause !== undefined) extensions.engineMessage = cause;
    extensions.stacktrace = error.stack?.split('\n');
  }
  return extensions;
}

/** The message a client sees for `error`. */
export function clientMessage(error: KgError, dev: boolean): string {
  return (!dev && ENGINE_CODES[error.code]) || error.message;
}

/** A GraphQL-shaped body for failures outside GraphQL execution (bad JSON, body too large). */
export function httpErrorBody(error: KgError, dev: boolean) {
  return { errors: [{ message: clientMessage(error, dev), extensions: errorExtensions(error, dev) }] };
}

/** The KgError behind an error, however GraphQL or Apollo wrapped it. */
function kgErrorOf(error: unknown): KgError | undefined {
  for (let e = error, i = 0; e && i < 5; e = (e as { originalError?: unknown }).originalError, i++) {
    if (e instanceof KgError) return e;
  }
  return undefined;
}

/** Errors raised by Apollo or graphql-js before our code runs, in the product's codes and words. */
function frameworkError(formatted: GraphQLFormattedError, error: unknown, limits: { maxQueryTokens: number }): KgError | undefined {
  const code = formatted.extensions?.code;
  const status = (error as { extensions?: { http?: { status?: number } } })?.extensions?.http?.status;
  if (code === 'BAD_REQUEST' && /Cross-Site Request Forgery/.test(formatted.message)) {
    return new KgError(
      'CROSS_SITE_REFUSED',
      'refused as a possible cross-site request: send the body as `content-type: application/json`, and a GET with the header `apollo-require-preflight: true`',
    );
  }
  if (status === 405) return new KgError('METHOD_NOT_ALLOWED', 'only queries may be sent with GET; send mutations with POST');
  if (code === 'GRAPHQL_PARSE_FAILED' && /Document contains more tha[nt] \d+ tokens/.test(formatted.message)) {
    return new KgError('QUERY_SIZE_LIMIT', `the query text holds more than ${limits.maxQueryTokens} tokens (KG_MAX_QUERY_TOKENS); send a shorter query`, {
      max: limits.maxQueryTokens,
    });
  }
  return undefined;
}

/** Apollo's formatError hook: the one place an error becomes what a client reads. */
export function formatError(dev: boolean, limits: { maxQueryTokens: number } = { maxQueryTokens: 0 }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const own = kgErrorOf(error) ?? frameworkError(formatted, error, limits);
    if (own) {
      return { message: clientMessage(own, dev), locations: formatted.locations, path: formatted.path, extensions: errorExtensions(own, dev) };
    }
    const code = formatted.extensions?.code;
    // Apollo's and graphql-js's own request errors (parse, validation, variable values) speak about the client's operation.
    if (isErrorCode(code) && code !== 'INTERNAL_SERVER_ERROR') {
      const { stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: { ...extensions, ...(dev && stacktrace ? { stacktrace } : {}) } };
    }
    if (dev) return formatted;
    return { message: 'internal error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
