/**
 * LadybugDB's errors in the product's words: the one place that reads the engine's messages. A message is
 * recognised by its shape and re-worded from what the product knows (the user's own query, names the query
 * used); anything not recognised gets a plain sentence, so no engine text, path or file name reaches a user.
 * The engine's own message stays on the error's `cause` (shown to API clients only with KG_DEV).
 */
import { KgError } from '../../errors';
import { blankLiterals } from '../cypher-text';
import { positionOf } from '../../text/position';
import { cypherCompileError, cypherRunError, cypherSyntaxError, engineFailure, type QueryPosition as At } from '../cypher-errors';

/** What a compile-time message is about, in the product's words, and the query text to find it by. */
function compileProblem(message: string): { words: string; find?: RegExp } | undefined {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const property = /Cannot find property (\w+) for (\w+)/.exec(message);
  if (property) {
    const [, name, of] = property as unknown as [string, string, string];
    return { words: `unknown property \`${name}\` of \`${of}\``, find: new RegExp(`\\b${escape(of)}\\s*\\.\\s*${escape(name)}\\b`) };
  }
  const variable = /Variable (\w+) is not in scope/.exec(message);
  if (variable) return { words: `unknown variable \`${variable[1]}\``, find: new RegExp(`\\b${escape(variable[1]!)}\\b`) };
  const fn = /function (\w+) does not exist/i.exec(message);
  if (fn) return { words: `unknown function \`${fn[1]!.toLowerCase()}\``, find: new RegExp(`\\b${escape(fn[1]!)}\\s*\\(`, 'i') };
  const table = /Table (\w+) does not exist/.exec(message);
  if (table) return { words: `unknown label or relationship type \`${table[1]}\``, find: new RegExp(`:\\s*${escape(table[1]!)}\\b`) };
  const type = /has data type (\w+) but expected (\w+)/.exec(message);
  if (type) return { words: `a value of type ${type[1]} where ${type[2]} is expected` };
  return undefined;
}

/** What a run-time message is about, in the product's words. */
function runProblem(message: string): string | undefined {
  if (/Divide by zero/i.test(message)) return 'division by zero';
  if (/Overflow exception/.test(message)) return 'a number is out of range';
  if (/index=\S+ is out of range/.test(message)) return 'a list index is out of range';
  const cast = /Could not convert .* to (\w+)/.exec(message);
  if (cast) return `a value could not be converted to ${cast[1]}`;
  if (/Conversion exception/.test(message)) return 'a value could not be converted';
  return undefined;
}

/** Where in the query a message without a position points, when the query shows it. */
function locate(find: RegExp | undefined, query: string | undefined): At | undefined {
  if (!find || !query) return undefined;
  const m = find.exec(blankLiterals(query));
  return m ? positionOf(query, m.index) : undefined;
}

/** Converts a LadybugDB error to the product's error type; the one place that knows its messages. */
export function engineError(e: unknown, context: { query?: string; dataDir?: string } = {}): KgError {
  if (e instanceof KgError) return e;
  // Read `message` by shape: the binding's errors may come from another realm (instanceof Error fails there).
  const message = typeof (e as { message?: unknown })?.message === 'string' ? (e as { message: string }).message : String(e);
  const cause = { cause: e };
  if (/lock/i.test(message) && context.dataDir) {
    return new KgError(
      'DATA_DIR_LOCKED',
      `the data folder ${context.dataDir} is in use by another process (is \`kg serve\` running?). Stop it, or send the command to it with --url.`,
      {},
      cause,
    );
  }
  if (/interrupt|timeout/i.test(message)) return new KgError('CYPHER_TIMEOUT', 'the query ran past its time limit and was stopped', {}, cause);
  if (/buffer pool is full/i.test(message)) {
    return new KgError('LIMIT_EXCEEDED', 'the query needs more memory than the embedded engine may use (KG_BUFFER_POOL_MB) and was stopped; narrow it or bound its paths', {}, cause);
  }
  const missing = /Parameter (\w+) not found/.exec(message);
  if (missing) return new KgError('BAD_USER_INPUT', `the query uses parameter $${missing[1]} but no value was given for it`, { path: `params.${missing[1]}` }, cause);
  if (/do not support prepare multiple statements/i.test(message)) {
    return new KgError('CYPHER_SYNTAX_ERROR', 'send one statement at a time (the query holds several, separated by ";")', {}, cause);
  }
  if (/duplicated primary key/i.test(message)) {
    return new KgError('CONSTRAINT_VIOLATION', 'the write would give two nodes the same id', {}, cause);
  }
  const { query } = context;
  // Failures that are not about a query (a closed database, a damaged file): no engine text, the cause keeps it.
  if (query === undefined || !/^(Parser|Binder|Catalog|Runtime|Conversion|Overflow|IO) exception/.test(message)) {
    return engineFailure(e);
  }
  if (/^Parser exception/.test(message)) {
    const position = /\(line: (\d+), offset: (\d+)\)/.exec(message);
    return cypherSyntaxError(query, position ? { line: Number(position[1]), column: Number(position[2]) + 1 } : undefined, e);
  }
  if (/^(Binder|Catalog) exception/.test(message)) {
    const problem = compileProblem(message);
    return cypherCompileError(problem?.words, locate(problem?.find, query), e);
  }
  return cypherRunError(runProblem(message), e);
}
