/** The Neo4j engine's public surface; outside src/graph, reach it through ../engines.ts. */
export { Neo4jGraphStore, type Neo4jOptions } from './store';
export { neo4jEngine } from './plugin';
export { neo4jDialect } from './dialect';
export { bulkBatches, bulkLoadNeo4j, neo4jBulkStatements, NEO4J_BATCH_SIZE } from './bulk';
export { engineError } from './errors';
export { neo4jValue } from './values';
