/**
 * The read connections of the embedded store. A query on a busy LadybugDB connection blocks the event loop until it
 * is free, so each read takes an idle connection, or waits for one.
 * The pool also keeps a CHECKPOINT (or an admin statement, which may be one) apart from this process's reads:
 * LadybugDB 0.19 stops the whole process (SIGSEGV) when a checkpoint runs while another connection reads.
 */
import type { Connection } from '@ladybugdb/core';
import { CheckpointGate } from './checkpoint-gate';

export class ReaderPool {
  private idle: Connection[];
  private waiters: ((c: Connection) => void)[] = [];
  /** This process's reads share it; a checkpoint takes it alone. */
  private readonly reads = new CheckpointGate();

  constructor(readonly connections: readonly Connection[]) {
    this.idle = [...connections];
  }

  /** Runs `work` on a reader of its own, waiting for one to be free. */
  async withReader<T>(work: (reader: Connection) => Promise<T>): Promise<T> {
    return this.asRead(async () => {
      const reader = this.idle.pop() ?? (await new Promise<Connection>((resolve) => this.waiters.push(resolve)));
      try {
        return await work(reader);
      } finally {
        const waiter = this.waiters.shift();
        if (waiter) waiter(reader);
        else this.idle.push(reader);
      }
    });
  }

  /** Runs `work`, a read on a connection of its own, counted among this process's reads. */
  async asRead<T>(work: () => Promise<T>): Promise<T> {
    const leave = await this.reads.shared(Infinity);
    try {
      return await work();
    } finally {
      leave();
    }
  }

  /** Runs `work` (a CHECKPOINT or an admin statement) once no read of this process runs, holding new ones back. */
  async apartFromReads<T>(work: () => Promise<T>): Promise<T> {
    const leave = await this.reads.exclusive();
    try {
      return await work();
    } finally {
      leave();
    }
  }
}
