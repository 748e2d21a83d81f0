/**
 * Child of checkpoint-beside-reads.test.ts: on a seeded embedded graph, rounds of an admin write followed by a
 * checkpoint with the store's own reads running beside it. LadybugDB 0.19 stops the whole process (SIGSEGV) when a
 * checkpoint runs while another connection of the database reads; the store must keep them apart.
 */
import { enginesUnderTest, openSeeded } from '../support/engines';

const ROUNDS = Number(process.argv[2] ?? 40);

(async () => {
  // The embedded engine's store: checkpoint() is its own, not the port's.
  const store = (await openSeeded(enginesUnderTest()[0]!)) as Awaited<ReturnType<typeof openSeeded>> & { checkpoint(): Promise<void> };
  for (let i = 0; i < ROUNDS; i++) {
    const id = `checkpoint-round-${i}`;
    await store.runCypher(`CREATE (e:Entity {id: '${id}', kind: 'Person', name: 'Round ${i}'}) RETURN e.id`, { readOnly: false, trusted: true, timeoutMs: 30_000, maxRows: 10 });
    const [, a, b] = await Promise.all([store.checkpoint(), store.stats(), store.stats()]);
    if (a.entities !== b.entities) throw new Error(`two reads beside one checkpoint disagree: ${a.entities} and ${b.entities}`);
    await store.runCypher(`MATCH (e:Entity {id: '${id}'}) DETACH DELETE e`, { readOnly: false, trusted: true, timeoutMs: 30_000, maxRows: 10 });
  }
  await store.close();
  console.log(`rounds done: ${ROUNDS}`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
