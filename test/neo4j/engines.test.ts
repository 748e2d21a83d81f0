// With NEO4J_URI set, the engine contract suite and the API tests really run on Neo4j: the test support opens
// the Neo4j named by NEO4J_URI (here a closed port, so the attempt is visible as ENGINE_UNAVAILABLE).
import { enginesUnderTest } from '../support/engines';
import { startApi } from '../support/server';

const CLOSED_PORT = 'bolt://127.0.0.1:1';

async function withNeo4jUri<T>(uri: string, work: () => Promise<T>): Promise<T> {
  const saved = process.env.NEO4J_URI;
  process.env.NEO4J_URI = uri;
  try {
    return await work();
  } finally {
    if (saved === undefined) delete process.env.NEO4J_URI;
    else process.env.NEO4J_URI = saved;
  }
}

const unavailable = { code: 'ENGINE_UNAVAILABLE', message: expect.stringMatching(/^cannot reach Neo4j at bolt:\/\/127\.0\.0\.1:1: is it running\?/) };

describe('NEO4J_URI switches the tests to Neo4j', () => {
  it('adds Neo4j to the engines the contract suite runs against', async () => {
    await withNeo4jUri(CLOSED_PORT, async () => {
      const engines = enginesUnderTest();
      expect(engines.map((e) => e.name)).toEqual(['embedded', 'neo4j']);
      await expect(engines[1]!.open()).rejects.toMatchObject(unavailable);
    });
  });

  it('makes the API tests serve from Neo4j', async () => {
    await withNeo4jUri(CLOSED_PORT, async () => {
      await expect(startApi()).rejects.toMatchObject(unavailable);
    });
  });
});
