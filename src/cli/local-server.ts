/**
 * The server's record in its data folder (`server.json`, readable by its owner only): its URL, its process and a
 * credential made at each start. A `kg` command on the same machine and folder finds the server there and
 * authenticates with the credential, the way Jupyter's runtime files work: whoever can read the data folder's
 * files as their owner can already change the graph, so the credential grants nothing more.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** File name of the record inside the data folder. */
export const SERVER_RECORD = 'server.json';

/** What a running server leaves in its data folder. */
export interface LocalServer {
  url: string;
  pid: number;
  /** Bearer credential accepted by this server's admin operations, new at each start. */
  credential: string;
  startedAt: string;
}

/** A fresh credential for one server start. */
export function newCredential(): string {
  return randomBytes(32).toString('base64url');
}

/** Writes the record (mode 0600, replaced atomically) when the server is listening. */
export function recordLocalServer(dataDir: string, server: { url: string; credential: string }): LocalServer {
  const record: LocalServer = { url: server.url, pid: process.pid, credential: server.credential, startedAt: new Date().toISOString() };
  const file = path.join(dataDir, SERVER_RECORD);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
  return record;
}

/** What the folder says about a server: none, a record whose process is gone (stale), or a running one. */
export type ServerRecordState = { state: 'none' } | { state: 'stale'; record: LocalServer } | { state: 'running'; record: LocalServer };

/** Reads the folder's record and whether its process still runs (a killed server's record is stale). */
export function inspectLocalServer(dataDir: string): ServerRecordState {
  let record: LocalServer;
  try {
    record = JSON.parse(fs.readFileSync(path.join(dataDir, SERVER_RECORD), 'utf8')) as LocalServer;
  } catch {
    return { state: 'none' };
  }
  if (typeof record?.url !== 'string' || typeof record.credential !== 'string' || !Number.isInteger(record.pid)) return { state: 'none' };
  return processRuns(record.pid) ? { state: 'running', record } : { state: 'stale', record };
}

/** The server recorded in the folder, if its process still runs. */
export function readLocalServer(dataDir: string): LocalServer | undefined {
  const found = inspectLocalServer(dataDir);
  return found.state === 'running' ? found.record : undefined;
}

/** Removes the record at shutdown, if it is this process's own. */
export function forgetLocalServer(dataDir: string): void {
  const file = path.join(dataDir, SERVER_RECORD);
  try {
    const record = JSON.parse(fs.readFileSync(file, 'utf8')) as LocalServer;
    if (record.pid === process.pid) fs.rmSync(file);
  } catch {
    // No record, or not readable: nothing of ours to remove.
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
