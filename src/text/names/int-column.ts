/**
 * A growable column of 32-bit integers: the name index keeps its entries, posting lists and hash chains in these
 * instead of per-name objects, so a million names cost megabytes of typed arrays, not a heap of small objects.
 */
export class IntColumn {
  data: Int32Array;
  length = 0;

  constructor(capacity = 16) {
    this.data = new Int32Array(Math.max(1, capacity));
  }

  /** Appends a value and returns its position. */
  push(value: number): number {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length] = value;
    return this.length++;
  }

  /** Makes room for at least `capacity` values (doubling, so appends stay amortised constant). */
  reserve(capacity: number): void {
    if (capacity <= this.data.length) return;
    const next = new Int32Array(Math.max(capacity, this.data.length * 2));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  /** Forgets every value, keeping the memory. */
  clear(): void {
    this.length = 0;
  }
}
