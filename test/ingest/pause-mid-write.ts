/**
 * Loaded with `--require` into a `kg ingest` child by the crash test: once the first entities of the document
 * are written inside its transaction, prints the line in KG_TEST_PAUSE_MID_WRITE on stdout and never goes on,
 * so the test's SIGKILL lands inside the open transaction by construction, not by timing.
 */
import { LadybugGraphStore } from '../../src/graph/embedded/ladybug-store';

const signal = process.env.KG_TEST_PAUSE_MID_WRITE;
if (signal) {
  const prototype = LadybugGraphStore.prototype as unknown as { upsertEntities: (...args: unknown[]) => Promise<void> };
  const upsertEntities = prototype.upsertEntities;
  prototype.upsertEntities = async function (this: unknown, ...args: unknown[]) {
    await upsertEntities.apply(this, args);
    process.stdout.write(`${signal}\n`);
    // Held open until the test kills the process.
    await new Promise<never>(() => setInterval(() => undefined, 1 << 30));
  };
}
