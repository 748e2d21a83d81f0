/**
 * The read connections of the embedded store. A query on a busy LadybugDB connection blocks the event loop until it
 * is free, so each read takes an idle connection, or waits for one.
 */
import type { Connection } from '@ladybugdb/core';

export class ReaderPool {
  private idle: Connection[];
  private waiters: ((c: Connection) => void)[] = [];

  constructor(readonly connections: readonly Connection[]) {
    this.idle = [...connections];
  }

  /** Runs `work` on a reader of its own, waiting for one to be free. */
  async withReader<T>(work: (reader: Connection) => Promise<T>): Promise<T> {
    const reader = this.idle.pop() ?? (await new Promise<Connection>((resolve) => this.waiters.push(resolve)));
    try {
      return await work(reader);
    } finally {
      const waiter = this.waiters.shift();
      if (waiter) waiter(reader);
      else this.idle.push(reader);
    }
  }
}
