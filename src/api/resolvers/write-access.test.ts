/**
 * Who may write, at the resolvers: a request that is not the admin reaches the store only read-only, and the
 * ingest mutation refuses it before anything else, saying whether the server takes no writes at all or wants the
 * token. (test/security/*token.test.ts show the same over real HTTP on a real engine.)
 */
import { loadConfig, type Config } from '../../config';
import { KgError } from '../../errors';
import type { CypherOptions, GraphStore } from '../../graph/port';
import { createContext } from '../context';
import { cypherResolvers } from './cypher';
import { ingestResolvers } from './ingest';

const TOKEN = 'write-access-token';
const withToken = loadConfig({ KG_ADMIN_TOKEN: TOKEN });
const withoutToken = loadConfig({});

/** A store that only records the options runCypher is given: these tests are about the flag, not the engine. */
function recordingStore() {
  const calls: CypherOptions[] = [];
  const store = { runCypher: async (_query: string, options: CypherOptions) => (calls.push(options), { columns: [], rows: [], truncated: false, elapsedMs: 0, engine: 'embedded' }) };
  return { store: store as unknown as GraphStore, calls };
}

async function refusal(run: () => Promise<unknown>): Promise<KgError> {
  try {
    await run();
  } catch (e) {
    return e as KgError;
  }
  throw new Error('expected a refusal');
}

const ingest = (config: Config, authorization?: string) =>
  ingestResolvers.Mutation.ingestDocument(
    {},
    // textPath is refused right after the admin check: reaching that refusal shows the check let the request through.
    { document: { source: { id: 'x', title: 'X', textPath: '/etc/passwd' } }, dryRun: false },
    createContext({} as GraphStore, config, authorization),
  );

describe('ingestDocument', () => {
  test.each([undefined, 'Bearer ', `Bearer ${TOKEN}`])('on a server with no token, %p is FORBIDDEN: writes are disabled', async (authorization) => {
    const e = await refusal(() => ingest(withoutToken, authorization));
    expect(e).toBeInstanceOf(KgError);
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toBe('writes over the API are disabled on this server (KG_ADMIN_TOKEN is not set)');
  });

  test.each([undefined, 'Bearer nope', TOKEN])('on a server with a token, %p is UNAUTHENTICATED, told how to authorise', async (authorization) => {
    const e = await refusal(() => ingest(withToken, authorization));
    expect(e).toBeInstanceOf(KgError);
    expect(e.code).toBe('UNAUTHENTICATED');
    expect(e.message).toBe('ingesting needs the admin bearer token (Authorization: Bearer <KG_ADMIN_TOKEN>)');
  });

  test('the admin gets past the check (to the document’s own refusal)', async () => {
    const e = await refusal(() => ingest(withToken, `Bearer ${TOKEN}`));
    expect(e.code).toBe('INVALID_DOCUMENT');
  });
});

describe('cypher', () => {
  test.each([
    [withToken, `Bearer ${TOKEN}`, false],
    [withToken, 'Bearer nope', true],
    [withToken, undefined, true],
    [withoutToken, undefined, true],
    [withoutToken, 'Bearer ', true],
  ] as const)('asks the store read-only unless the admin asks (%#)', async (config, authorization, readOnly) => {
    const { store, calls } = recordingStore();
    await cypherResolvers.Query.cypher({}, { query: 'MATCH (e) RETURN e' }, createContext(store, config, authorization));
    expect(calls).toEqual([expect.objectContaining({ readOnly })]);
  });
});
