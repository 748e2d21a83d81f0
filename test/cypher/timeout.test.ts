/**
 * KG_CYPHER_TIMEOUT_MS over real HTTP: an explosive variable-length query over the whole graph is stopped by the
 * engine, and while it runs the server keeps answering other requests (stats, other Cypher, named queries).
 */
import { loadConfig } from '../../src/config';
import { startServer, type RunningServer } from '../../src/api/server';
import { LadybugGraphStore } from '../../src/graph/embedded/store';
import type { GraphStore } from '../../src/graph/port';
import { until } from '../support/condition';
import { enginesUnderTest, openSeeded, openEmbeddedStore } from '../support/engines';
import { seedEntityIds, seedRelationshipIds } from '../support/seed';

const ENTITIES = seedEntityIds().length;
const RAILWAY_TIES = seedRelationshipIds().filter((id) => id.split('|').some((end) => end === 'rasht-astara-railway')).length;
/** The seed's most connected entity, as the `most-connected` named query orders them: most ties, then id. */
const MOST_CONNECTED = (() => {
  const degree = new Map<string, number>();
  for (const id of seedRelationshipIds()) {
    const [from, , to] = id.split('|');
    for (const end of [from!, to!]) degree.set(end, (degree.get(end) ?? 0) + 1);
  }
  return [...degree].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0]![0];
})();

// Walks of up to 8 steps between every pair of nodes: millions of millions on the seed graph; it never finishes.
const EXPLOSIVE = 'MATCH (a)-[*1..8]-(b) RETURN count(*) AS walks';
// Long enough that four answers fit inside it on a loaded two-core machine (3 s did not, one run in ten under load 9).
const TIMEOUT_MS = 6000;

describe('the Cypher time limit over HTTP', () => {
  let store: GraphStore;
  let server: RunningServer;
  const post = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as any;
  };

  beforeAll(async () => {
    if (process.env.NEO4J_URI) {
      store = await openSeeded(enginesUnderTest()[1]!);
    } else {
      // A query process with the default buffer pool (a quarter of KG_CYPHER_MEMORY_MB, at most KG_BUFFER_POOL_MB),
      // so the engine runs out of time before it runs out of memory.
      store = await openEmbeddedStore({ bufferPoolMb: 512, cypherMemoryMb: 4096, seeded: true });
    }
    const config = loadConfig({ ...process.env, KG_PORT: '0', KG_LOG_LEVEL: 'silent', KG_CYPHER_TIMEOUT_MS: String(TIMEOUT_MS) });
    server = await startServer(config, store);
  });
  afterAll(async () => {
    await server.stop();
    await store.close();
  });

  test('stops an explosive query while other requests are answered meanwhile', async () => {
    // Each request once before, so first-use costs (query compilation, Apollo's document cache) are not timed below.
    const asked = () => [
      post('{ stats { entities engine } }'),
      post('{ entity(id: "rasht-astara-railway") { name relationships { totalCount } } }'),
      post('{ namedQuery(name: "most-connected", params: {limit: 1}) { rows } }'),
      fetch(`${server.url}/healthz`).then((r) => r.json()),
    ];
    await Promise.all(asked());
    let settled = false;
    const explosive = post('query ($q: String!) { cypher(query: $q) { rows } }', { q: EXPLOSIVE }).finally(() => {
      settled = true;
    });
    // The requests below are sent once the explosive query runs (the embedded store says so; Neo4j's does not).
    if (store instanceof LadybugGraphStore) await until(() => (store as LadybugGraphStore).userQueryLoad().running === 1, 'the explosive query to run');

    // All at once, each noting whether the explosive query was still running when its answer came: sent one after
    // another they could outlast the time limit on a loaded machine (the query's own start-up counts against it).
    const meanwhile = <T>(answer: Promise<T>) => answer.then((value) => ({ value, whileRunning: !settled }));
    const [stats, entity, named, health] = await Promise.all(asked().map(meanwhile));
    expect(stats.value.data.stats.entities).toBe(ENTITIES);
    expect(entity.value.data.entity).toEqual({ name: 'Rasht–Astara railway', relationships: { totalCount: RAILWAY_TIES } });
    expect(named.value.data.namedQuery.rows[0][0]).toBe(MOST_CONNECTED);
    expect(health.value).toMatchObject({ status: 'ok', entities: ENTITIES });
    expect([stats, entity, named, health].map((a) => a.whileRunning)).toEqual([true, true, true, true]);

    const stopped = await explosive;
    expect(stopped.data).toBeNull();
    expect(stopped.errors[0].extensions.code).toBe('CYPHER_TIMEOUT');
    expect(stopped.errors[0].message).toMatch(/time limit/);
  });

  test('after a stopped query the engine answers as before', async () => {
    const again = await post('{ cypher(query: "MATCH (e:Entity) RETURN count(e) AS n") { rows } }');
    expect(again.data.cypher.rows).toEqual([[ENTITIES]]);
  });
});
