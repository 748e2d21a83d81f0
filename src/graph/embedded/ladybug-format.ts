/**
 * What the product knows of LadybugDB's on-disk format (0.19.x, storage version 43), read without the engine so a
 * damaged folder is found before the engine sees it. Learnt from the files it writes and from its sources
 * (storage/database_header.cpp, storage/wal/wal.cpp, wal_record.cpp, common/checksum.cpp):
 *
 * - the database file is pages of 4 KiB; page 0 starts with the magic `LBUG`, the storage version (u64), the page
 *   ranges {start u32, pages u32} of the catalog and the metadata written by the last checkpoint (0xffffffff
 *   before the first), and the database id (16 bytes);
 * - the write-ahead log starts with the database id and a checksums flag (1 byte), then frames; with checksums on
 *   (the default) each piece is followed by its u64 checksum: header(17) checksum(8), then per record
 *   length(u64) record(length) checksum(8), the checksum covering length and record. A record's first byte is its
 *   type: 1 begins a transaction, 2 commits it.
 */

export const PAGE_SIZE = 4096;
const MAGIC = 'LBUG';
const NO_PAGE = 0xffffffff;
/** Storage version LadybugDB 0.19.1 writes; another value means another release wrote the file. */
export const STORAGE_VERSION = 43;
const WAL_HEADER = 17;
const CHECKSUM = 8;
const BEGIN_TRANSACTION = 1;
const COMMIT = 2;
const CHECKPOINT_RECORD = 254;
/** Record types LadybugDB 0.19 writes (WALRecordType); anything else in a checksummed frame is not its record. */
const RECORD_TYPES = new Set([1, 2, 13, 14, 16, 17, 18, 30, 31, 32, 33, 34, 35, 100, 254]);

/** What page 0 of a database file says, or why it cannot be read. */
export type DatabaseHeader =
  | { ok: true; storageVersion: number; databaseId: string; pagesNeeded: number }
  | { ok: false; problem: string };

/** Reads the header of a database file from its first bytes, given the file's size. */
export function readDatabaseHeader(head: Buffer, fileSize: number): DatabaseHeader {
  if (fileSize === 0) return { ok: false, problem: 'the database file is empty (0 bytes)' };
  if (head.length < 44 || head.subarray(0, 4).toString('latin1') !== MAGIC) {
    return { ok: false, problem: `the database file does not start with LadybugDB's header (it is ${fileSize} bytes of something else)` };
  }
  const storageVersion = Number(head.readBigUInt64LE(4));
  if (storageVersion !== STORAGE_VERSION) {
    return { ok: false, problem: `the database file was written by another LadybugDB release (storage version ${storageVersion}; this one reads ${STORAGE_VERSION})` };
  }
  if (fileSize % PAGE_SIZE !== 0) return { ok: false, problem: `the database file is cut short: ${fileSize} bytes is not a whole number of ${PAGE_SIZE}-byte pages` };
  let pagesNeeded = 1;
  for (const at of [12, 20]) {
    const start = head.readUInt32LE(at);
    const pages = head.readUInt32LE(at + 4);
    if (start !== NO_PAGE) pagesNeeded = Math.max(pagesNeeded, start + pages);
  }
  if (pagesNeeded * PAGE_SIZE > fileSize) {
    return { ok: false, problem: `the database file is cut short: its last checkpoint wrote ${pagesNeeded} pages but the file holds ${fileSize / PAGE_SIZE}` };
  }
  return { ok: true, storageVersion, databaseId: head.subarray(28, 44).toString('hex'), pagesNeeded };
}

/**
 * What a write-ahead log holds: `keep` bytes replay whole (through its last committed transaction), the rest is
 * dropped. `tail` says why: 'none' (nothing dropped), 'torn' (the log ends inside a frame, or with a transaction
 * that has no commit: what a process killed while writing leaves), 'damaged' (a frame fails its checksum or is
 * not a LadybugDB record while more bytes follow, or the header is wrong: not something a kill leaves).
 */
export interface WalScan {
  keep: number;
  size: number;
  transactions: number;
  tail: 'none' | 'torn' | 'damaged';
  problem?: string;
  databaseId?: string;
}

/** Scans a whole log; `databaseId` is the database file's, which the log header must name. */
export function scanWal(wal: Buffer, databaseId: string | undefined): WalScan {
  const size = wal.length;
  // An empty log, or one cut inside its header, holds no transaction: the engine writes the header before any.
  if (size < WAL_HEADER + CHECKSUM) {
    return size === 0 ? { keep: 0, size, transactions: 0, tail: 'none' } : { keep: 0, size, transactions: 0, tail: 'torn', problem: 'the log ends inside its header' };
  }
  const logId = wal.subarray(0, 16).toString('hex');
  if (checksum(wal.subarray(0, WAL_HEADER)) !== wal.readBigUInt64LE(WAL_HEADER) || wal[16]! > 1) {
    return { keep: 0, size, transactions: 0, tail: 'damaged', problem: 'the log header is not LadybugDB’s (bad checksum)' };
  }
  if (wal[16] !== 1) return { keep: 0, size, transactions: 0, tail: 'damaged', problem: 'the log was written without checksums, which this product never does' };
  if (databaseId && logId !== databaseId) {
    return { keep: 0, size, transactions: 0, tail: 'damaged', problem: 'the log belongs to another database (its database id differs from the database file’s)', databaseId: logId };
  }
  let at = WAL_HEADER + CHECKSUM;
  let keep = at;
  let transactions = 0;
  let open = false;
  while (at < size) {
    if (size - at < 8 + 1 + CHECKSUM) return torn(at, 'the log ends inside a record');
    const length = wal.readBigUInt64LE(at);
    // Zeros to the end: space the file system allotted but the crash never filled.
    if (wal.subarray(at).every((b) => b === 0)) return torn(at, 'the log ends in zeros');
    if (length === 0n || length > BigInt(size)) {
      // A length past the end is what a cut leaves only if the rest of the file is that record's prefix.
      return length > BigInt(size - at) && length < 1n << 40n ? torn(at, 'the log ends inside a record') : damaged(at, 'a record length makes no sense');
    }
    const end = at + 8 + Number(length);
    if (end + CHECKSUM > size) return torn(at, 'the log ends inside a record');
    if (checksum(wal.subarray(at, end)) !== wal.readBigUInt64LE(end)) {
      return damaged(at, 'a record fails its checksum');
    }
    const type = wal[at + 8]!;
    if (!RECORD_TYPES.has(type)) return damaged(at, `a record has an unknown type ${type}`);
    if (type === BEGIN_TRANSACTION) open = true;
    at = end + CHECKSUM;
    if (type === COMMIT) {
      open = false;
      transactions++;
      keep = at;
    } else if (type === CHECKPOINT_RECORD && !open) {
      // A checkpoint marker stands on its own.
      keep = at;
    }
  }
  return keep === size ? { keep, size, transactions, tail: 'none' } : torn(at, 'the last transaction has no commit');

  function torn(_at: number, problem: string): WalScan {
    return { keep, size, transactions, tail: 'torn', problem };
  }
  function damaged(offset: number, problem: string): WalScan {
    return { keep, size, transactions, tail: 'damaged', problem: `${problem} at byte ${offset}` };
  }
}

const M64 = (1n << 64n) - 1n;
const mul = (a: bigint, b: bigint) => (a * b) & M64;

/** LadybugDB's (DuckDB's) checksum: a multiply per 8-byte word, a Murmur-style hash of the remainder. */
export function checksum(data: Buffer): bigint {
  let result = 5381n;
  const words = Math.floor(data.length / 8);
  for (let i = 0; i < words; i++) result ^= mul(data.readBigUInt64LE(i * 8), 0xbf58476d1ce4e5b9n);
  if (data.length > words * 8) result ^= remainderHash(data.subarray(words * 8));
  return result;
}

function remainderHash(rest: Buffer): bigint {
  const M = 0xc6a4a7935bd1e995n;
  const R = 47n;
  let h = 0xe17a1465n ^ mul(BigInt(rest.length), M);
  for (let j = rest.length - 1; j >= 0; j--) h ^= BigInt(rest[j]!) << BigInt(8 * j);
  h = mul(h, M);
  h ^= h >> R;
  h = mul(h, M);
  h ^= h >> R;
  return h;
}
