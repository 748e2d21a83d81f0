/**
 * A bound on how many users' Cypher queries the embedded engine runs at once (KG_CYPHER_CONCURRENCY), one per
 * query process: each holds a core and up to KG_CYPHER_MEMORY_MB, so the bound keeps the server's own requests
 * a core and the machine its memory. Queries past the bound wait their turn, within their own time limit.
 */
import { KgError } from '../../errors';

export class QuerySlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {}

  /** Queries holding a slot now. */
  get busy(): number {
    return this.running;
  }

  /** Queries waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Waits for a free slot until `deadline` (a `performance.now()` time); returns the function that frees it.
   * A query still waiting at its deadline has used up its time limit and is refused with CYPHER_TIMEOUT.
   */
  async acquire(deadline: number): Promise<() => void> {
    if (this.running < this.size) {
      this.running++;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(wake), 1);
        reject(new KgError('CYPHER_TIMEOUT', 'the query waited its whole time limit for earlier queries to finish and was not started'));
      }, Math.max(0, deadline - performance.now()));
      this.waiting.push(wake);
    });
    // The slot was handed over by the releasing query, so `running` already counts this one.
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    };
  }
}
