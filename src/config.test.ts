import { DEFAULT_CYPHER_MEMORY_MB, defaultCypherConcurrency, loadConfig } from './config';

describe("users' Cypher concurrency and memory settings", () => {
  test.each([
    [1, 1],
    [2, 1],
    [3, 2],
    [4, 2],
    [16, 2],
  ])('on %i cores, %i queries at once unless configured', (cores, expected) => {
    expect(defaultCypherConcurrency(cores)).toBe(expected);
  });

  test('KG_CYPHER_CONCURRENCY and KG_CYPHER_MEMORY_MB are read, checked and defaulted', () => {
    expect(loadConfig({ KG_CYPHER_CONCURRENCY: '16', KG_CYPHER_MEMORY_MB: '300' })).toMatchObject({ cypherConcurrency: 16, cypherMemoryMb: 300 });
    expect(loadConfig({})).toMatchObject({ cypherConcurrency: defaultCypherConcurrency(), cypherMemoryMb: DEFAULT_CYPHER_MEMORY_MB });
    expect(() => loadConfig({ KG_CYPHER_CONCURRENCY: '0' })).toThrow(/KG_CYPHER_CONCURRENCY/);
    expect(() => loadConfig({ KG_CYPHER_MEMORY_MB: '64' })).toThrow(/KG_CYPHER_MEMORY_MB/);
  });
});

describe('the engine (KG_ENGINE)', () => {
  test('defaults to Neo4j when NEO4J_URI is set, else to the embedded engine', () => {
    expect(loadConfig({}).engine).toBe('embedded');
    expect(loadConfig({ NEO4J_URI: 'bolt://localhost:7687' }).engine).toBe('neo4j');
  });

  test('names the engine outright, even beside a NEO4J_URI (which then names the other end of a copy)', () => {
    expect(loadConfig({ KG_ENGINE: 'embedded', NEO4J_URI: 'bolt://localhost:7687' })).toMatchObject({ engine: 'embedded', neo4j: { uri: 'bolt://localhost:7687' } });
    expect(loadConfig({ KG_ENGINE: 'neo4j', NEO4J_URI: 'bolt://localhost:7687' }).engine).toBe('neo4j');
  });

  test('refuses an engine there is no plug-in for, and Neo4j without NEO4J_URI', () => {
    expect(() => loadConfig({ KG_ENGINE: 'memgraph' })).toThrow(/KG_ENGINE/);
    expect(() => loadConfig({ KG_ENGINE: 'neo4j' })).toThrow(/KG_ENGINE is neo4j, which needs NEO4J_URI/);
  });
});
