/** Neo4j's constraint on analysts' decisions (../decision-cypher.ts): one node per decision id. */
import { DECISION_LABEL } from '../decision-cypher';

/** Idempotent, like the rest of the schema. */
export const DECISION_CONSTRAINT = `CREATE CONSTRAINT decision_id IF NOT EXISTS FOR (n:${DECISION_LABEL}) REQUIRE n.id IS UNIQUE`;

/** Creates the constraint when missing (a schema command runs in a transaction of its own). */
export async function applyDecisionSchema(write: (statement: string) => Promise<unknown>): Promise<void> {
  await write(DECISION_CONSTRAINT);
}
