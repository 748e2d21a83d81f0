/**
 * The data folder before the engine opens it: a database file the product cannot trust stops the start with
 * DATA_DIR_DAMAGED; a write-ahead log that cannot be replayed whole is kept aside (never deleted), cut back to its
 * last committed transaction and reported with the bytes dropped; after an unclean shutdown the folder is opened
 * first in a child process (./folder-probe.ts), so a native crash of the engine ends the probe, not the server.
 *
 * Torn tail or damage (./ladybug-format.ts decides from the log's own framing and checksums):
 * - torn: the log ends inside a frame, in zeros, or with a transaction that has no commit. A process killed while
 *   it writes leaves exactly that, and what is dropped never committed; reported as a warning.
 * - damaged: a frame fails its checksum or is no LadybugDB record while more bytes follow, or the header is wrong
 *   (another database's log, garbage). A kill never leaves that; committed transactions after the damage are
 *   lost; reported as an error. Both keep the whole log aside as `graph.lbdb.wal.damaged-<time>`.
 * A log cut exactly at a frame boundary after a commit cannot be told from a shorter history; nothing can.
 */
import fs from 'node:fs';
import path from 'node:path';
import { KgError } from '../../errors';
import { createLogger } from '../../log';
import { PAGE_SIZE, readDatabaseHeader, scanWal, type WalScan } from './ladybug-format';
import { probeDataFolder } from './folder-probe';

/** LadybugDB's files beside the database file: its log, the log frozen by a checkpoint, the checkpoint's shadow pages. */
const WAL_SUFFIX = '.wal';
const FROZEN_WAL_SUFFIX = '.wal.checkpoint';
const SHADOW_SUFFIX = '.shadow';
/** Marks a log kept aside: `graph.lbdb.wal.damaged-<time>`. */
const SET_ASIDE_MARK = '.damaged-';

/** What was found, and done, before the engine opened the folder. */
export interface DataFolderReport {
  dataDir: string;
  /** No database file yet: the engine creates one. */
  isNew: boolean;
  /** Set when the log could not be replayed whole. */
  droppedLog?: { tail: 'torn' | 'damaged'; bytesDropped: number; bytesKept: number; transactionsKept: number; keptAs?: string; problem: string };
  /** True when the folder was opened in a child process first (after an unclean shutdown). */
  probed: boolean;
}

/** The error for a folder the product cannot trust: what is wrong, where, and what to do. */
export function dataDirDamaged(dataDir: string, file: string, problem: string): KgError {
  return new KgError(
    'DATA_DIR_DAMAGED',
    `the data folder ${dataDir} cannot be trusted: ${problem} (${file}). Nothing was changed. ` +
      'Restore a backup with `kg restore <backup-folder>`, or move the folder aside to start a new graph; `kg check` tells more.',
    { path: file },
  );
}

/**
 * Checks the folder of the database file `databaseFile` before it is opened. `readOnly` (kg check, probes)
 * changes nothing and runs no probe; it throws DATA_DIR_DAMAGED for a database file the product cannot trust.
 */
export async function checkDataFolder(databaseFile: string, options: { readOnly?: boolean } = {}): Promise<DataFolderReport> {
  const dataDir = path.dirname(databaseFile);
  const report: DataFolderReport = { dataDir, isNew: false, probed: false };
  const wal = databaseFile + WAL_SUFFIX;
  const dbStat = fs.statSync(databaseFile, { throwIfNoEntry: false });
  const walStat = fs.statSync(wal, { throwIfNoEntry: false });
  if (!dbStat) {
    if (walStat && walStat.size > 0) throw dataDirDamaged(dataDir, databaseFile, `the database file is missing but its log (${walStat.size} bytes) is there`);
    report.isNew = true;
    return report;
  }
  // Another process holds the folder: its files are live, so nothing here may judge or change them.
  if (lockHolders(databaseFile).length > 0) return report;
  const header = readDatabaseHeader(readHead(databaseFile, PAGE_SIZE), dbStat.size);
  if (!header.ok) throw dataDirDamaged(dataDir, databaseFile, header.problem);

  const unclean = [FROZEN_WAL_SUFFIX, SHADOW_SUFFIX].some((s) => fs.existsSync(databaseFile + s)) || (walStat?.size ?? 0) > 0;
  const scan = walStat && walStat.size > 0 ? scanWal(fs.readFileSync(wal), header.databaseId) : undefined;
  const dropping = scan && scan.tail !== 'none' ? scan : undefined;
  if (options.readOnly) {
    if (dropping) report.droppedLog = droppedLog(dropping);
    return report;
  }
  const keptAs = dropping ? setLogAside(wal, dropping) : undefined;
  if (unclean) {
    const probe = await probeDataFolder(dataDir, 'open');
    report.probed = true;
    if (!probe.ok) {
      // The folder goes back to exactly how it was found: the whole log in its place.
      if (keptAs) fs.renameSync(keptAs, wal);
      throw dataDirDamaged(dataDir, databaseFile, `opening it ${probe.failure}`);
    }
  }
  if (dropping) announce(wal, dropping, (report.droppedLog = { ...droppedLog(dropping), keptAs: keptAs! }));
  remindOfSetAside(dataDir, keptAs);
  return report;
}

function droppedLog(scan: WalScan): NonNullable<DataFolderReport['droppedLog']> {
  return { tail: scan.tail as 'torn' | 'damaged', bytesDropped: scan.size - scan.keep, bytesKept: scan.keep, transactionsKept: scan.transactions, problem: scan.problem ?? '' };
}

/** Keeps the whole log beside it and cuts the live one back to what replays whole (its last commit). */
function setLogAside(wal: string, scan: WalScan): string {
  const keptAs = `${wal}${SET_ASIDE_MARK}${new Date().toISOString().replace(/[:.]/g, '-')}`;
  fs.copyFileSync(wal, keptAs, fs.constants.COPYFILE_EXCL);
  if (scan.keep === 0) fs.rmSync(wal);
  else fs.truncateSync(wal, scan.keep);
  return keptAs;
}

/** Says loudly, in the log (warn for a torn tail, error for damage) and on stderr, what was dropped. */
function announce(wal: string, scan: WalScan, dropped: NonNullable<DataFolderReport['droppedLog']>): void {
  const what =
    scan.tail === 'torn'
      ? `the write-ahead log ends in an unfinished transaction (${scan.problem}), as a process stopped while writing leaves it`
      : `the write-ahead log is damaged (${scan.problem}); committed transactions after the damage are lost`;
  const message = `${what}: ${dropped.bytesDropped} bytes dropped, ${dropped.bytesKept} bytes (${dropped.transactionsKept} transactions) replayed. The whole log is kept as ${dropped.keptAs}.`;
  const fields = { dataDir: path.dirname(wal), wal, keptAs: dropped.keptAs, bytesDropped: dropped.bytesDropped, bytesKept: dropped.bytesKept, transactionsKept: dropped.transactionsKept };
  const log = createLogger('warn');
  if (scan.tail === 'torn') log.warn(fields, message);
  else log.error(fields, message);
  process.stderr.write(`kg: ${scan.tail === 'torn' ? 'warning' : 'ERROR'}: ${path.dirname(wal)}: ${message}\n`);
}

/** Logs set aside earlier stay in the folder until someone deals with them; every open says so. */
function remindOfSetAside(dataDir: string, justNow: string | undefined): void {
  const earlier = fs.readdirSync(dataDir).filter((f) => f.includes(SET_ASIDE_MARK) && path.join(dataDir, f) !== justNow);
  if (earlier.length === 0) return;
  const message = `${earlier.length} damaged log${earlier.length > 1 ? 's' : ''} set aside at an earlier start (${earlier.join(', ')}): the graph lacks what ${earlier.length > 1 ? 'they' : 'it'} held. Move ${earlier.length > 1 ? 'them' : 'it'} out of the folder once dealt with.`;
  createLogger('warn').warn({ dataDir, setAside: earlier }, message);
  process.stderr.write(`kg: warning: ${dataDir}: ${message}\n`);
}

function readHead(file: string, bytes: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, fs.readSync(fd, buffer, 0, bytes, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Processes (other than this one) holding a lock on the database file: LadybugDB takes a POSIX lock on it while
 * open. Read from /proc/locks, so Linux only; elsewhere the answer is "none known".
 */
export function lockHolders(databaseFile: string): number[] {
  let locks: string;
  try {
    locks = fs.readFileSync('/proc/locks', 'utf8');
  } catch {
    return [];
  }
  const stat = fs.statSync(databaseFile, { throwIfNoEntry: false, bigint: true });
  if (!stat) return [];
  // st_dev as glibc encodes it; /proc/locks prints major:minor:inode, the first two in hex.
  const major = ((stat.dev >> 8n) & 0xfffn) | ((stat.dev >> 32n) & ~0xfffn);
  const minor = (stat.dev & 0xffn) | ((stat.dev >> 12n) & ~0xffn);
  const holders = new Set<number>();
  for (const line of locks.split('\n')) {
    const m = /^\d+:\s+\S+\s+\S+\s+\S+\s+(\d+)\s+([0-9a-f]+):([0-9a-f]+):(\d+)\s/.exec(line);
    if (!m || BigInt(m[4]!) !== stat.ino || BigInt(`0x${m[2]}`) !== major || BigInt(`0x${m[3]}`) !== minor) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid) holders.add(pid);
  }
  return [...holders];
}
