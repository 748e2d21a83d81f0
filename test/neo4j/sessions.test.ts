// Cluster routing of the Neo4j engine, checked at the driver's session boundary with no server: a real
// neo4j-driver routing driver (neo4j://) whose `session()` is spied on. Each session the store opens is a real
// driver Session; only its executeRead/executeWrite are intercepted, to record which one the store chose and the
// queries it sent. Query results are empty, so this checks routing choices, never answers.
import { READ_ONTOLOGY_RECORD, WRITE_ONTOLOGY_RECORD, startupSchema } from '../../src/graph/neo4j/schema';
import neo4j, { type Driver } from 'neo4j-driver';
import { startServer } from '../../src/api/server';
import { loadConfig } from '../../src/config';
import { KgError } from '../../src/errors';
import { DATABASE, cypherLimits, document, dump, readOperations, recordingStore, writeOperations, type OpenedSession } from './recording-driver';

describe('Neo4j engine on a cluster (routing URI, no server)', () => {
  afterEach(() => jest.restoreAllMocks());

  function expectRouted(driver: Driver, sessions: OpenedSession[], mode: 'READ' | 'WRITE') {
    expect(sessions.length).toBeGreaterThan(0);
    for (const opened of sessions) {
      expect(opened.config).toEqual({ database: DATABASE, defaultAccessMode: mode, bookmarkManager: expect.anything() });
      // One bookmark manager for every session of the driver: a read after a write waits for that write.
      expect(opened.config.bookmarkManager).toBe(driver.executeQueryBookmarkManager);
      // The driver's own reading of that config: named database (no home-database lookup), the chosen mode.
      const internals = opened.session as unknown as { _mode: string; _database: string; _databaseNameResolved: boolean };
      expect({ mode: internals._mode, database: internals._database, resolved: internals._databaseNameResolved }).toEqual({
        mode,
        database: DATABASE,
        resolved: true,
      });
      expect(opened.closed).toBe(true);
      expect(opened.transactions.length).toBeGreaterThan(0);
      for (const tx of opened.transactions) {
        expect(tx.api).toBe(mode === 'READ' ? 'executeRead' : 'executeWrite');
        expect(tx.config?.metadata).toEqual({ app: 'kg', operation: expect.stringMatching(/^[a-zA-Z]+$/) });
      }
    }
  }

  it.each(readOperations)('%s reads through READ sessions and executeRead', async (_name, operation) => {
    const { driver, store, sessions } = recordingStore();
    await operation(store);
    expectRouted(driver, sessions, 'READ');
    await store.close();
  });

  it.each(writeOperations)('%s writes through WRITE sessions and executeWrite', async (_name, operation) => {
    const { driver, store, sessions } = recordingStore();
    await operation(store);
    expectRouted(driver, sessions, 'WRITE');
    await store.close();
  });

  it('writes a whole document in one transaction of one session', async () => {
    const { store, sessions } = recordingStore();
    await store.writeDocument(document);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.transactions).toHaveLength(1);
    expect(sessions[0]!.transactions[0]!.config?.metadata?.operation).toBe('writeDocument');
    await store.close();
  });

  it('tags each transaction with the operation that ran it', async () => {
    const { store, sessions } = recordingStore();
    await store.getEntities(['jalali']);
    await store.listEntities({ first: 5 });
    await store.importGraph(dump);
    const operations = sessions.flatMap((s) => s.transactions.map((t) => t.config?.metadata?.operation));
    expect(operations.sort()).toEqual(['countEntities', 'getEntities', 'importGraph', 'listEntities']);
    await store.close();
  });

  it('checks the recorded ontology with reads, applies the schema one write transaction per statement, records the ontology, then waits for indexes with a read', async () => {
    const { driver, store, sessions } = recordingStore();
    const connectivity = jest.spyOn(driver, 'verifyConnectivity').mockResolvedValue({ address: 'localhost:1', agent: 'Neo4j/5.26.12' } as never);
    await store.init();
    expect(connectivity).toHaveBeenCalledWith({ database: DATABASE });
    const writes = sessions.filter((s) => s.config.defaultAccessMode === 'WRITE');
    expect(writes.map((s) => s.transactions.map((t) => t.queries.map((q) => q.query)))).toEqual([...startupSchema(), WRITE_ONTOLOGY_RECORD].map((q) => [[q]]));
    const reads = sessions.filter((s) => s.config.defaultAccessMode === 'READ');
    const readQueries = reads.flatMap((s) => s.transactions.flatMap((t) => t.queries.map((q) => q.query)));
    expect(readQueries[0]).toBe(READ_ONTOLOGY_RECORD);
    expect(readQueries.at(-1)).toBe('CALL db.awaitIndexes($seconds)');
    // Every read before the first write: the check is done before anything changes.
    expect(Math.max(...reads.slice(0, -1).map((s) => sessions.indexOf(s)))).toBeLessThan(sessions.indexOf(writes[0]!));
    expect(sessions.every((s) => s.closed)).toBe(true);
    await store.close();
  });

  it('shares one bookmark manager between a write and the read after it', async () => {
    const { driver, store, sessions } = recordingStore();
    await store.writeDocument(document);
    await store.getEntities(['jalali']);
    expect(sessions.map((s) => s.config.defaultAccessMode)).toEqual(['WRITE', 'READ']);
    expect(sessions[0]!.config.bookmarkManager).toBe(sessions[1]!.config.bookmarkManager);
    expect(sessions[1]!.config.bookmarkManager).toBe(driver.executeQueryBookmarkManager);
    await store.close();
  });

  it('closes the session when the transaction fails, and reports the failure as a product error', async () => {
    const refused = new neo4j.Neo4jError('Node(7) already exists with label `Entity` and property `id` = \'jalali\'', 'Neo.ClientError.Schema.ConstraintValidationFailed', '22N41', 'data exception');
    const { store, sessions } = recordingStore(() => refused);
    await expect(store.writeDocument(document)).rejects.toMatchObject({ code: 'CONSTRAINT_VIOLATION' });
    await expect(store.stats()).rejects.toBeInstanceOf(KgError);
    expect(sessions.length).toBeGreaterThan(1);
    expect(sessions.every((s) => s.closed)).toBe(true);
    await store.close();
  });
});

describe('search on Neo4j uses the full-text index', () => {
  afterEach(() => jest.restoreAllMocks());

  const queriesOf = (sessions: OpenedSession[]) => sessions.flatMap((s) => s.transactions.flatMap((t) => t.queries));

  it('asks db.index.fulltext.queryNodes first, with an escaped Lucene query', async () => {
    const { store, sessions } = recordingStore();
    await store.search('Rasht–Astara (railway): "AND" +1', { first: 5 });
    const [first] = queriesOf(sessions);
    expect(first!.query).toContain('CALL db.index.fulltext.queryNodes($index, $query');
    expect(first!.params.index).toBe('entity_search');
    expect(first!.params.query).toBe('+(rasht OR rasht*) +(astara OR astara*) +(railway OR railway*) +(and OR and*)');
    await store.close();
  });

  it('ranks the index candidates with the shared scoring and does not scan when the index answers', async () => {
    const railway = { id: 'rasht-astara-railway', kind: 'Project', name: 'Rasht–Astara railway', aliases: [], description: 'A railway link.', status: null };
    const corridor = { id: 'north-south-corridor', kind: 'Project', name: 'North–South transport corridor', aliases: [], description: 'Includes the Rasht–Astara railway.', status: null };
    const { store, sessions } = recordingStore((query) =>
      query.includes('db.index.fulltext.queryNodes') ? [corridor, railway].map((entity) => new neo4j.Record(['entity'], [entity])) : [],
    );
    const hits = await store.search('rasht-astara railway', { first: 5 });
    expect(hits.map((h) => [h.entity.id, h.matchedField])).toEqual([
      ['rasht-astara-railway', 'name'],
      ['north-south-corridor', 'description'],
    ]);
    expect(queriesOf(sessions).map((q) => q.query).filter((q) => q.includes('CONTAINS'))).toEqual([]);
    await store.close();
  });

  it('falls back to the scan when the index is missing', async () => {
    const missing = new neo4j.Neo4jError(
      'Failed to invoke procedure `db.index.fulltext.queryNodes`: Caused by: java.lang.IllegalArgumentException: There is no such fulltext schema index: entity_search',
      'Neo.ClientError.Procedure.ProcedureCallFailed',
      '52N37',
      'procedure execution error',
    );
    const { store, sessions } = recordingStore((query) => (query.includes('fulltext') ? missing : []));
    await expect(store.search('Putin', { first: 5 })).resolves.toEqual([]);
    const sent = queriesOf(sessions).map((q) => q.query);
    expect(sent[0]).toContain('db.index.fulltext.queryNodes');
    expect(sent.slice(1).some((q) => q.includes('e.searchText CONTAINS $needle'))).toBe(true);
    await store.close();
  });

  it('does not hide an unreachable server behind the fallback', async () => {
    const down = new neo4j.Neo4jError('Failed to connect to server. Caused by: connect ECONNREFUSED 127.0.0.1:7687', neo4j.error.SERVICE_UNAVAILABLE, '08000', 'connection exception');
    const { store } = recordingStore(() => down);
    await expect(store.search('Putin', { first: 5 })).rejects.toMatchObject({ code: 'ENGINE_UNAVAILABLE' });
    await store.close();
  });

  it('refuses an unknown kind the same way the embedded engine does', async () => {
    const { store, sessions } = recordingStore();
    await expect(store.search('Putin', { kinds: ['Planet' as never], first: 5 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(queriesOf(sessions)).toEqual([]);
    await store.close();
  });
});

describe("users' Cypher on Neo4j: the server's time limit and READ mode", () => {
  afterEach(() => jest.restoreAllMocks());

  const cypherTransactions = (sessions: OpenedSession[]) =>
    sessions.flatMap((s) => s.transactions.filter((t) => t.config?.metadata?.operation === 'cypher').map((t) => ({ mode: s.config.defaultAccessMode, ...t })));

  it.each([
    [true, 'READ', 'executeRead'],
    [false, 'WRITE', 'executeWrite'],
  ] as const)('readOnly %s: one %s transaction (%s) carrying the time limit given', async (readOnly, mode, api) => {
    for (const timeoutMs of [1234, 98_765]) {
      const { store, sessions } = recordingStore();
      const before = store.roundTrips;
      await store.runCypher('MATCH (e:Entity) RETURN e.id AS id', { readOnly, timeoutMs, maxRows: 10 });
      expect(store.roundTrips - before).toBe(1);
      expect(cypherTransactions(sessions)).toEqual([expect.objectContaining({ mode, api, config: expect.objectContaining({ timeout: timeoutMs }) })]);
      await store.close();
    }
  });

  it('over the API: KG_CYPHER_TIMEOUT_MS reaches the transaction, and a request without the token reads in READ mode', async () => {
    const { store, sessions } = recordingStore();
    const token = 'neo4j-session-test-token';
    const config = loadConfig({ KG_PORT: '0', KG_LOG_LEVEL: 'silent', KG_CYPHER_TIMEOUT_MS: '4321', KG_ADMIN_TOKEN: token });
    const server = await startServer(config, store);
    try {
      const ask = (authorization?: string) =>
        fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          body: JSON.stringify({ query: '{ cypher(query: "MATCH (e:Entity) RETURN e.id AS id") { rowCount } }' }),
        }).then((r) => r.json() as Promise<{ errors?: unknown }>);
      expect((await ask()).errors).toBeUndefined();
      expect((await ask(`Bearer ${token}`)).errors).toBeUndefined();
      expect(cypherTransactions(sessions).map((t) => [t.mode, t.api, t.config?.timeout])).toEqual([
        ['READ', 'executeRead', 4321],
        ['WRITE', 'executeWrite', 4321],
      ]);
    } finally {
      await server.stop();
      await store.close();
    }
  });
});

describe('the write transaction on Neo4j', () => {
  afterEach(() => jest.restoreAllMocks());

  const queriesOf = (sessions: OpenedSession[]) => sessions.flatMap((s) => s.transactions.flatMap((t) => t.queries));

  it('sends each query with its parameters, and counts every one as a round trip', async () => {
    const { store, sessions } = recordingStore();
    const before = store.roundTrips;
    await store.writeDocument(document);
    const sent = queriesOf(sessions);
    expect(store.roundTrips - before).toBe(sent.length);
    const upsert = sent.find((q) => q.query.includes('MERGE (e:Entity {id: row.id})'));
    expect((upsert!.params.rows as { id: string }[]).map((r) => r.id)).toEqual(document.entities.map((e) => e.id));
    const source = sent.find((q) => q.query.startsWith('MERGE (s:Source'));
    expect(source!.params).toMatchObject({ id: document.source.id, title: document.source.title });
  });

  it('reads what the graph holds inside the same transaction: a document already there changes nothing', async () => {
    const entityRecord = (e: (typeof document.entities)[number]) =>
      new neo4j.Record(['e_id', 'e_kind', 'e_name', 'e_aliases', 'e_description', 'e_role'], [e.id, e.kind, e.name, e.aliases, e.description, e.properties.role ?? null]);
    const { store } = recordingStore((query) => (query.includes('WHERE e.id IN $ids') ? document.entities.map(entityRecord) : []));
    // Without its claims: this recording answers no claim, so each claimed value would be a new claim (an update).
    const summary = await store.writeDocument({ ...document, claims: [] });
    expect(summary).toMatchObject({ entitiesCreated: 0, entitiesUnchanged: document.entities.length });
  });
});

describe("the read-only rule for users' Cypher on Neo4j", () => {
  afterEach(() => jest.restoreAllMocks());

  it('refuses a query reaching past the graph before any session opens, unless it may write or is the product’s own', async () => {
    const query = "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line";
    const refused = recordingStore();
    await expect(refused.store.runCypher(query, { readOnly: true, ...cypherLimits })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(refused.sessions).toEqual([]);
    for (const options of [{ readOnly: false }, { readOnly: true, trusted: true }]) {
      const { store, sessions } = recordingStore();
      await store.runCypher(query, { ...options, ...cypherLimits });
      expect(sessions.flatMap((s) => s.transactions.flatMap((t) => t.queries.map((q) => q.query)))).toEqual([query]);
    }
  });
});
