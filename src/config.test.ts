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
