/**
 * Keeps whatever rewrites the database file (a checkpoint, a bulk copy, an admin statement) apart from users'
 * queries reading it through a read-only view in a query process: those may run side by side (shared), a
 * rewrite runs alone (exclusive). A waiting rewrite goes first, so a stream of queries cannot starve it; a query
 * waits at most until its own deadline.
 */
import { KgError } from '../../errors';

export class CheckpointGate {
  private readers = 0;
  private writing = false;
  private readonly writers: (() => void)[] = [];
  private readonly waitingReaders: (() => void)[] = [];

  /** Queries holding the gate now. */
  get sharedHolders(): number {
    return this.readers;
  }

  /**
   * Enters beside other readers, once no rewrite runs or waits; CYPHER_TIMEOUT at `deadline` (a `performance.now()`
   * time), or no time limit when it is Infinity.
   */
  async shared(deadline: number): Promise<() => void> {
    if (!this.writing && this.writers.length === 0) {
      this.readers++;
      return this.once(() => this.leaveShared());
    }
    await new Promise<void>((resolve, reject) => {
      const enter = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
      // setTimeout treats a delay past 2^31 ms as 1 ms: no timer at all when there is no limit.
      const timer = Number.isFinite(deadline)
        ? setTimeout(() => {
            this.waitingReaders.splice(this.waitingReaders.indexOf(enter), 1);
            reject(new KgError('CYPHER_TIMEOUT', 'the query waited its whole time limit for the database file to be written and was not started'));
          }, Math.max(0, deadline - performance.now()))
        : undefined;
      this.waitingReaders.push(enter);
    });
    // Admitted by the releasing rewrite, which counted this reader in.
    return this.once(() => this.leaveShared());
  }

  /** Enters alone, once the readers inside have left. */
  async exclusive(): Promise<() => void> {
    if (!this.writing && this.readers === 0) this.writing = true;
    else await new Promise<void>((resolve) => this.writers.push(resolve));
    return this.once(() => this.leaveExclusive());
  }

  private leaveShared(): void {
    this.readers--;
    if (this.readers === 0) this.admitWriter();
  }

  private leaveExclusive(): void {
    this.writing = false;
    if (this.admitWriter()) return;
    const readers = this.waitingReaders.splice(0);
    this.readers += readers.length;
    for (const enter of readers) enter();
  }

  private admitWriter(): boolean {
    const next = this.writers.shift();
    if (!next) return false;
    this.writing = true;
    next();
    return true;
  }

  private once(release: () => void): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      release();
    };
  }
}
