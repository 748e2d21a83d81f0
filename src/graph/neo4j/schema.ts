/** Neo4j's constraints and indexes (derived from the ontology in src/ontology/schema.ts), applied when a store opens. */
import { neo4jSchemaStatements } from '../../ontology/schema';
import { CLAIM_LABEL } from '../claim-store';
import { DECISION_LABEL } from '../decision-cypher';
import type { Params, Row } from '../rows';
import { isIndexProblem } from './errors';

/** Every constraint and index a store creates at start: the ontology's, then those of claims (unique ids, and the subject every read looks them up by) and decisions. */
export function startupSchema(): string[] {
  return [
    ...neo4jSchemaStatements(),
    `CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (n:${CLAIM_LABEL}) REQUIRE n.id IS UNIQUE`,
    `CREATE INDEX claim_subject IF NOT EXISTS FOR (n:${CLAIM_LABEL}) ON (n.subject)`,
    `CREATE CONSTRAINT decision_id IF NOT EXISTS FOR (n:${DECISION_LABEL}) REQUIRE n.id IS UNIQUE`,
  ];
}

/**
 * Applies every statement, each in a transaction of its own (schema commands cannot share one), then waits for the
 * indexes; a new full-text index populates in the background and search falls back to a scan until it is online.
 */
export async function applySchema(write: (statement: string) => Promise<unknown>, read: (query: string, params: Params) => Promise<Row[]>): Promise<void> {
  for (const statement of startupSchema()) await write(statement);
  await read('CALL db.awaitIndexes($seconds)', { seconds: 300 }).catch((e: unknown) => {
    if (!isIndexProblem(e)) throw e;
  });
}
