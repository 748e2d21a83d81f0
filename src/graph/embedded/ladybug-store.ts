/** The embedded store's former module name, kept so code written against it still builds; new code imports ./store (or ./index). */
export * from './store';
export { DATABASE_FILE } from './database-file';
