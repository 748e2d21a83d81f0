/** The one `kg` runner lives in test/support/cli.ts; kept here so tests written against this path still build. */
export { runKg, type KgRun } from '../support/cli';
