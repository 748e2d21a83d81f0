/** The embedded engine's public surface (LadybugDB in-process); outside src/graph, reach it through ../engines.ts. */
export { LadybugGraphStore, type LadybugOptions } from './store';
export { embeddedEngine } from './plugin';
export { ladybugDialect } from './dialect';
export { DATABASE_FILE } from './database-file';
export { bulkLoadEmbedded, copySteps, type EmbeddedBulkReport } from './bulk';
export { engineError } from './errors';
export { portableValue } from './values';
