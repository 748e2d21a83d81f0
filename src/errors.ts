/**
 * One base error type for the product. Every failure a user can act on is a KgError with a stable code;
 * engine errors are converted to it in each engine's `engineError` function, nowhere else.
 */
export type ErrorCode =
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
  | 'ENGINE_UNAVAILABLE'
  | 'ENGINE_AUTH_FAILED'
  | 'CONSTRAINT_VIOLATION'
  | 'LIMIT_EXCEEDED'
  | 'ENGINE_ERROR';

export interface ErrorLocation {
  /** Where in the input: a record path such as `relationships[3].evidence`, or a query position. */
  path?: string;
  line?: number;
  column?: number;
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
