// @ts-check
/**
 * Mutation testing (StrykerJS, jest runner) of the modules that guard data and access. One module per run:
 * KG_MUTATION_MODULE names it (scripts/test-mutation.mjs runs each in turn), so each run mutates only that
 * module and runs only the fast test files that cover it. Line ranges are found from markers in the source,
 * not written as numbers, so they follow the code when it moves.
 */
import fs from 'node:fs';

/** `file:from-to`, the lines from the one containing `start` to the first (from there on) containing `end`. */
function linesOf(file, start, end) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const from = lines.findIndex((l) => l.includes(start));
  if (from < 0) throw new Error(`stryker.config.mjs: "${start}" is no longer in ${file}; update the marker`);
  const to = lines.findIndex((l, i) => i >= from && l.includes(end));
  if (to < 0) throw new Error(`stryker.config.mjs: "${end}" is no longer in ${file} after "${start}"; update the marker`);
  return `${file}:${from + 1}-${to + 1}`;
}

/** The modules, what to mutate in each, and the tests that cover it. */
export const MODULES = {
  // The Cypher guard: a peggy grammar, the per-engine allowlist and the tree walk that decides.
  guard: {
    mutate: ['src/graph/cypher-guard/**/*.ts', '!src/graph/cypher-guard/**/*.test.ts', '!src/graph/cypher-guard/**/*.generated.ts'],
    // Unit tests only, so a run takes minutes: test/security/cypher-*.test.ts and transaction-control.test.ts check
    // the same refusals over HTTP, where every mutant would cost a server start.
    tests: ['<rootDir>/src/graph/cypher-guard/**/*.test.ts'],
  },
  // Who may write: the bearer token, and the read-only flag and admin check of the resolvers.
  access: {
    mutate: () => [
      linesOf('src/api/context.ts', 'const token =', 'const token ='),
      linesOf('src/api/context.ts', 'isAdmin: Boolean(', 'isAdmin: Boolean('),
      linesOf('src/api/resolvers/ingest.ts', 'function requireAdmin', "'UNAUTHENTICATED'"),
      linesOf('src/api/resolvers/cypher.ts', 'readOnly: !ctx.isAdmin', 'readOnly: !ctx.isAdmin'),
    ],
    // Unit tests only, so a run takes minutes: test/security/{no-token,token}.test.ts check the same over HTTP.
    tests: ['<rootDir>/src/api/context.test.ts', '<rootDir>/src/api/resolvers/write-access.test.ts'],
  },
  // Page sizes, hops, query depth and cost, the Cypher row cap and parameters.
  limits: {
    mutate: () => ['src/api/limits.ts', linesOf('src/api/resolvers/cypher.ts', 'export function rowCap', 'export const cypherResolvers')],
    // Unit tests only (the plugin is called directly): test/api/limits-*.test.ts check the same over HTTP.
    tests: ['<rootDir>/src/api/limits.test.ts', '<rootDir>/src/api/resolvers/cypher.test.ts'],
  },
  // Entity resolution by name within a kind.
  resolve: {
    mutate: ['src/knowledge/resolve.ts'],
    tests: ['<rootDir>/src/knowledge/resolve.test.ts', '<rootDir>/test/knowledge/resolve.test.ts'],
  },
  // How an incoming record merges with the graph.
  merge: {
    mutate: ['src/graph/merge.ts'],
    tests: ['<rootDir>/src/graph/merge.test.ts'],
  },
  // The claims rule: which stated value a property holds (preferred, then latest published, then latest ingested), how
  // a source's statement joins or sits beside the claims held, and claim ids.
  claims: {
    mutate: ['src/graph/claim-rule.ts'],
    tests: ['<rootDir>/src/graph/claim-rule.test.ts'],
  },
  // Merge rules of analysts' decisions: what a merge plans (moved, collapsed, refused across kinds), decision ids.
  decisions: {
    mutate: ['src/graph/decisions.ts'],
    tests: ['<rootDir>/src/graph/decisions.test.ts'],
  },
  // Writes run as one transaction: committed whole or rolled back, one at a time; on Neo4j users' Cypher runs in a
  // READ transaction unless it may write, with the time limit, after the read-only rule. (The embedded engine's
  // users' Cypher is moving to its own module; test/cypher/run-cypher.test.ts covers it.)
  transactions: {
    mutate: () => {
      const embedded = 'src/graph/embedded/store.ts';
      const queue = 'src/graph/embedded/write-queue.ts';
      const neo4j = 'src/graph/neo4j/store.ts';
      return [
        linesOf(embedded, 'protected writeTransaction<T>', 'throw e;'),
        linesOf(queue, 'write<T>(work', 'return result;'),
        linesOf(queue, 'between<T>(work', 'return result;'),
        linesOf(neo4j, 'protected async writeTransaction<T>', 'Entities also carry their kind'),
        linesOf('src/graph/user-cypher.ts', 'export async function answerCypher', 'throw translate(e);'),
        linesOf(neo4j, 'A READ transaction makes the server itself refuse', 'executeWrite(work, txConfig)'),
      ];
    },
    tests: ['<rootDir>/test/ingest/ingest.test.ts', '<rootDir>/test/neo4j/sessions.test.ts'],
  },
};

const name = process.env.KG_MUTATION_MODULE ?? 'merge';
const module = MODULES[name];
if (!module) throw new Error(`KG_MUTATION_MODULE=${name}: not one of ${Object.keys(MODULES).join(', ')}`);
const mutate = typeof module.mutate === 'function' ? module.mutate() : module.mutate;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  coverageAnalysis: 'perTest',
  // Two shared cores: one test process at a time.
  concurrency: 1,
  mutate,
  ignorePatterns: ['dist', 'data', 'reports', 'test-artifacts', 'bench', '.stryker-tmp'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // Tests open real engines and servers; a busy machine needs room before a mutant counts as a timeout.
  timeoutMS: 60_000,
  timeoutFactor: 3,
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  thresholds: { high: 90, low: 85, break: null },
  jest: {
    projectType: 'custom',
    enableFindRelatedTests: false,
    config: {
      preset: 'ts-jest',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: module.tests,
      testTimeout: 60_000,
      // Transpile only: Stryker marks mutated files @ts-nocheck, and type-checking every run would cost minutes.
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
    },
  },
};
