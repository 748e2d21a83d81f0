/**
 * The embedded store's writes, one at a time (LadybugDB allows one write transaction at a time), in the order they
 * were asked for. A `rewrite` (anything that may write the database file itself, not only the log) waits at the
 * checkpoint gate until no user's query reads the file. The counts tell query processes how old their view is.
 */
import type { CheckpointGate } from './checkpoint-gate';

/** What a queued write did to the graph, so the adjacency index knows whether it can follow. */
export type WriteEffect = 'document' | 'unknown' | 'none';

export interface WriteQueueHooks {
  /** After a write whose effect the in-process indexes cannot follow (user Cypher, bulk copies). */
  afterUnknownWrite(): void;
  /** After every write, in the queue (the store checkpoints here when the log has grown). */
  afterEach(): Promise<void>;
}

export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  /** Writes so far: a query process whose view is older opens a new one (see ./user-queries.ts). */
  writes = 0;
  /** Rewrites of the database file so far (checkpoints, bulk copies, admin statements); each waits at the gate. */
  rewrites = 0;
  /** True once anything was queued (the saved adjacency index no longer describes the files). */
  wroteSinceOpen = false;

  constructor(private readonly gate: CheckpointGate, private readonly hooks: WriteQueueHooks) {}

  /** Queues `work` behind every earlier write. */
  write<T>(work: () => Promise<T>, effect: WriteEffect = 'unknown', rewrite = false): Promise<T> {
    this.wroteSinceOpen = true;
    const result = this.tail.then(async () => {
      const leave = rewrite ? await this.gate.exclusive() : () => undefined;
      if (rewrite) this.rewrites++;
      try {
        return await work();
      } finally {
        leave();
        // Counted before the caller hears of it, so its next query reads a view with this write.
        if (effect !== 'none') this.writes++;
      }
    });
    this.tail = result
      .then(
        () => {
          if (effect === 'unknown') this.hooks.afterUnknownWrite();
        },
        () => undefined,
      )
      .then(() => this.hooks.afterEach());
    return result;
  }

  /** Runs `work` between two writes (in the queue) without counting it as one. */
  between<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Takes the gate for a rewrite made outside `write` (a checkpoint between writes); call the result to leave. */
  async exclusive(): Promise<() => void> {
    const leave = await this.gate.exclusive();
    this.rewrites++;
    return leave;
  }

  /** Resolves once every queued write has ended, however it ended. */
  settled(): Promise<void> {
    return this.tail.then(
      () => undefined,
      () => undefined,
    );
  }
}
