/**
 * The child process of ./folder-probe.ts: opens the folder read-only, runs the consistency reads, prints one JSON
 * line (a ProbeResult). Usage: node folder-probe-child.js <data-dir> <open|full> <buffer-pool-mb>.
 */
import { isKgError } from '../../errors';
import { ENTITY_LABEL, SOURCE_LABEL, kindNames } from '../../ontology/ontology';
import type { FolderCheck, ProbeResult } from './folder-probe';
import { LadybugGraphStore } from './store';

/** Entities looked up by primary key to exercise the id index (a sample: all of them would take long on big graphs). */
const INDEX_SAMPLE = 2000;

async function probe(dataDir: string, mode: 'open' | 'full', bufferPoolMb: number): Promise<ProbeResult> {
  const store = new LadybugGraphStore({ dataDir, bufferPoolMb, readOnly: true, readConnections: 1 });
  try {
    await store.init();
  } catch (e) {
    return { ok: false, failure: isKgError(e) && e.code === 'DATA_DIR_DAMAGED' ? e.message : `failed: ${(e as Error).message.split('\n')[0]}`, checks: [] };
  }
  const checks: FolderCheck[] = [];
  const connection = await store.connect();
  const all = async (query: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>[]> => {
    const result = Object.keys(params).length ? await connection.execute(await connection.prepare(query), params as never) : await connection.query(query);
    const first = Array.isArray(result) ? result[0]! : result;
    try {
      return (await first.getAll()) as Record<string, unknown>[];
    } finally {
      first.close();
    }
  };
  const one = async (query: string, params: Record<string, unknown> = {}) => (await all(query, params))[0] ?? {};
  const check = async (name: string, run: () => Promise<string | true>) => {
    try {
      const outcome = await run();
      checks.push({ name, ok: outcome === true, detail: outcome === true ? 'ok' : outcome });
    } catch (e) {
      checks.push({ name, ok: false, detail: `the engine failed: ${(e as Error).message.split('\n')[0]}` });
    }
  };
  let counts: ProbeResult['counts'];
  const tables = (await all('CALL show_tables() RETURN name')).map((r) => String(r.name));
  if (!tables.includes(ENTITY_LABEL)) {
    // A database whose schema was never committed (a folder killed at its first start): the next open creates it.
    await connection.close();
    await store.close();
    return { ok: true, checks: [{ name: 'graph tables', ok: true, detail: 'none yet: an empty graph' }], counts: { entities: 0, relationships: 0, sources: 0, mentions: 0 } };
  }
  await check('counts', async () => {
    const s = await store.stats();
    counts = { entities: s.entities, relationships: s.relationships, sources: s.sources, mentions: s.mentions };
    return true;
  });
  for (const label of [ENTITY_LABEL, SOURCE_LABEL]) {
    await check(`${label} ids unique and set`, async () => {
      const r = await one(`MATCH (n:${label}) RETURN count(*) AS n, count(DISTINCT n.id) AS d`);
      return Number(r.n) === Number(r.d) || `${Number(r.n) - Number(r.d)} of ${r.n} ${label} nodes have no id or share one`;
    });
  }
  await check('entity kinds known', async () => {
    const r = await one(`MATCH (e:${ENTITY_LABEL}) WHERE e.kind IS NULL OR NOT list_contains($kinds, e.kind) RETURN count(*) AS n`, { kinds: kindNames });
    return Number(r.n) === 0 || `${r.n} entities have a kind the ontology does not know`;
  });
  await check("every relationship's ends exist", async () => {
    const r = await one('MATCH (a)-[r]->(b) RETURN count(*) AS n, count(a.id) AS a, count(b.id) AS b');
    const expected = (counts?.relationships ?? 0) + (counts?.mentions ?? 0);
    if (Number(r.a) !== Number(r.n) || Number(r.b) !== Number(r.n)) return `${Number(r.n) - Math.min(Number(r.a), Number(r.b))} relationships have an end without an id`;
    return !counts || Number(r.n) === expected || `the relationship tables hold ${r.n} relationships, the counts say ${expected}`;
  });
  await check('id index finds every entity', async () => {
    const ids = (await all(`MATCH (e:${ENTITY_LABEL}) RETURN e.id AS id LIMIT ${INDEX_SAMPLE}`)).map((r) => String(r.id));
    const r = await one(`UNWIND $ids AS i MATCH (e:${ENTITY_LABEL} {id: i}) RETURN count(*) AS n`, { ids: ids.length ? ids : [''] });
    return Number(r.n) === ids.length || `${ids.length - Number(r.n)} of ${ids.length} entities are not found by their id`;
  });
  if (mode === 'full') {
    await check('adjacency index builds', async () => {
      await store.warmUp();
      const indexed = (await store.stats()).relationships;
      return !counts || indexed === counts.relationships || `the adjacency index holds ${indexed} relationships, the engine ${counts.relationships}`;
    });
  }
  await connection.close();
  await store.close();
  const failed = checks.filter((c) => !c.ok);
  const droppedLog = store.dataFolder?.droppedLog;
  return {
    ok: failed.length === 0,
    ...(failed.length ? { failure: `failed ${failed.length} of its ${checks.length} consistency reads, first "${failed[0]!.name}": ${failed[0]!.detail}` } : {}),
    checks,
    ...(counts ? { counts } : {}),
    ...(droppedLog ? { droppedLog: { tail: droppedLog.tail, bytesDropped: droppedLog.bytesDropped, transactionsKept: droppedLog.transactionsKept, problem: droppedLog.problem } } : {}),
  };
}

if (require.main === module) {
  const [dataDir, mode, pool] = process.argv.slice(2);
  void probe(dataDir!, mode === 'full' ? 'full' : 'open', Number(pool) || 256).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (e) => {
      process.stdout.write(`${JSON.stringify({ ok: false, failure: `failed: ${(e as Error).message.split('\n')[0]}`, checks: [] })}\n`);
      process.exit(0);
    },
  );
}
