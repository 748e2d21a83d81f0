/** The Neo4j engine as the registry (../engines.ts) sees it; the driver loads only when a store is created. */
import { KgError } from '../../errors';
import type { EnginePlugin } from '../engines';
import { NEO4J_BATCH_SIZE } from './batch-size';

export const neo4jEngine: EnginePlugin = {
  name: 'neo4j',
  bulkBatchSize: NEO4J_BATCH_SIZE,
  createStore(config) {
    if (!config.neo4j) throw new KgError('BAD_USER_INPUT', 'the neo4j engine needs NEO4J_URI (and NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE)', { path: 'NEO4J_URI' });
    const { Neo4jGraphStore } = require('./store') as typeof import('./store');
    return new Neo4jGraphStore(config.neo4j);
  },
  async migrate(config, apply) {
    const { refuseMigrateApply } = require('./schema') as typeof import('./schema');
    if (apply) throw refuseMigrateApply();
    const store = this.createStore(config) as import('./store').Neo4jGraphStore;
    try {
      return await store.migrationPlan();
    } finally {
      await store.close().catch(() => undefined);
    }
  },
};
