/**
 * Backup folders of the embedded engine: the database file (checkpointed just before, inside the store's write
 * queue, so it holds every committed write and nothing half-written) copied with its SHA-256, and kg-backup.json
 * written last. Restoring copies a verified backup into a data folder no process holds, keeping the old one aside.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import lbug from '@ladybugdb/core';
import { KgError } from '../../errors';
import type { BackupManifest, GraphStats } from '../port';
import { lockHolders } from './data-folder';

/** The manifest's file name inside a backup folder. */
export const MANIFEST_FILE = 'kg-backup.json';

/** A folder a backup may be written to: absent or empty. Throws BAD_USER_INPUT otherwise. */
export function refuseNonEmptyTarget(targetDir: string): void {
  if (!path.isAbsolute(targetDir)) throw new KgError('BAD_USER_INPUT', `the backup folder must be an absolute path (got "${targetDir}")`, { path: 'dir' });
  const stat = fs.statSync(targetDir, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory()) throw new KgError('BAD_USER_INPUT', `${targetDir} is a file, not a folder: give a new or empty folder for the backup`, { path: 'dir' });
  if (stat && fs.readdirSync(targetDir).length > 0) {
    throw new KgError('BAD_USER_INPUT', `${targetDir} is not empty: a backup goes into a new or empty folder, so nothing there is overwritten`, { path: 'dir' });
  }
}

/** Copies the (just checkpointed) database file and its log, if any, into `targetDir`; the manifest comes last. */
export async function writeBackup(databaseFile: string, targetDir: string, stats: GraphStats): Promise<BackupManifest> {
  refuseNonEmptyTarget(targetDir);
  fs.mkdirSync(targetDir, { recursive: true });
  const files: BackupManifest['files'] = [];
  for (const source of [databaseFile, `${databaseFile}.wal`]) {
    if (!fs.existsSync(source)) continue;
    const target = path.join(targetDir, path.basename(source));
    await fs.promises.copyFile(source, target, fs.constants.COPYFILE_EXCL);
    files.push({ name: path.basename(source), bytes: fs.statSync(target).size, sha256: await sha256(target) });
  }
  const manifest: BackupManifest = {
    format: 'kg-backup/1',
    createdAt: new Date().toISOString(),
    engine: 'embedded',
    engineVersion: lbug.VERSION,
    storageVersion: Number(lbug.STORAGE_VERSION),
    files,
    counts: { entities: stats.entities, relationships: stats.relationships, sources: stats.sources, mentions: stats.mentions },
  };
  fs.writeFileSync(path.join(targetDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx' });
  return manifest;
}

/** Reads a backup folder's manifest and checks every file against it; throws naming what does not match. */
export async function verifyBackup(backupDir: string): Promise<BackupManifest> {
  const manifestFile = path.join(backupDir, MANIFEST_FILE);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest;
  } catch {
    throw new KgError('BAD_USER_INPUT', `${backupDir} is not a complete kg backup: ${MANIFEST_FILE} is missing or unreadable (a backup writes it last)`, { path: manifestFile });
  }
  if (manifest.format !== 'kg-backup/1' || manifest.engine !== 'embedded' || !Array.isArray(manifest.files)) {
    throw new KgError('BAD_USER_INPUT', `${manifestFile} is not a kg backup manifest this release reads`, { path: manifestFile });
  }
  for (const f of manifest.files) {
    const file = path.join(backupDir, path.basename(f.name));
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat) throw new KgError('DATA_DIR_DAMAGED', `the backup ${backupDir} is damaged: ${f.name} is missing`, { path: file });
    if (stat.size !== f.bytes || (await sha256(file)) !== f.sha256) {
      throw new KgError('DATA_DIR_DAMAGED', `the backup ${backupDir} is damaged: ${f.name} differs from what the backup wrote (size or SHA-256)`, { path: file });
    }
  }
  return manifest;
}

/**
 * Brings a verified backup into `dataDir` (whose database file is `databaseFileName`). Refuses while a process
 * holds the folder, and, without `force`, when it holds a graph; the old folder is kept aside, never deleted.
 */
export async function restoreBackup(backupDir: string, dataDir: string, databaseFileName: string, options: { force?: boolean; heldBy?: string }): Promise<{ manifest: BackupManifest; keptAside?: string }> {
  const manifest = await verifyBackup(backupDir);
  const databaseFile = path.join(dataDir, databaseFileName);
  const holders = fs.existsSync(databaseFile) ? lockHolders(databaseFile) : [];
  if (holders.length > 0 || options.heldBy) {
    throw new KgError(
      'DATA_DIR_LOCKED',
      `the data folder ${dataDir} is in use (${options.heldBy ?? `process ${holders.join(', ')}`}): stop it before restoring into this folder`,
    );
  }
  const occupied = fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0;
  if (occupied && !options.force) {
    throw new KgError(
      'BAD_USER_INPUT',
      `the data folder ${dataDir} is not empty${fs.existsSync(databaseFile) ? ' (it holds a graph)' : ''}: add --force to replace it (the current folder is kept aside, not deleted)`,
      { path: dataDir },
    );
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  // Copied beside the target first, so a failed copy leaves the data folder as it was.
  const staging = `${dataDir}.restoring-${stamp}`;
  fs.mkdirSync(staging, { recursive: true });
  for (const f of manifest.files) await fs.promises.copyFile(path.join(backupDir, path.basename(f.name)), path.join(staging, path.basename(f.name)));
  let keptAside: string | undefined;
  if (fs.existsSync(dataDir)) {
    keptAside = occupied ? `${dataDir}.before-restore-${stamp}` : undefined;
    if (keptAside) fs.renameSync(dataDir, keptAside);
    else fs.rmdirSync(dataDir);
  }
  fs.renameSync(staging, dataDir);
  return { manifest, ...(keptAside ? { keptAside } : {}) };
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
