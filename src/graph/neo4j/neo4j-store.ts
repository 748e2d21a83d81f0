/** The Neo4j store's former module name, kept so code written against it still builds; new code imports ./store (or ./index). */
export * from './store';
export { engineError } from './errors';
export { neo4jDialect } from './dialect';
