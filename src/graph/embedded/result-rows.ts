/**
 * Reading the engine's results: rows as plain objects, and the `from,to` lines its COPY TO writes (parsed by a byte
 * loop, far faster than a general CSV reader over millions of lines).
 */
import type { QueryResult } from '@ladybugdb/core';
import type { Row } from '../rows';

/** The last result's rows with every value converted; every result is closed, whatever happens. */
export function rowsOf(result: QueryResult | QueryResult[], convert: (v: unknown) => unknown): Row[] {
  const results = Array.isArray(result) ? result : [result];
  const last = results[results.length - 1]!;
  // Results are materialised by the engine; reading them synchronously saves a thread hop per row.
  // Closed in every case: an unclosed result pins buffer-pool pages until GC runs, and after a few dozen
  // path queries the pool is full ("Unable to allocate memory").
  try {
    const rows = last.getAllSync();
    return rows.map((row) => {
      const out: Row = {};
      for (const [k, v] of Object.entries(row)) out[k] = convert(v);
      return out;
    });
  } finally {
    for (const r of results) r.close();
  }
}

/**
 * Parses the `from,to` integer lines the engine's COPY TO writes. Millions of lines: a byte loop here is
 * several times faster than a general CSV parser, and these lines hold nothing but digits and one comma.
 * A line without a comma is skipped.
 */
export function rowPairs(buffer: Uint8Array): { from: Uint32Array; to: Uint32Array } {
  let lines = 0;
  for (let i = 0; i < buffer.length; i++) if (buffer[i] === 10) lines++;
  if (buffer.length > 0 && buffer[buffer.length - 1] !== 10) lines++;
  const from = new Uint32Array(lines);
  const to = new Uint32Array(lines);
  let n = 0;
  let value = 0;
  let first = -1;
  for (let i = 0; i <= buffer.length; i++) {
    const c = i < buffer.length ? buffer[i]! : 10;
    if (c >= 48 && c <= 57) value = value * 10 + (c - 48);
    else if (c === 44) {
      first = value;
      value = 0;
    } else if (c === 10) {
      if (first >= 0) {
        from[n] = first;
        to[n] = value;
        n++;
      }
      first = -1;
      value = 0;
    }
  }
  return { from: from.subarray(0, n), to: to.subarray(0, n) };
}
