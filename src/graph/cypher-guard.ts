/**
 * What a read-only (unauthorised) Cypher request may not do even though it changes no graph data: reach the
 * server's files or the network, change engine settings, open or end transactions, or switch databases.
 * Both engines call it before anything reaches the database; LadybugDB, for instance, calls COPY TO, LOAD FROM,
 * EXPORT DATABASE and ATTACH "read-only", and Neo4j runs LOAD CSV inside a READ transaction.
 */
import { KgError } from '../errors';

interface Refusal {
  pattern: RegExp;
  what: string;
}

/** A clause that starts a statement; `words` is a regular expression source. */
const atStart = (words: string) => new RegExp(String.raw`(?:^|;)\s*(?:${words})`, 'i');
/** A clause anywhere, but not a property, label or parameter of the same name. */
const anywhere = (words: string) => new RegExp(String.raw`(?<![.$:\w])(?:${words})`, 'i');

// Matched against the query with strings, comments and `quoted names` blanked out, so text inside them never counts.
const REFUSED: Refusal[] = [
  { pattern: anywhere(String.raw`LOAD\s+CSV\b`), what: 'LOAD CSV reads files or URLs on the server' },
  { pattern: anywhere(String.raw`LOAD(?:\s+WITH\s+HEADERS\s*\([^)]*\))?\s+FROM\b`), what: 'LOAD FROM reads files on the server' },
  { pattern: atStart(String.raw`(?:COPY|EXPORT\s+DATABASE|IMPORT\s+DATABASE)\b`), what: 'COPY, EXPORT and IMPORT reach files on the server' },
  { pattern: atStart(String.raw`(?:ATTACH|DETACH\s+DATABASE|USE)\b`), what: 'ATTACH, DETACH DATABASE and USE reach other databases' },
  { pattern: atStart(String.raw`(?:INSTALL|UNINSTALL|LOAD\s+EXTENSION|UPDATE\s+EXTENSION)\b`), what: 'extensions change the engine' },
  { pattern: atStart(String.raw`(?:BEGIN|COMMIT|ROLLBACK|CHECKPOINT)\b`), what: 'transaction control belongs to the server' },
  { pattern: atStart(String.raw`CALL\s+\w+\s*=`), what: 'CALL name = value changes engine settings' },
  { pattern: anywhere(String.raw`CALL\s+dbms\.`), what: 'dbms procedures administer the server' },
  {
    pattern: atStart(String.raw`(?:SHOW|TERMINATE|GRANT|REVOKE|DENY|ALTER|START|STOP|DROP|CREATE\s+(?:DATABASE|USER|ROLE|ALIAS))\b`),
    what: 'administration commands need the admin token',
  },
];

/** The query with string literals, comments and backquoted names replaced by spaces (positions kept). */
export function blankLiterals(query: string): string {
  return query.replace(/'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`[^`]*`|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '));
}

/** Line and column (1-based) of a character offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** Throws FORBIDDEN, naming the clause and where it is, when a read-only request reaches past the graph. */
export function refuseBeyondGraph(query: string): void {
  const text = blankLiterals(query);
  for (const { pattern, what } of REFUSED) {
    const m = pattern.exec(text);
    if (!m) continue;
    const offset = m.index + m[0].search(/[A-Za-z]/);
    const position = positionOf(query, offset);
    throw new KgError(
      'FORBIDDEN',
      `${what}; a request without the admin token may only read the graph (line ${position.line}, column ${position.column})`,
      position,
    );
  }
}
