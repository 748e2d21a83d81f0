/**
 * `kg --url`: commands sent to a running kg server over GraphQL instead of opening the data folder
 * (which the server holds). Errors come back with the server's code and message.
 */
import { KgError, isErrorCode } from '../errors';
import type { CypherResult, GraphStats } from '../graph/port';

/** The GraphQL endpoint of `url`: `http://host:4000` and `http://host:4000/graphql` both work. */
export function graphqlEndpoint(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new KgError('BAD_USER_INPUT', `--url: "${url}" is not a URL (expected e.g. http://127.0.0.1:4000)`, { path: '--url' });
  }
  if (!parsed.pathname.replace(/\/+$/, '').endsWith('/graphql')) parsed.pathname = `${parsed.pathname.replace(/\/+$/, '')}/graphql`;
  return parsed.toString();
}

interface GraphqlError {
  message: string;
  extensions?: { code?: string; line?: number; column?: number; path?: string; argument?: string; max?: number };
}

/** Posts one GraphQL operation; `token` is sent as the admin bearer token. */
export async function remoteGraphql<T>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const endpoint = graphqlEndpoint(url);
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch (e) {
    // fetch wraps the socket error, sometimes in an AggregateError (one per address tried).
    const inner = (e as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
    const cause = inner?.code ?? inner?.errors?.[0]?.code ?? inner?.message ?? (e as Error).message;
    throw new KgError('ENGINE_UNAVAILABLE', `cannot reach the kg server at ${endpoint} (${cause}): is \`kg serve\` running there?`, {}, { cause: e });
  }
  let body: { data?: T; errors?: GraphqlError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch (e) {
    throw new KgError('ENGINE_ERROR', `${endpoint} answered HTTP ${response.status} without a GraphQL response: is it a kg server?`, {}, { cause: e });
  }
  const error = body.errors?.[0];
  if (error) {
    const { code, ...details } = error.extensions ?? {};
    // The server speaks the product's error codes and details (the same names as KgError's); anything else is reported as it came.
    throw new KgError(isErrorCode(code) ? code : 'ENGINE_ERROR', error.message, details);
  }
  if (!body.data) throw new KgError('ENGINE_ERROR', `${endpoint} answered HTTP ${response.status} with no data`);
  return body.data;
}

const CYPHER_RESULT = 'columns rows truncated elapsedMs engine';

/** Runs a Cypher query on the server. */
export async function remoteCypher(url: string, query: string, params: Record<string, unknown>, token?: string): Promise<CypherResult> {
  const data = await remoteGraphql<{ cypher: CypherResult }>(url, `query ($query: String!, $params: JSON) { cypher(query: $query, params: $params) { ${CYPHER_RESULT} } }`, { query, params }, token);
  return data.cypher;
}

/** Runs a named query on the server. */
export async function remoteNamedQuery(url: string, name: string, params: Record<string, unknown>): Promise<CypherResult> {
  const data = await remoteGraphql<{ namedQuery: CypherResult }>(url, `query ($name: String!, $params: JSON) { namedQuery(name: $name, params: $params) { ${CYPHER_RESULT} } }`, { name, params });
  return data.namedQuery;
}

/** The server's named queries. */
export async function remoteNamedQueries(url: string): Promise<{ name: string; description: string; parameters: { name: string; type: string; required: boolean; default: unknown; description: string }[] }[]> {
  const data = await remoteGraphql<{ namedQueries: Awaited<ReturnType<typeof remoteNamedQueries>> }>(url, '{ namedQueries { name description parameters { name type required default description } } }');
  return data.namedQueries;
}

/** The server's graph counts, in the shape `store.stats()` gives (without mentions, which the API does not count). */
export async function remoteStats(url: string): Promise<Omit<GraphStats, 'mentions'> & { engine: string }> {
  type Counts = { key: string; count: number }[];
  const data = await remoteGraphql<{ stats: { entities: number; relationships: number; sources: number; engine: string; entitiesByKind: Counts; relationshipsByType: Counts } }>(
    url,
    '{ stats { engine entities relationships sources entitiesByKind { key count } relationshipsByType { key count } } }',
  );
  const tally = (c: Counts) => Object.fromEntries(c.map((x) => [x.key, x.count]));
  const s = data.stats;
  return { engine: s.engine, entities: s.entities, relationships: s.relationships, sources: s.sources, entitiesByKind: tally(s.entitiesByKind), relationshipsByType: tally(s.relationshipsByType) };
}

/** The server's address for an admin operation (`/admin/<name>`), from `--url` or the recorded URL. */
function adminEndpoint(url: string, name: string): URL {
  try {
    return new URL(`/admin/${name}`, url);
  } catch {
    throw new KgError('BAD_USER_INPUT', `--url: "${url}" is not a URL (expected e.g. http://127.0.0.1:4000)`, { path: '--url' });
  }
}

/** Posts an admin operation; answers its response once it succeeded, or throws the server's error as a KgError. */
async function adminRequest(url: string, name: string, body: unknown, token: string): Promise<Response> {
  const endpoint = adminEndpoint(url, name);
  let response: Response;
  try {
    response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  } catch (e) {
    const inner = (e as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
    const cause = inner?.code ?? inner?.errors?.[0]?.code ?? inner?.message ?? (e as Error).message;
    throw new KgError('ENGINE_UNAVAILABLE', `cannot reach the kg server at ${endpoint.origin} (${cause}): is \`kg serve\` running there?`, {}, { cause: e });
  }
  if (response.ok) return response;
  const answer = (await response.json().catch(() => ({}))) as { errors?: GraphqlError[] };
  const error = answer.errors?.[0];
  if (!error) throw new KgError('ENGINE_ERROR', `${endpoint} answered HTTP ${response.status}: is it a kg server (of this version)?`);
  const { code, ...details } = error.extensions ?? {};
  throw new KgError(isErrorCode(code) ? code : 'ENGINE_ERROR', error.message, details);
}

/** Runs an admin operation on the server and answers its JSON. */
export async function remoteAdmin<T>(url: string, name: string, body: unknown, token: string): Promise<T> {
  const response = await adminRequest(url, name, body, token);
  try {
    return (await response.json()) as T;
  } catch (e) {
    throw new KgError('ENGINE_ERROR', `${url} answered /admin/${name} without JSON: is it a kg server?`, {}, { cause: e });
  }
}

/**
 * Runs an admin operation answering one JSON value a line (NDJSON) and closing with `{"end": true}`, yielding each
 * value as it arrives; an error line, or a stream that stops before its closing line, throws.
 */
export async function* remoteAdminLines<T>(url: string, name: string, body: unknown, token: string): AsyncIterable<T> {
  const response = await adminRequest(url, name, body, token);
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of (response.body ?? []) as unknown as AsyncIterable<Uint8Array>) {
    pending += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = pending.indexOf('\n')) !== -1) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (!line.trim()) continue;
      const value = JSON.parse(line) as T & { end?: true; errors?: GraphqlError[] };
      const error = value.errors?.[0];
      if (error) {
        const { code, ...details } = error.extensions ?? {};
        throw new KgError(isErrorCode(code) ? code : 'ENGINE_ERROR', error.message, details);
      }
      if (value.end === true) return;
      yield value as T;
    }
  }
  throw new KgError('ENGINE_UNAVAILABLE', `the server at ${url} stopped answering /admin/${name} before the end`);
}
