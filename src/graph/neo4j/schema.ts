/** Neo4j's constraints and indexes (derived from the ontology in src/ontology/schema.ts), applied when a store opens. */
import { neo4jSchemaStatements } from '../../ontology/schema';
import { CLAIM_NEO4J_SCHEMA } from '../claim-store';
import type { Params, Row } from '../rows';
import { isIndexProblem } from './errors';

/**
 * Applies every statement, each in a transaction of its own (schema commands cannot share one), then waits for the
 * indexes; a new full-text index populates in the background and search falls back to a scan until it is online.
 */
export async function applySchema(write: (statement: string) => Promise<unknown>, read: (query: string, params: Params) => Promise<Row[]>): Promise<void> {
  for (const statement of [...neo4jSchemaStatements(), ...CLAIM_NEO4J_SCHEMA]) await write(statement);
  await read('CALL db.awaitIndexes($seconds)', { seconds: 300 }).catch((e: unknown) => {
    if (!isIndexProblem(e)) throw e;
  });
}
