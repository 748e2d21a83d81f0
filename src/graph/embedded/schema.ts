/** The embedded engine's tables, created from the ontology (src/ontology/schema.ts) when a store opens for writing. */
import { embeddedDdl } from '../../ontology/schema';
import { CLAIM_DDL } from '../claim-store';

/** Creates the tables that are missing; every statement is idempotent. */
export async function applySchema(run: (statement: string) => Promise<unknown>): Promise<void> {
  for (const ddl of [...embeddedDdl(), ...CLAIM_DDL]) await run(ddl);
}
