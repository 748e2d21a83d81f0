/** Driver errors in the product's words: the one place that knows Neo4j's status codes. */
import { KgError } from '../../errors';
import { cypherCompileError, cypherRunError, cypherSyntaxError, engineFailure } from '../cypher-errors';

/** The part of a driver message worth showing: its first line, or what it says the failure was caused by. */
function reason(message: string): string {
  const cause = /Caused by: (.+)$/s.exec(message)?.[1];
  return (cause ?? message).split('\n')[0]!.trim();
}

/** Converts a driver error to the product's error type; the one place that knows Neo4j's codes. */
export function engineError(e: unknown, uri: string, query?: string): KgError {
  if (e instanceof KgError) return e;
  const err = e as { code?: string; message?: string };
  const code = err.code ?? '';
  const message = err.message ?? String(e);
  if (
    code === 'ServiceUnavailable' ||
    code === 'SessionExpired' ||
    code.includes('DatabaseUnavailable') ||
    /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH/.test(message)
  ) {
    return new KgError('ENGINE_UNAVAILABLE', `cannot reach Neo4j at ${uri}: is it running? (${reason(message)})`, { neo4jCode: code }, { cause: e });
  }
  if (code.includes('Security.Unauthorized') || code.includes('AuthenticationRateLimit')) {
    return new KgError('ENGINE_AUTH_FAILED', `Neo4j at ${uri} refused the credentials: check NEO4J_USERNAME and NEO4J_PASSWORD`, { neo4jCode: code }, { cause: e });
  }
  if (code.includes('Security.CredentialsExpired')) {
    return new KgError('ENGINE_AUTH_FAILED', `Neo4j at ${uri} wants the password of NEO4J_USERNAME changed before use (ALTER CURRENT USER SET PASSWORD)`, { neo4jCode: code }, { cause: e });
  }
  if (code.includes('Security.Forbidden')) {
    return new KgError('ENGINE_AUTH_FAILED', `the Neo4j user in NEO4J_USERNAME may not do this: ${reason(message)}`, { neo4jCode: code }, { cause: e });
  }
  if (code.includes('ConstraintValidationFailed')) {
    return new KgError('CONSTRAINT_VIOLATION', `Neo4j refused the write: ${reason(message)}`, { neo4jCode: code }, { cause: e });
  }
  if (code.includes('Statement.SyntaxError') || code.includes('Statement.SemanticError')) {
    const pos = /\(line (\d+), column (\d+)/.exec(message);
    const at = pos ? { line: Number(pos[1]), column: Number(pos[2]) } : undefined;
    if (code.includes('Statement.SyntaxError') && /^Invalid input/.test(message)) return cypherSyntaxError(query, at, e);
    return cypherCompileError(semanticProblem(message), at, e);
  }
  if (code.includes('Statement.ParameterMissing')) {
    const name = /Expected parameter\(s\): (\S+)/.exec(message)?.[1];
    return new KgError('BAD_USER_INPUT', `the query uses parameter${name ? ` $${name}` : 's'} but no value was given for it`, name ? { path: `params.${name}` } : {}, { cause: e });
  }
  if (code.includes('Statement.ArithmeticError') || code.includes('Statement.TypeError') || code.includes('Statement.ArgumentError') || code.includes('Statement.EntityNotFound')) {
    return cypherRunError(runProblem(code, message), e);
  }
  if (code.includes('Statement.AccessMode') || code.includes('ForbiddenDueToTransactionType') || /write.*read/i.test(code)) {
    return new KgError('CYPHER_WRITE_FORBIDDEN', 'this query would change the graph; writes need the admin token', {}, { cause: e });
  }
  if (code.includes('TransactionTimedOut') || code.includes('Transaction.Terminated') || /timed? ?out/i.test(message)) {
    return new KgError('CYPHER_TIMEOUT', 'the query ran past its time limit and was stopped', {}, { cause: e });
  }
  if (code.includes('DatabaseNotFound')) {
    return new KgError('ENGINE_UNAVAILABLE', `Neo4j at ${uri} has no database named in NEO4J_DATABASE (${reason(message)})`, { neo4jCode: code }, { cause: e });
  }
  return engineFailure(e, { neo4jCode: code });
}

/** What a semantic error is about, in the product's words, when Neo4j's message has a known shape. */
function semanticProblem(message: string): string | undefined {
  const variable = /Variable `([^`]+)` not defined/.exec(message);
  if (variable) return `unknown variable \`${variable[1]}\``;
  const fn = /Unknown function '([\w.]+)'/.exec(message);
  if (fn) return `unknown function \`${fn[1]}\``;
  const procedure = /There is no procedure with the name `([\w.]+)`/.exec(message);
  if (procedure) return `unknown procedure \`${procedure[1]}\``;
  const type = /Type mismatch: expected (.+?) but was (\w+)/.exec(message);
  if (type) return `a value of type ${type[2]} where ${type[1]} is expected`;
  return undefined;
}

/** What a run-time error is about, in the product's words. */
function runProblem(code: string, message: string): string | undefined {
  if (code.includes('ArithmeticError')) return /by zero/i.test(message) ? 'division by zero' : 'an arithmetic error';
  if (code.includes('EntityNotFound')) return 'a node or relationship it used was deleted meanwhile';
  if (code.includes('TypeError')) return 'a value of the wrong type';
  if (code.includes('ArgumentError')) return 'a function was given an argument it does not accept';
  return undefined;
}

/** True when the full-text index cannot answer (missing, still populating, or it rejected the query). */
export function isIndexProblem(e: unknown): boolean {
  return e instanceof KgError && e.code === 'ENGINE_ERROR' && /Procedure|Schema\.Index/.test(String(e.details.neo4jCode ?? ''));
}

