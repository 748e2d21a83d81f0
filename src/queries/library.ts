/**
 * The library of named Cypher queries in cypher/queries/. Each `<name>.cypher` opens with a header of `//` comment
 * lines holding YAML: its name, a description and its parameters; every engine runs it, unless
 * `<name>.<engine>.cypher` sits beside it (`shortest-path.embedded.cypher`), which that engine runs instead. The
 * header is read from `<name>.cypher` only. It ends at the first line that is not a comment, or at a bare `//`.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { KgError } from '../errors';
import { ENGINE_NAMES } from '../graph/engines';
import type { CypherResult, EngineName, GraphStore, Json } from '../graph/port';

/** Suffix of a query's text for one engine only (`.embedded.cypher`). */
export function engineSuffix(engine: EngineName): string {
  return `.${engine}.cypher`;
}

/** Suffix of a query's LadybugDB-dialect twin. */
export const EMBEDDED_SUFFIX = engineSuffix('embedded');

/** The engine a file of one engine's own text is for, or undefined for a `<name>.cypher` every engine runs. */
export function overrideEngine(file: string): EngineName | undefined {
  return ENGINE_NAMES.find((engine) => file.endsWith(engineSuffix(engine)));
}

const parameterSpec = z
  .object({
    type: z.enum(['string', 'integer', 'number', 'boolean', 'string[]']),
    description: z.string().min(1),
    default: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    example: z.union([z.string(), z.number(), z.boolean()]).optional(),
  })
  .strict();

const headerSpec = z
  .object({
    name: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by "-"'),
    description: z.string().min(1),
    params: z.record(z.string().regex(/^[A-Za-z_]\w*$/, 'a Cypher parameter name'), parameterSpec).default({}),
  })
  .strict();

export type ParameterType = z.infer<typeof parameterSpec>['type'];

export interface NamedQueryParameter {
  name: string;
  type: ParameterType;
  description: string;
  /** True when the parameter has no default and must be given. */
  required: boolean;
  default?: Json;
  min?: number;
  max?: number;
  example?: Json;
}

export interface NamedQuery {
  name: string;
  description: string;
  parameters: NamedQueryParameter[];
  /** The query text each engine runs (the same text when the dialects agree). */
  text: Record<EngineName, string>;
  /** Files the texts come from, relative to the library folder. */
  files: Record<EngineName, string>;
}

/** The YAML header of a query file: its leading `//` lines, up to a bare `//` or the first other line. */
export function headerOf(text: string): string {
  const lines: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*\/\/ ?(.*)$/.exec(line);
    if (!m || m[1]!.trim() === '') break;
    lines.push(m[1]!);
  }
  return lines.join('\n');
}

/**
 * Parses one `<name>.cypher` file and the texts of engines that run their own (`<name>.<engine>.cypher`, or for
 * the embedded engine a string); errors name the file and the field.
 */
export function parseNamedQuery(file: string, text: string, overrides: string | Partial<Record<EngineName, string>> = {}): NamedQuery {
  const own: Partial<Record<EngineName, string>> = typeof overrides === 'string' ? { embedded: overrides } : overrides;
  let header: unknown;
  try {
    header = YAML.parse(headerOf(text));
  } catch (e) {
    throw new KgError('INVALID_DOCUMENT', `${file}: the header comment is not valid YAML: ${(e as Error).message.split('\n')[0]}`, { path: file });
  }
  const parsed = headerSpec.safeParse(header ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.join('.') || 'header';
    throw new KgError('INVALID_DOCUMENT', `${file}: ${at}: ${issue.message}`, { path: `${file}#${at}` });
  }
  const { name, description, params } = parsed.data;
  if (`${name}.cypher` !== path.basename(file)) {
    throw new KgError('INVALID_DOCUMENT', `${file}: name "${name}" must match the file name (${name}.cypher)`, { path: `${file}#name` });
  }
  const parameters = Object.entries(params).map(([pname, spec]) => {
    const parameter: NamedQueryParameter = { name: pname, ...spec, required: spec.default === undefined };
    if (spec.default !== undefined) checkValue(name, parameter, spec.default);
    return parameter;
  });
  return {
    name,
    description,
    parameters,
    text: Object.fromEntries(ENGINE_NAMES.map((engine) => [engine, own[engine] ?? text])) as Record<EngineName, string>,
    files: Object.fromEntries(ENGINE_NAMES.map((engine) => [engine, own[engine] === undefined ? path.basename(file) : `${name}${engineSuffix(engine)}`])) as Record<EngineName, string>,
  };
}

/** Where the library lives in a checkout: cypher/queries under the project root. */
export function libraryDir(projectRoot: string): string {
  return path.join(projectRoot, 'cypher', 'queries');
}

const libraries = new Map<string, NamedQuery[]>();

/** Every named query in `dir`, by name; read once per folder and kept. */
export function namedQueries(dir: string): NamedQuery[] {
  const cached = libraries.get(dir);
  if (cached) return cached;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cypher'));
  const queries: NamedQuery[] = [];
  const read = (x: string) => fs.readFileSync(path.join(dir, x), 'utf8');
  for (const f of files.filter((x) => overrideEngine(x) === undefined).sort()) {
    const overrides: Partial<Record<EngineName, string>> = {};
    for (const engine of ENGINE_NAMES) {
      const own = f.replace(/\.cypher$/, engineSuffix(engine));
      if (files.includes(own)) overrides[engine] = read(own);
    }
    queries.push(parseNamedQuery(path.join(dir, f), read(f), overrides));
  }
  for (const f of files) {
    const engine = overrideEngine(f);
    const base = engine && f.replace(engineSuffix(engine), '.cypher');
    if (base && !files.includes(base)) {
      throw new KgError('INVALID_DOCUMENT', `${path.join(dir, f)}: a file of the ${engine} engine's own text needs ${base} beside it (which holds the header)`, { path: f });
    }
  }
  libraries.set(dir, queries);
  return queries;
}

/** One named query; NOT_FOUND lists the names there are. */
export function namedQuery(dir: string, name: string): NamedQuery {
  const all = namedQueries(dir);
  const found = all.find((q) => q.name === name);
  if (!found) throw new KgError('NOT_FOUND', `no named query "${name}"; there are: ${all.map((q) => q.name).join(', ')}`, { path: 'name' });
  return found;
}

function checkValue(query: string, p: NamedQueryParameter, value: unknown): Json {
  const fail = (what: string): never => {
    throw new KgError('BAD_USER_INPUT', `parameter ${p.name} of ${query}: ${what}`, { path: `params.${p.name}` });
  };
  switch (p.type) {
    case 'string':
      if (typeof value !== 'string') fail(`expected a string, got ${JSON.stringify(value)}`);
      return value as string;
    case 'boolean':
      if (typeof value !== 'boolean') fail(`expected true or false, got ${JSON.stringify(value)}`);
      return value as boolean;
    case 'string[]':
      if (!Array.isArray(value) || value.some((x) => typeof x !== 'string')) fail(`expected a list of strings, got ${JSON.stringify(value)}`);
      return value as string[];
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(`expected a number, got ${JSON.stringify(value)}`);
      const n = value as number;
      if (p.type === 'integer' && !Number.isInteger(n)) fail(`expected a whole number, got ${n}`);
      if (p.min !== undefined && n < p.min) fail(`must be at least ${p.min}, got ${n}`);
      if (p.max !== undefined && n > p.max) fail(`must be at most ${p.max}, got ${n}`);
      return n;
    }
  }
}

/** Checks given values against the declared parameters and fills in defaults; errors name the parameter. */
export function bindParameters(query: NamedQuery, given: Record<string, unknown>): Record<string, Json> {
  const declared = new Set(query.parameters.map((p) => p.name));
  for (const name of Object.keys(given)) {
    if (!declared.has(name)) {
      const known = query.parameters.map((p) => p.name).join(', ') || 'none';
      throw new KgError('BAD_USER_INPUT', `${query.name} has no parameter "${name}" (its parameters: ${known})`, { path: `params.${name}` });
    }
  }
  const bound: Record<string, Json> = {};
  for (const p of query.parameters) {
    const value = given[p.name] ?? p.default;
    if (value === undefined) {
      throw new KgError('BAD_USER_INPUT', `${query.name} needs parameter ${p.name} (${p.type}): ${p.description}`, { path: `params.${p.name}` });
    }
    bound[p.name] = checkValue(query.name, p, value);
  }
  return bound;
}

/** Reads a parameter value typed on a command line (`k=2`, `party=russia`) as its declared type. */
export function parseParameterText(query: NamedQuery, name: string, text: string): Json {
  const p = query.parameters.find((x) => x.name === name);
  if (!p) return text;
  switch (p.type) {
    case 'integer':
    case 'number':
      return text.trim() === '' || Number.isNaN(Number(text)) ? text : Number(text);
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'string[]':
      if (!text.trim().startsWith('[')) return text.split(',').map((s) => s.trim()).filter(Boolean);
      try {
        return JSON.parse(text) as Json;
      } catch {
        return text; // refused with a message naming the parameter by bindParameters
      }
    default:
      return text;
  }
}

/** Runs a named query read-only on `store`, in the store engine's dialect. */
export function runNamedQuery(
  store: GraphStore,
  query: NamedQuery,
  given: Record<string, unknown>,
  limits: { timeoutMs: number; maxRows: number },
): Promise<CypherResult> {
  return store.runCypher(query.text[store.engine], { params: bindParameters(query, given), readOnly: true, trusted: true, ...limits });
}
