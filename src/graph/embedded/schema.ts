/** The embedded engine's tables, created from the ontology (src/ontology/schema.ts) when a store opens for writing. */
import { embeddedDdl } from '../../ontology/schema';

/** Creates the tables that are missing; every statement is idempotent. */
export async function applySchema(run: (statement: string) => Promise<unknown>): Promise<void> {
  for (const ddl of embeddedDdl()) await run(ddl);
}
