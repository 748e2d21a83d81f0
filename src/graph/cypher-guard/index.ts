/**
 * What a request without the admin token may run: a read of the graph, decided on a real parse of the statement
 * (./grammar.ts) against an allowlist of clauses and functions per engine (./allowlist.ts). Anything else is
 * refused before the engine sees the query, naming what and where (line and column, 1-based):
 * - a clause that writes (CREATE, MERGE, SET, DELETE, DETACH DELETE, REMOVE, FOREACH, INSERT, a write procedure)
 *   is CYPHER_WRITE_FORBIDDEN;
 * - any other clause but MATCH, OPTIONAL MATCH, UNWIND, WITH, RETURN, UNION (LOAD, COPY, EXPORT, IMPORT, ATTACH,
 *   USE, INSTALL, CHECKPOINT, BEGIN/COMMIT/ROLLBACK, CALL of any kind on the embedded engine and of procedures on
 *   Neo4j, SHOW, administration, EXPLAIN/PROFILE), a function outside the engine's allowlist and an argument
 *   shape known to crash the embedded engine are FORBIDDEN;
 * - what the grammar cannot read, a second statement, a construct of the other engine's dialect and a
 *   character that does not belong in a query are CYPHER_SYNTAX_ERROR.
 * The engines keep their own checks behind this one (LadybugDB's isReadOnly(), Neo4j's READ transaction).
 */
import { KgError } from '../../errors';
import type { EngineName } from '../port';
import { ALLOWED_FUNCTIONS, CRASH_ON_UNTYPED_NULL, FUNCTION_HINTS, LAMBDA_FUNCTIONS, PASS_THROUGH_FUNCTIONS, REFUSED_FUNCTIONS } from './allowlist';
import { cypherParser, type ParseNode } from './grammar';
import { positionOf } from '../../text/position';

/** Longest query the guard reads (characters): real queries are a few hundred; parsing is linear but not free. */
export const MAX_QUERY_LENGTH = 20_000;

/** Deepest nesting of expressions the guard reads; far beyond real queries, well short of the parser's stack. */
export const MAX_NESTING = 64;

const ENGINE_NAMES: Record<EngineName, string> = { embedded: 'the embedded engine (LadybugDB)', neo4j: 'Neo4j' };

/** Why each refused clause is refused, in the product's words; writes are the keys of WRITES. */
const WRITES: Record<string, string> = {
  CREATE: 'CREATE adds to the graph',
  MERGE: 'MERGE adds to the graph',
  INSERT: 'INSERT adds to the graph',
  SET: 'SET changes the graph',
  DELETE: 'DELETE removes from the graph',
  DETACH: 'DETACH DELETE removes from the graph',
  REMOVE: 'REMOVE changes the graph',
  FOREACH: 'FOREACH exists to change the graph',
};

const BEYOND_THE_GRAPH: Record<string, string> = {
  COPY: 'COPY reads or writes files on the server',
  EXPORT: 'EXPORT writes files on the server',
  IMPORT: 'IMPORT reads files on the server',
  ATTACH: 'ATTACH opens another database',
  DETACH: 'DETACH DATABASE closes a database',
  USE: 'USE switches to another database',
  INSTALL: 'INSTALL adds an extension to the engine',
  UNINSTALL: 'UNINSTALL removes an extension from the engine',
  UPDATE: 'UPDATE changes the engine’s extensions',
  CHECKPOINT: 'CHECKPOINT is the server’s to run',
  BEGIN: 'BEGIN: transaction control is the server’s',
  COMMIT: 'COMMIT: transaction control is the server’s',
  ROLLBACK: 'ROLLBACK: transaction control is the server’s',
  CALL: 'CALL runs procedures',
  SHOW: 'SHOW is an administration command',
  EXPLAIN: 'EXPLAIN and PROFILE are not offered',
  PROFILE: 'EXPLAIN and PROFILE are not offered',
  CYPHER: 'query options (CYPHER …) are not offered',
};

/**
 * Throws unless `query` is a read of the graph that a request without the admin token may run on `engine`;
 * `params` (the values the query will run with) decide whether a parameter can be an untyped NULL.
 */
export function refuseUnlessRead(query: string, engine: EngineName, params: Record<string, unknown> = {}): void {
  if (query.length > MAX_QUERY_LENGTH) {
    throw new KgError('LIMIT_EXCEEDED', `the query is ${query.length} characters long; a request without the admin token may send at most ${MAX_QUERY_LENGTH}`, { max: MAX_QUERY_LENGTH });
  }
  refuseCharacters(query);
  let script: { statements: ParseNode[] };
  try {
    script = cypherParser().parse(query);
  } catch (e) {
    throw unreadable(query, e);
  }
  const problems: Problem[] = [];
  script.statements.forEach((statement, i) => {
    collect(statement, engine, problems, 0);
    if (engine === 'embedded') problems.push(...untypedNullArguments(statement, params));
    if (i > 0) problems.push({ at: statement.at, code: 'CYPHER_SYNTAX_ERROR', message: 'send one statement at a time: a second statement starts here' });
  });
  // Security refusals first (earliest in the text), then the rest.
  const rank = (p: Problem) => (p.code === 'CYPHER_SYNTAX_ERROR' ? 1 : 0);
  const first = problems.sort((a, b) => rank(a) - rank(b) || a.at - b.at)[0];
  if (first) throw refusal(query, first);
}

interface Problem {
  at: number;
  code: 'CYPHER_WRITE_FORBIDDEN' | 'FORBIDDEN' | 'CYPHER_SYNTAX_ERROR';
  message: string;
  details?: Record<string, unknown>;
}

/** Walks every node of the tree, whatever its shape, and notes what is not allowed. */
function collect(value: unknown, engine: EngineName, problems: Problem[], depth: number): void {
  if (Array.isArray(value)) {
    for (const v of value) collect(v, engine, problems, depth);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const node = value as Partial<ParseNode>;
  if (depth > MAX_NESTING && typeof node.at === 'number') {
    problems.push({ at: node.at, code: 'CYPHER_SYNTAX_ERROR', message: `the query nests deeper than ${MAX_NESTING} levels` });
    return;
  }
  if (typeof node.t === 'string' && typeof node.at === 'number') {
    const problem = check(node as ParseNode, engine);
    if (problem) problems.push(problem);
    if (node.t === 'forbidden') return;
  }
  for (const v of Object.values(node)) collect(v, engine, problems, depth + (node.t ? 1 : 0));
}

/** The problem with one node, if any. */
function check(node: ParseNode, engine: EngineName): Problem | undefined {
  if (node.t === 'forbidden') return forbiddenClause(node);
  if (node.t === 'dialect' && node.engine !== engine) {
    const other = ENGINE_NAMES[node.engine as EngineName];
    return { at: node.at, code: 'CYPHER_SYNTAX_ERROR', message: `${node.construct as string} is written for ${other}, not ${ENGINE_NAMES[engine]} (see the README's dialect table)` };
  }
  if (node.t === 'function') return functionCall(node, engine);
  return undefined;
}

function forbiddenClause(node: ParseNode): Problem {
  const keyword = node.keyword as string;
  const next = /^(?:\s|\/\*[\s\S]*?\*\/|\/\/[^\r\n]*)*([A-Za-z]+)/.exec(node.rest as string)?.[1]?.toUpperCase();
  const details = { clause: keyword };
  // `CALL name(…)`: a procedure (writes if its name says so); `CALL name = value`: a setting.
  const name = keyword === 'CALL' ? /^\s*([\w.`]+)\s*(=|\()?/.exec(blankComments(node.rest as string)) : null;
  if (keyword === 'CALL') {
    if (name?.[2] === '=') return { at: node.at, code: 'FORBIDDEN', message: 'CALL name = value changes engine settings', details };
    if (name && /create|merge|set|delete|remove|drop|write|clear|import|load|copy|add|update|kill|terminate/i.test(name[1]!)) {
      return { at: node.at, code: 'CYPHER_WRITE_FORBIDDEN', message: `CALL ${name[1]} may change the graph or the server`, details };
    }
  }
  if (keyword === 'DETACH' && next !== 'DELETE') return { at: node.at, code: 'FORBIDDEN', message: BEYOND_THE_GRAPH.DETACH!, details };
  if (keyword === 'CREATE' && next && ['DATABASE', 'USER', 'ROLE', 'ALIAS', 'COMPOSITE'].includes(next)) {
    return { at: node.at, code: 'FORBIDDEN', message: 'CREATE DATABASE, USER, ROLE and ALIAS are administration commands', details };
  }
  if (keyword === 'LOAD') {
    const what = next === 'CSV' ? 'LOAD CSV reads files or URLs on the server' : next === 'EXTENSION' ? 'LOAD EXTENSION adds code to the engine' : 'LOAD FROM reads files on the server';
    return { at: node.at, code: 'FORBIDDEN', message: what, details };
  }
  if (keyword === 'CALL' && name?.[1] && name[2] === '(') return { at: node.at, code: 'FORBIDDEN', message: `CALL ${name[1]} runs a procedure`, details };
  const write = WRITES[keyword];
  if (write) return { at: node.at, code: 'CYPHER_WRITE_FORBIDDEN', message: write, details };
  return { at: node.at, code: 'FORBIDDEN', message: BEYOND_THE_GRAPH[keyword] ?? `${keyword} is an administration command`, details };
}

function functionCall(node: ParseNode, engine: EngineName): Problem | undefined {
  const name = (node.name as string).toLowerCase();
  const args = node.args as ParseNode[];
  const details = { function: node.name };
  if (!ALLOWED_FUNCTIONS[engine].has(name)) {
    const other: EngineName = engine === 'embedded' ? 'neo4j' : 'embedded';
    if (ALLOWED_FUNCTIONS[other].has(name)) {
      const hint = FUNCTION_HINTS[name];
      return {
        at: node.at,
        code: 'CYPHER_SYNTAX_ERROR',
        message: `${node.name as string}() is a function of ${ENGINE_NAMES[other]}, not ${ENGINE_NAMES[engine]}${hint ? `; write ${hint}` : ''}`,
        details,
      };
    }
    if (name.includes('.') || REFUSED_FUNCTIONS.has(name)) {
      return { at: node.at, code: 'FORBIDDEN', message: `${node.name as string}() is not one of the functions allowed`, details };
    }
    return { at: node.at, code: 'CYPHER_SYNTAX_ERROR', message: `there is no function ${node.name as string}() on ${ENGINE_NAMES[engine]}`, details };
  }
  // LadybugDB crashes (the whole process) on a lambda anywhere but where a list function expects one.
  const lambdaAt = args.findIndex((a) => a?.t === 'dialect' && a.construct === 'a lambda x -> …');
  if (lambdaAt >= 0 && !(LAMBDA_FUNCTIONS[name] && lambdaAt === 1 && args.length === 2)) {
    return { at: args[lambdaAt]!.at, code: 'FORBIDDEN', message: `a lambda is accepted only as the second of two arguments of list_transform, list_filter or list_reduce`, details };
  }
  return undefined;
}

/**
 * Arguments that could be a NULL of no known type where LadybugDB crashes on one (allowlist.ts). Typed: a
 * property, a literal other than NULL, a list or map of typed values, a subquery, a function's result (a pass-through
 * function's only when its arguments are), a parameter sent with a non-null value, and a variable whose every
 * binding in the statement is typed (pattern variables always; aliases, UNWIND and lambda or comprehension
 * variables when what they are bound to is). Anything else is refused: a guess here costs the server.
 */
function untypedNullArguments(statement: ParseNode, params: Record<string, unknown>): Problem[] {
  const bindings = new Map<string, (ParseNode | 'typed' | 'untyped')[]>();
  const bind = (name: unknown, to: ParseNode | 'typed' | 'untyped') => {
    if (typeof name === 'string') bindings.set(name, [...(bindings.get(name) ?? []), to]);
  };
  const calls: ParseNode[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    const node = value as Record<string, unknown>;
    if (node.t === 'node' || node.t === 'part') bind(node.v, 'typed');
    if (node.t === 'rel') bind((node.d as { v?: unknown } | null)?.v, 'typed');
    if (node.t === undefined && 'e' in node && 'a' in node) bind(node.a, node.e as ParseNode);
    if (node.t === 'unwind') bind(node.v, (node.e as ParseNode).t === 'parameter' ? 'untyped' : (node.e as ParseNode));
    if (node.t === 'in') calls.push({ t: 'function', at: node.at as number, name: 'IN', args: [node.e] });
    if (node.t === 'function') {
      calls.push(node as ParseNode);
      const args = node.args as ParseNode[];
      // A lambda's parameters take the elements of the list it is given (list_reduce's accumulator as well).
      for (const a of args.slice(1)) for (const name of (a?.binds as string[] | undefined) ?? []) bind(name, args[0]!);
    }
    if (node.binds && node.list) for (const name of node.binds as string[]) bind(name, node.list as ParseNode);
    if (node.binds && !node.list && !node.e) for (const name of node.binds as string[]) bind(name, 'typed');
    Object.values(node).forEach(visit);
  };
  visit(statement);
  // Least fixed point: a name is typed once every binding of it is.
  const typedNames = new Set<string>();
  const typed = (e: ParseNode | null | undefined): boolean => {
    if (!e) return false;
    switch (e.t) {
      case 'string': case 'number': case 'boolean': case 'subquery': case 'quantifier': case 'in':
        return true;
      // A NULL of no known type inside a list or map crashes the engine as well (found by the fuzz test).
      case 'list':
        return (e.items as ParseNode[]).every(typed);
      case 'map':
        return (e.entries as ParseNode[]).every(typed);
      case 'parameter': {
        // A parameter not sent at all is refused by the engine itself (BAD_USER_INPUT), before anything runs.
        if (!(e.name as string in params)) return true;
        const value = params[e.name as string];
        return value !== null && value !== undefined && !(Array.isArray(value) && value.some((v) => v === null || v === undefined));
      }
      case 'variable':
        return typedNames.has(e.name as string);
      case 'postfix': {
        const tail = e.tail as ParseNode[];
        return tail[tail.length - 1]?.t === 'property';
      }
      case 'function':
        return !PASS_THROUGH_FUNCTIONS.has((e.name as string).toLowerCase()) || (e.args as ParseNode[]).every(typed);
      case 'op':
        return (e.operands as ParseNode[]).every(typed);
      default:
        return false;
    }
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, to] of bindings) {
      if (!typedNames.has(name) && to.every((b) => b === 'typed' || (b !== 'untyped' && typed(b)))) {
        typedNames.add(name);
        changed = true;
      }
    }
  }
  const problems: Problem[] = [];
  for (const call of calls) {
    const name = (call.name as string).toLowerCase();
    for (const i of name === 'in' ? [0] : CRASH_ON_UNTYPED_NULL[name] ?? []) {
      const arg = (call.args as ParseNode[])[i];
      if (arg && !typed(arg)) {
        problems.push({
          at: arg.at,
          code: 'FORBIDDEN',
          message: `${name === 'in' ? 'IN' : `${call.name as string}()`} is given a value that may be NULL of no known type (NULL, a parameter sent as null, CASE, or a variable bound to one), which stops the embedded engine; give it a property, a literal list or map, or a pattern variable`,
          details: { function: call.name },
        });
      }
    }
  }
  return problems;
}

/** The text with comments blanked (so a comment cannot hide or fake a procedure name). */
function blankComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\r\n]*/g, ' ');
}

function refusal(query: string, problem: Problem): KgError {
  const position = positionOf(query, problem.at);
  const tail = problem.code === 'CYPHER_SYNTAX_ERROR' ? '' : problem.code === 'CYPHER_WRITE_FORBIDDEN' ? '; writes need the admin token' : '; a request without the admin token may only read the graph';
  return new KgError(problem.code, `${problem.message}${tail} (line ${position.line}, column ${position.column})`, { ...position, ...problem.details });
}

/**
 * Characters refused anywhere, strings included: control characters other than tab, line feed and carriage
 * return (NUL, vertical tab, form feed, U+0085 …), the Unicode line and paragraph separators (engines disagree
 * on whether they end a line), and unpaired surrogates. Outside strings, comments and backquoted names the
 * grammar accepts only ASCII blanks and letters, digits and marks in names; a zero-width, format or odd space
 * character there is named by unreadable().
 */
const NEVER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

function refuseCharacters(query: string): void {
  const m = NEVER.exec(query);
  if (m) throw characterError(query, m.index);
}

function characterError(query: string, offset: number): KgError {
  const position = positionOf(query, offset);
  const code = query.codePointAt(offset)!;
  const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return new KgError(
    'CYPHER_SYNTAX_ERROR',
    `the query holds the invisible or control character ${name}, which a query may not contain here; write an ordinary space or an escape in a string (line ${position.line}, column ${position.column})`,
    { ...position, character: name },
  );
}

/** Characters that are not visible text: format (zero-width, direction marks), non-ASCII spaces, controls. */
const INVISIBLE = /[\p{Cf}\p{Zs}\p{Cc}\p{Co}\p{Cn}]/u;

function unreadable(query: string, e: unknown): KgError {
  if (e instanceof RangeError) {
    // Too deep for the parser's stack: point at the bracket that opens one level too many.
    let depth = 0;
    const offset = [...query].findIndex((c) => (depth += '([{'.includes(c) ? 1 : ')]}'.includes(c) ? -1 : 0) > MAX_NESTING);
    const position = positionOf(query, Math.max(0, offset));
    return new KgError('CYPHER_SYNTAX_ERROR', `the query nests deeper than ${MAX_NESTING} levels (line ${position.line}, column ${position.column})`, position);
  }
  const location = (e as { location?: { start: { offset: number } } }).location;
  if (!location) throw e;
  let offset = location.start.offset;
  const found = query.slice(offset).match(/^./su)?.[0];
  if (found && found !== ' ' && INVISIBLE.test(found)) return characterError(query, offset);
  // The parser stops after a word it could not place; point at the word's start, as the engines do.
  while (offset > 0 && /[\p{L}\p{N}_]/u.test(query[offset - 1]!)) offset--;
  const position = positionOf(query, offset);
  const what = offset >= query.trimEnd().length ? 'the query ends too early' : `cannot read the query from ${JSON.stringify(query.slice(offset).split(/\r?\n/)[0]!.slice(0, 24))} on`;
  return new KgError(
    'CYPHER_SYNTAX_ERROR',
    `${what} (line ${position.line}, column ${position.column}); a request without the admin token may run one read made of MATCH, OPTIONAL MATCH, WHERE, WITH, UNWIND, RETURN, ORDER BY, SKIP, LIMIT and UNION`,
    position,
  );
}

