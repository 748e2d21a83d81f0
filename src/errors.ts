/**
 * One base error type for the product. Every failure a user can act on is a KgError with a stable code;
 * engine errors are converted to it in each engine's `engineError` function, nowhere else.
 */
export type ErrorCode =
  // the request itself (HTTP and GraphQL)
  | 'BAD_REQUEST'
  | 'CROSS_SITE_REFUSED'
  | 'PAYLOAD_TOO_LARGE'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'METHOD_NOT_ALLOWED'
  | 'OPERATION_RESOLUTION_FAILURE'
  | 'PERSISTED_QUERY_NOT_SUPPORTED'
  // the API's limits, each naming its setting (`max`, and `argument` where one argument is at fault)
  | 'PAGE_SIZE_LIMIT'
  | 'HOPS_LIMIT'
  | 'QUERY_DEPTH_LIMIT'
  | 'QUERY_COST_LIMIT'
  | 'QUERY_FIELDS_LIMIT'
  | 'QUERY_SIZE_LIMIT'
  | 'ARGUMENT_DEPTH_LIMIT'
  | 'ARGUMENT_SIZE_LIMIT'
  | 'TEXT_LENGTH_LIMIT'
  // the product's answers
  | 'BAD_USER_INPUT'
  | 'INVALID_DOCUMENT'
  | 'NOT_FOUND'
  | 'CYPHER_SYNTAX_ERROR'
  | 'CYPHER_WRITE_FORBIDDEN'
  | 'CYPHER_TIMEOUT'
  | 'CYPHER_ERROR'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'DATA_DIR_LOCKED'
  | 'DATA_DIR_DAMAGED'
  // the ontology file, and a data folder made with another ontology
  | 'INVALID_ONTOLOGY'
  | 'SCHEMA_MISMATCH'
  | 'ENGINE_UNAVAILABLE'
  | 'ENGINE_AUTH_FAILED'
  | 'CONSTRAINT_VIOLATION'
  | 'LIMIT_EXCEEDED'
  | 'ENGINE_ERROR'
  | 'INTERNAL_SERVER_ERROR';

/** Every code, for checking a code that arrives from elsewhere (an Apollo error, a remote server). */
export const ERROR_CODES: readonly ErrorCode[] = [
  'BAD_REQUEST', 'CROSS_SITE_REFUSED', 'PAYLOAD_TOO_LARGE', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'METHOD_NOT_ALLOWED',
  'OPERATION_RESOLUTION_FAILURE', 'PERSISTED_QUERY_NOT_SUPPORTED',
  'PAGE_SIZE_LIMIT', 'HOPS_LIMIT', 'QUERY_DEPTH_LIMIT', 'QUERY_COST_LIMIT', 'QUERY_FIELDS_LIMIT', 'QUERY_SIZE_LIMIT',
  'ARGUMENT_DEPTH_LIMIT', 'ARGUMENT_SIZE_LIMIT', 'TEXT_LENGTH_LIMIT',
  'BAD_USER_INPUT', 'INVALID_DOCUMENT', 'NOT_FOUND', 'CYPHER_SYNTAX_ERROR', 'CYPHER_WRITE_FORBIDDEN', 'CYPHER_TIMEOUT', 'CYPHER_ERROR',
  'FORBIDDEN', 'UNAUTHENTICATED', 'DATA_DIR_LOCKED', 'ENGINE_UNAVAILABLE', 'ENGINE_AUTH_FAILED', 'CONSTRAINT_VIOLATION',
  'LIMIT_EXCEEDED', 'ENGINE_ERROR', 'INTERNAL_SERVER_ERROR', 'INVALID_ONTOLOGY', 'SCHEMA_MISMATCH',
];

/** True when `code` is one of the product's codes. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
}

/** Details every error may carry; clients read them from the GraphQL error's `extensions` under these names. */
export interface ErrorLocation {
  /** Where in the input: a record path such as `relationships[3].evidence`, or `params.k`. */
  path?: string;
  /** 1-based position in a user's Cypher query. */
  line?: number;
  column?: number;
  /** The GraphQL argument at fault (`first`, `params`, `text` …). */
  argument?: string;
  /** The limit that was passed (the setting's value). */
  max?: number;
}

export class KgError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorLocation & Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KgError';
  }
}

/** One problem found in a facts document, named by record and field. */
export interface DocumentProblem {
  path: string;
  message: string;
}

/** A facts document that cannot be loaded; lists every problem, the first in the message. */
export class InvalidDocumentError extends KgError {
  constructor(
    readonly document: string,
    readonly problems: DocumentProblem[],
  ) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    super('INVALID_DOCUMENT', `${document}: ${first ? `${first.path}: ${first.message}` : 'invalid'}${more}`, {
      path: first?.path,
      problems,
    });
  }
}

/** True for errors the product raised on purpose (as opposed to bugs). */
export function isKgError(e: unknown): e is KgError {
  return e instanceof KgError;
}
