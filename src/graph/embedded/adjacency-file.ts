/**
 * The adjacency index persisted beside the database, so a server on a loaded million-entity folder starts in
 * seconds instead of rebuilding it. The file records the database's stamp (size and modification time of the
 * database file and its write-ahead log) as they were when it was written; it is used only when the stamp still
 * matches, its format version is this one and its checksum holds. Anything else (a write since, a torn or damaged
 * file) means rebuild, never trust.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { relationshipTypeNames } from '../../ontology/ontology';
import { AdjacencyIndex, type AdjacencyArrays } from './adjacency';

/** File name of the persisted index inside KG_DATA_DIR. */
export const ADJACENCY_FILE = 'adjacency.idx';
const MAGIC = 'KGADJ\n';
/** Bumped whenever the layout or the meaning of the arrays changes. */
const FORMAT_VERSION = 2;

/** What identifies one state of the database on disk. */
export type DatabaseStamp = string;

/** The stamp of the database files in `dataDir` right now (size and mtime of the file and of its log). */
export function databaseStamp(dataDir: string, databaseFile: string): DatabaseStamp {
  return ['', '.wal']
    .map((suffix) => {
      try {
        const s = fs.statSync(path.join(dataDir, databaseFile + suffix));
        return `${s.size}:${s.mtimeMs}`;
      } catch {
        return '-';
      }
    })
    .join('|');
}

interface Header {
  version: number;
  stamp: DatabaseStamp;
  types: readonly string[];
  rows: number;
  entries: number;
  /** Byte lengths of the sections, in order. */
  sections: number[];
  crc: number;
}

const pad8 = (n: number) => (n + 7) & ~7;

/** Writes the index with the stamp of the database it describes; false when the index cannot be written (writes after its build). */
export function saveAdjacency(file: string, index: AdjacencyIndex, stamp: DatabaseStamp): boolean {
  const arrays = index.arrays();
  if (!arrays) return false;
  const strings = Buffer.from(JSON.stringify({ ids: Array.from(arrays.ids, (v) => v ?? null), names: Array.from(arrays.names, (v) => v ?? null) }), 'utf8');
  const parts = [arrays.kinds, arrays.start, arrays.neighbour, arrays.meta, arrays.typeCounts].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  parts.push(strings);
  const body = Buffer.alloc(parts.reduce((n, p) => n + pad8(p.length), 0));
  let at = 0;
  for (const p of parts) {
    p.copy(body, at);
    at += pad8(p.length);
  }
  const header: Header = {
    version: FORMAT_VERSION,
    stamp,
    types: relationshipTypeNames,
    rows: arrays.kinds.length,
    entries: arrays.neighbour.length,
    sections: parts.map((p) => p.length),
    crc: zlib.crc32(body),
  };
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(head.length);
  // Written aside and renamed: a reader never sees half a file under the real name.
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, Buffer.concat([Buffer.from(MAGIC), length, head, body]));
  fs.renameSync(temporary, file);
  return true;
}

/** The persisted index when it describes the database as stamped now; null when missing, stale or damaged. */
export function loadAdjacency(file: string, stamp: DatabaseStamp): AdjacencyIndex | null {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return null;
  }
  try {
    if (data.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) return null;
    const headLength = data.readUInt32LE(MAGIC.length);
    const headStart = MAGIC.length + 4;
    const header = JSON.parse(data.subarray(headStart, headStart + headLength).toString('utf8')) as Header;
    if (header.version !== FORMAT_VERSION || header.stamp !== stamp || JSON.stringify(header.types) !== JSON.stringify(relationshipTypeNames)) return null;
    const body = data.subarray(headStart + headLength);
    if (body.length !== header.sections.reduce((n, s) => n + pad8(s), 0) || zlib.crc32(body) !== header.crc) return null;
    const sections: Buffer[] = [];
    let at = 0;
    for (const length of header.sections) {
      sections.push(body.subarray(at, at + length));
      at += pad8(length);
    }
    // Copied out of the file buffer so each array owns aligned memory.
    const copy = <T>(buffer: Buffer, make: (b: ArrayBuffer) => T) => make((buffer.buffer as ArrayBuffer).slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength));
    const [kinds, start, neighbour, meta, typeCounts, strings] = sections as [Buffer, Buffer, Buffer, Buffer, Buffer, Buffer];
    const { ids, names } = JSON.parse(strings.toString('utf8')) as { ids: (string | null)[]; names: (string | null)[] };
    const arrays: AdjacencyArrays = {
      kinds: copy(kinds, (b) => new Uint8Array(b)),
      start: copy(start, (b) => new Uint32Array(b)),
      neighbour: copy(neighbour, (b) => new Uint32Array(b)),
      meta: copy(meta, (b) => new Uint8Array(b)),
      typeCounts: copy(typeCounts, (b) => new Float64Array(b)),
      ids: ids.map((v) => v ?? undefined),
      names: names.map((v) => v ?? undefined),
    };
    const consistent =
      arrays.kinds.length === header.rows &&
      arrays.start.length === header.rows + 1 &&
      arrays.ids.length === header.rows &&
      arrays.names.length === header.rows &&
      arrays.neighbour.length === header.entries &&
      arrays.meta.length === header.entries &&
      arrays.start[header.rows] === header.entries &&
      arrays.neighbour.every((r) => r < header.rows);
    return consistent ? new AdjacencyIndex(arrays) : null;
  } catch {
    return null;
  }
}
