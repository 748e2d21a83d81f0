/**
 * The product's words for a user's Cypher that fails, shared by both engines so a mistake reads the same
 * whichever engine answers: what is wrong in the user's own terms and where (1-based line and column),
 * never the engine's text.
 */
import { KgError } from '../errors';

/** A 1-based position in a query. */
export type QueryPosition = { line: number; column: number };

const where = (at: QueryPosition | undefined) => (at ? ` (line ${at.line}, column ${at.column})` : '');

/** The word of the query that starts at `at` (a keyword, name or symbol), to say "near …". */
export function wordAt(query: string | undefined, at: QueryPosition | undefined): string | undefined {
  if (!query || !at) return undefined;
  const rest = query.split('\n')[at.line - 1]?.slice(at.column - 1) ?? '';
  return /^\s*([A-Za-z_]\w*|[^\s\w])/.exec(rest)?.[1];
}

/** The query does not parse. */
export function cypherSyntaxError(query: string | undefined, at: QueryPosition | undefined, cause: unknown): KgError {
  const near = wordAt(query, at);
  return new KgError('CYPHER_SYNTAX_ERROR', `syntax error${near ? ` near \`${near}\`` : ''}: the query could not be parsed${where(at)}`, at ?? {}, { cause });
}

/** The query parses but names something the graph or the language does not have; `problem` says what. */
export function cypherCompileError(problem: string | undefined, at: QueryPosition | undefined, cause: unknown): KgError {
  return new KgError('CYPHER_SYNTAX_ERROR', `the query could not be compiled${problem ? `: ${problem}` : ''}${where(at)}`, at ?? {}, { cause });
}

/** The query failed while it ran; `problem` says what, when the product can tell. */
export function cypherRunError(problem: string | undefined, cause: unknown): KgError {
  return new KgError('CYPHER_ERROR', `the query failed while running${problem ? `: ${problem}` : ''}`, {}, { cause });
}

/** The engine failed for a reason that is not the user's query; its own words stay on `cause`. */
export function engineFailure(cause: unknown, details: Record<string, unknown> = {}): KgError {
  return new KgError('ENGINE_ERROR', 'the graph engine failed to answer', details, { cause });
}
