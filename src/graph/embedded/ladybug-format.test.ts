import { checksum, PAGE_SIZE, readDatabaseHeader, scanWal, STORAGE_VERSION } from './ladybug-format';

const ID = Buffer.from('0ecb70e13376c18f9145f9c0c0f32211', 'hex');

/** A log as LadybugDB frames it: header + checksum, then length, record, checksum per record. */
function wal(records: number[][], id = ID): Buffer {
  const header = Buffer.concat([id, Buffer.from([1])]);
  const parts = [header, u64(checksum(header))];
  for (const r of records) {
    const framed = Buffer.concat([u64(BigInt(r.length)), Buffer.from(r)]);
    parts.push(framed, u64(checksum(framed)));
  }
  return Buffer.concat(parts);
}
function u64(v: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(v);
  return b;
}
const BEGIN = [1];
const COMMIT = [2];
const INSERT = [30, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7];
const transaction = [BEGIN, INSERT, INSERT, COMMIT];

describe('checksum', () => {
  it('matches LadybugDB on a log header it wrote (database id + checksums flag)', () => {
    // Bytes 0..25 of a graph.lbdb.wal written by LadybugDB 0.19.1.
    const written = Buffer.from('0ecb70e13376c18f9145f9c0c0f3221101df24fc724730f975', 'hex');
    expect(checksum(written.subarray(0, 17))).toBe(written.readBigUInt64LE(17));
  });
  it('differs when one bit differs, in the words and in the remainder', () => {
    const a = Buffer.from('0123456789abcdef0123', 'hex');
    for (const at of [0, 9]) {
      const b = Buffer.from(a);
      b[at]! ^= 1;
      expect(checksum(b)).not.toBe(checksum(a));
    }
  });
});

describe('scanWal', () => {
  const whole = wal([...transaction, ...transaction]);
  const firstEnd = wal(transaction).length;

  it('keeps a whole log whole', () => {
    expect(scanWal(whole, ID.toString('hex'))).toEqual({ keep: whole.length, size: whole.length, transactions: 2, tail: 'none' });
  });
  it('an empty log drops nothing', () => {
    expect(scanWal(Buffer.alloc(0), undefined)).toMatchObject({ keep: 0, tail: 'none' });
  });
  it.each([
    ['inside the length of a record', firstEnd + 3],
    ['inside a record', firstEnd + 12],
    ['inside the checksum of a record', firstEnd + 8 + 1 + 4],
    ['after a whole record of an unfinished transaction', wal([...transaction, BEGIN, INSERT]).length],
    ['just before the commit', whole.length - 17],
  ])('a log cut %s is a torn tail: back to the last commit', (_what, cut) => {
    const scan = scanWal(whole.subarray(0, cut), ID.toString('hex'));
    expect(scan).toMatchObject({ keep: firstEnd, size: cut, transactions: 1, tail: 'torn' });
  });
  it('a log cut inside its header is torn with nothing kept', () => {
    expect(scanWal(whole.subarray(0, 20), undefined)).toMatchObject({ keep: 0, tail: 'torn' });
  });
  it('zeros after the last commit (space a crash never filled) are a torn tail', () => {
    const scan = scanWal(Buffer.concat([wal(transaction), Buffer.alloc(500)]), undefined);
    expect(scan).toMatchObject({ keep: firstEnd, transactions: 1, tail: 'torn' });
  });
  it('a flipped byte inside a committed transaction is damage, found at that record', () => {
    const bad = Buffer.from(whole);
    bad[firstEnd + 30]! ^= 0xff;
    const scan = scanWal(bad, ID.toString('hex'));
    expect(scan).toMatchObject({ keep: firstEnd, transactions: 1, tail: 'damaged' });
    expect(scan.problem).toMatch(/checksum at byte \d+/);
  });
  it('garbage from the first byte is damage with nothing kept', () => {
    const garbage = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 151 + 7) % 256));
    expect(scanWal(garbage, ID.toString('hex'))).toMatchObject({ keep: 0, size: 4000, tail: 'damaged' });
  });
  it("another database's log is damage with nothing kept", () => {
    const other = wal(transaction, Buffer.alloc(16, 9));
    expect(scanWal(other, ID.toString('hex'))).toMatchObject({ keep: 0, tail: 'damaged', problem: expect.stringMatching(/another database/) });
  });
  it('a well-framed record of a type LadybugDB never writes is damage', () => {
    expect(scanWal(wal([BEGIN, [77, 1, 2], COMMIT]), undefined)).toMatchObject({ keep: 25, tail: 'damaged', problem: expect.stringMatching(/unknown type 77/) });
  });
});

describe('readDatabaseHeader', () => {
  function header(catalog: [number, number], metadata: [number, number]): Buffer {
    const b = Buffer.alloc(PAGE_SIZE);
    b.write('LBUG', 0, 'latin1');
    b.writeBigUInt64LE(BigInt(STORAGE_VERSION), 4);
    b.writeUInt32LE(catalog[0], 12);
    b.writeUInt32LE(catalog[1], 16);
    b.writeUInt32LE(metadata[0], 20);
    b.writeUInt32LE(metadata[1], 24);
    ID.copy(b, 28);
    return b;
  }
  const checkpointed = header([10, 2], [12, 3]);

  it('reads a database that its checkpoint fits in', () => {
    expect(readDatabaseHeader(checkpointed, 15 * PAGE_SIZE)).toEqual({ ok: true, storageVersion: STORAGE_VERSION, databaseId: ID.toString('hex'), pagesNeeded: 15 });
  });
  it('reads a database with no checkpoint yet (one page)', () => {
    expect(readDatabaseHeader(header([0xffffffff, 0], [0xffffffff, 0]), PAGE_SIZE)).toMatchObject({ ok: true, pagesNeeded: 1 });
  });
  it.each([
    ['an empty file', Buffer.alloc(0), 0, /empty \(0 bytes\)/],
    ['another file', Buffer.from('hello, this is not a database at all, not at all.'), 49, /does not start with LadybugDB/],
    ['a part page', checkpointed, 15 * PAGE_SIZE - 100, /not a whole number/],
    ['a file cut at a page boundary before its checkpoint ends', checkpointed, 14 * PAGE_SIZE, /wrote 15 pages but the file holds 14/],
  ])('refuses %s', (_what, head, size, problem) => {
    const result = readDatabaseHeader(head, size);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toMatch(problem);
  });
  it('refuses a file written by another storage version', () => {
    const other = Buffer.from(checkpointed);
    other.writeBigUInt64LE(44n, 4);
    expect(readDatabaseHeader(other, 15 * PAGE_SIZE)).toMatchObject({ ok: false, problem: expect.stringMatching(/storage version 44/) });
  });
});
