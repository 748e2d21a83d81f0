/**
 * The engines, by name: each is a folder under src/graph (`embedded/`, `neo4j/`) with the same files (store,
 * dialect, values, errors, schema, bulk) and a `plugin.ts` that this registry loads only when that engine is used
 * (each driver takes hundreds of milliseconds to load, and a command uses one). Adding an engine is a folder and a
 * line here.
 */
import type { Config } from '../config';
import type { BackupManifest, EngineName, GraphStore } from './port';
import type { ProbeResult } from './embedded/folder-probe';
import type { MigrationPlan } from '../ontology/evolution';

export type { ProbeResult };

/** The tools of an engine that keeps its graph in a local data folder (`kg check`, `kg backup`, `kg restore`). */
export interface DataFolderTools {
  /** The graph's file inside the data folder; the folder holds no graph without it. */
  readonly databaseFile: string;
  /** Opens the folder read-only in a child process and runs consistency reads there. */
  probe(dataDir: string, mode: 'open' | 'full', bufferPoolMb?: number): Promise<ProbeResult>;
  /** Brings a verified backup into a data folder no process holds (the replaced folder is kept aside). */
  restore(backupDir: string, dataDir: string, options: { force?: boolean; heldBy?: string }): Promise<{ manifest: BackupManifest; keptAside?: string }>;
  /** Throws BAD_USER_INPUT unless a backup may be written to `targetDir` (absolute, absent or empty). */
  refuseNonEmptyBackupTarget(targetDir: string): void;
}

/** What an engine folder offers the rest of the product. */
export interface EnginePlugin {
  readonly name: EngineName;
  /** A store over the configured database, not yet initialised. */
  createStore(config: Config): GraphStore;
  /** Whether the configured place already holds a graph, where the engine can tell without opening it. */
  holdsGraph?(config: Config): boolean;
  /** Compares the stored graph with the ontology in use (`kg migrate`); with `apply`, brings it to the ontology. */
  migrate(config: Config, apply: boolean): Promise<MigrationPlan>;
  /** Present for engines that keep their graph in a local data folder. */
  readonly folder?: DataFolderTools;
  /** Rows per write transaction of a bulk load unless told otherwise, for engines whose bulk load batches. */
  readonly bulkBatchSize?: number;
}

const plugins = {
  embedded: () => (require('./embedded/plugin') as typeof import('./embedded/plugin')).embeddedEngine,
  neo4j: () => (require('./neo4j/plugin') as typeof import('./neo4j/plugin')).neo4jEngine,
} satisfies Record<EngineName, () => EnginePlugin>;

/** Every engine's name, as KG_ENGINE accepts it. */
export const ENGINE_NAMES = Object.keys(plugins) as EngineName[];

/** The plug-in of the named engine (its folder loaded now, its driver only when a store is created). */
export function enginePlugin(name: EngineName): EnginePlugin {
  return plugins[name]();
}
