/**
 * A bounded, seeded fuzz of the guard and the embedded engine: generated Cypher expressions (NULLs, nested lists
 * and maps, parameters sent as null, odd blanks and comments, every allowlisted function with random arguments,
 * lambdas) and generated writes in hostile spellings. Every write must be refused; every query the guard
 * accepts runs on the real engine over the seed graph IN A CHILD PROCESS, so a native crash fails this test
 * (naming the query) instead of ending jest. FUZZ_SEED and FUZZ_CASES explore further.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { KgError } from '../../src/errors';
import { ALLOWED_FUNCTIONS, CRASH_ON_UNTYPED_NULL } from '../../src/graph/cypher-guard/allowlist';
import { refuseUnlessRead } from '../../src/graph/cypher-guard';
import { DATABASE_FILE } from '../../src/graph/embedded/ladybug-store';
import { openEmbeddedStore, tempDataDir } from '../support/engines';

const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
const CASES = Number(process.env.FUZZ_CASES ?? 600);

/** mulberry32: a small seeded generator, so a failure replays exactly. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}

const FUNCTIONS = [...ALLOWED_FUNCTIONS.embedded];
/** The functions known to crash on some arguments, drawn more often so a weakened guard shows. */
const FRAGILE = Object.keys(CRASH_ON_UNTYPED_NULL);
const BLANKS = [' ', ' ', ' ', '\t', '\n', '\r\n', ' /* c */ ', '/**/', ' // line\n'];
const ODD = ['\u00a0', '\u2028', '\v', '\f', '\u200b', '\ufeff', '\u3000', '\u0000', '\u0085'];
const WRITES = [
  "CREATE (:Entity {id: 'fuzz', kind: 'Person', name: 'F'})",
  "MERGE (:Entity {id: 'fuzz', kind: 'Person', name: 'F'})",
  "SET e.name = 'F'",
  'DELETE e',
  'DETACH DELETE e',
  'REMOVE e.name',
  "FOREACH (x IN [1] | CREATE (:Entity {id: 'fuzz'}))",
];
const CASING = (g: ReturnType<typeof generator>, word: string) => [...word].map((c) => (g.next() < 0.5 ? c.toLowerCase() : c.toUpperCase())).join('');

/** A random expression over the bound variables e (node), r (relationship), p (path). */
function expression(g: ReturnType<typeof generator>, depth: number): string {
  const leaf = () =>
    g.pick([
      'NULL',
      'true',
      String(g.int(200) - 100),
      `${g.int(100)}.${g.int(100)}`,
      g.pick(["'text'", "''", "'it\\'s'", '"double \\"q\\""', "'\\u00e9\\n'", "'a\\\\'"]),
      '$n',
      '$s',
      '$xs',
      '$nested',
      'e',
      'r',
      'p',
      'e.name',
      'e.aliases',
      'e.amount',
      'r.sources',
      'r.evidence',
      'CAST(NULL AS INT64[])',
    ]);
  if (depth <= 0) return leaf();
  const sub = () => expression(g, depth - 1);
  switch (g.int(9)) {
    case 0:
    case 1:
    case 2: {
      const fn = g.next() < 0.3 ? g.pick(FRAGILE) : g.pick(FUNCTIONS);
      const args = Array.from({ length: g.int(4) }, sub);
      if (g.next() < 0.15) args.splice(g.int(args.length + 1), 0, g.pick(['x -> x', '(a, b) -> a', 'x -> x IS NULL']));
      return `${fn}(${args.join(', ')})`;
    }
    case 3:
      return `[${Array.from({ length: g.int(4) }, sub).join(', ')}]`;
    case 4:
      return `{${Array.from({ length: g.int(3) }, (_, i) => `k${i}: ${sub()}`).join(', ')}}`;
    case 5:
      return `${sub()} ${g.pick(['+', '-', '*', '/', '%', '=', '<>', '<', 'AND', 'OR', 'IN', 'CONTAINS', 'STARTS WITH', '=~'])} ${sub()}`;
    case 6:
      return `CASE WHEN ${sub()} THEN ${sub()} ELSE ${sub()} END`;
    case 7:
      return g.pick(['list_transform', 'list_filter']) + `(${sub()}, x -> ${sub()})`;
    default:
      return `(${sub()})`;
  }
}

interface FuzzCase {
  query: string;
  params: Record<string, unknown>;
  write: boolean;
}

function cases(): FuzzCase[] {
  const g = generator(SEED);
  const nested = (d: number): unknown => (d === 0 ? 1 : [nested(d - 1)]);
  return Array.from({ length: CASES }, () => {
    const params = { n: null, s: g.pick([null, 'x']), xs: g.pick([null, [1, 2], [], [null]]), nested: nested(g.int(6)) };
    const blank = () => (g.next() < 0.03 ? g.pick(ODD) : g.pick(BLANKS));
    const head = g.pick(['MATCH p = (e:Entity)-[r]->(o:Entity)', 'OPTIONAL MATCH p = (e:Entity {id: $s})-[r]->()', 'MATCH p = (e)-[r*1..2]-()']);
    const ret = `${CASING(g, 'RETURN')}${blank()}${expression(g, 1 + g.int(3))}${blank()}AS v${blank()}LIMIT 3`;
    if (g.next() < 0.2) return { query: `${CASING(g, 'RETURN')}${blank()}${expression(g, 2)} AS v`, params, write: false };
    const write = g.next() < 0.2;
    const middle = write ? `${blank()}${g.pick(['', 'WITH e, r, p ', 'WITH 1 AS one, e ', 'OPTIONAL '])}${CASING(g, g.pick(WRITES))}` : '';
    return { query: `${head}${middle}${blank()}${ret}`, params, write };
  });
}

/** Runs queries on a read-only copy of the seed graph in a child process; reports the first one it died on. */
function runInChild(dataDir: string, queries: { query: string; params: Record<string, unknown> }[]) {
  const source = `
    const lbug = require(${JSON.stringify(require.resolve('@ladybugdb/core'))});
    const queries = JSON.parse(require('fs').readFileSync(0, 'utf8'));
    (async () => {
      const db = new lbug.Database(process.argv[1], 256 * 1024 * 1024, true, true, 2 ** 36);
      const c = new lbug.Connection(db);
      await c.init();
      c.setQueryTimeout(2000);
      for (let i = 0; i < queries.length; i++) {
        process.stdout.write('S ' + i + '\\n');
        let outcome = 'ok';
        try {
          const s = await c.prepare(queries[i].query);
          if (!s.isSuccess()) outcome = 'refused';
          else if (!s.isReadOnly()) outcome = 'write';
          else { const r = await c.execute(s, queries[i].params); await r.getAll(); r.close(); }
        } catch (e) { outcome = 'error'; }
        process.stdout.write('D ' + i + ' ' + outcome + '\\n');
      }
    })().then(() => process.exit(0), () => process.exit(3));
  `;
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; outcomes: string[]; last: number }>((resolve) => {
    const child = spawn(process.execPath, ['-e', source, path.join(dataDir, DATABASE_FILE)], { stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code, signal) => {
      const lines = out.split('\n');
      const outcomes: string[] = [];
      let last = -1;
      for (const line of lines) {
        const m = /^([SD]) (\d+)(?: (\w+))?/.exec(line);
        if (m?.[1] === 'S') last = Number(m[2]);
        if (m?.[1] === 'D') outcomes[Number(m[2])] = m[3]!;
      }
      resolve({ code, signal, outcomes, last });
    });
    child.stdin.end(JSON.stringify(queries));
  });
}

describe(`the guard and the embedded engine under ${CASES} generated queries (seed ${SEED})`, () => {
  const all = cases();
  const accepted: FuzzCase[] = [];
  const refused: { c: FuzzCase; code: string }[] = [];

  beforeAll(() => {
    for (const c of all) {
      try {
        refuseUnlessRead(c.query, 'embedded', c.params);
        accepted.push(c);
      } catch (e) {
        if (!(e instanceof KgError)) throw new Error(`the guard threw ${String(e)} on ${JSON.stringify(c.query)}`);
        refused.push({ c, code: e.code });
      }
    }
  });

  test('the guard never accepts a generated write, and refuses each with a product code and a position', () => {
    expect(accepted.filter((c) => c.write).map((c) => c.query)).toEqual([]);
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused.map((r) => r.code))).toEqual(expect.any(Set));
    for (const { code } of refused) expect(['CYPHER_WRITE_FORBIDDEN', 'FORBIDDEN', 'CYPHER_SYNTAX_ERROR']).toContain(code);
  });

  test('the fuzz reaches the engine: a good share of the reads pass the guard', () => {
    // Fewer would mean the generator or the guard went wrong, and the engine half below would test nothing.
    expect(accepted.length).toBeGreaterThan(CASES * 0.25);
  });

  test('no query the guard accepts crashes the engine or turns out to write', async () => {
    const dataDir = tempDataDir('kg-fuzz-');
    await (await openEmbeddedStore({ dataDir, seeded: true })).close();
    const run = await runInChild(dataDir, accepted);
    const crashed = run.code === 0 ? undefined : accepted[run.last];
    expect({ crashed: crashed && { ...crashed, signal: run.signal, code: run.code } }).toEqual({ crashed: undefined });
    const writes = accepted.filter((_, i) => run.outcomes[i] === 'write').map((c) => c.query);
    expect(writes).toEqual([]);
    expect(run.outcomes.filter(Boolean)).toHaveLength(accepted.length);
  }, 120_000);
});
