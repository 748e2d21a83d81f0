/**
 * The embedded engine as the registry (../engines.ts) sees it. Light on purpose: LadybugDB's native module loads
 * only when a store is created or a backup is restored.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EnginePlugin } from '../engines';
import { DATABASE_FILE } from './database-file';
import { probeDataFolder } from './folder-probe';

export const embeddedEngine: EnginePlugin = {
  name: 'embedded',
  createStore(config) {
    const { LadybugGraphStore } = require('./store') as typeof import('./store');
    return new LadybugGraphStore({
      dataDir: config.dataDir,
      bufferPoolMb: config.bufferPoolMb,
      cypherConcurrency: config.cypherConcurrency,
      cypherMemoryMb: config.cypherMemoryMb,
      searchScanMaxEntities: config.searchScanMaxEntities,
    });
  },
  async migrate(config, apply) {
    const { LadybugGraphStore } = require('./store') as typeof import('./store');
    const store = new LadybugGraphStore({ dataDir: config.dataDir, bufferPoolMb: config.bufferPoolMb, readConnections: 1, schema: apply ? 'apply' : 'plan' });
    try {
      await store.init();
      return store.migration!;
    } finally {
      await store.close().catch(() => undefined);
    }
  },
  holdsGraph: (config) => fs.existsSync(path.join(config.dataDir, DATABASE_FILE)),
  folder: {
    databaseFile: DATABASE_FILE,
    probe: probeDataFolder,
    restore: (backupDir, dataDir, options) => (require('./backup') as typeof import('./backup')).restoreBackup(backupDir, dataDir, DATABASE_FILE, options),
    refuseNonEmptyBackupTarget: (targetDir) => (require('./backup') as typeof import('./backup')).refuseNonEmptyTarget(targetDir),
  },
};
