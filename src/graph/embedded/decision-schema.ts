/** The embedded engine's table of analysts' decisions (../decision-cypher.ts), created when a store opens for writing. */
import { DECISION_LABEL } from '../decision-cypher';

/** Idempotent: a folder made before decisions were stored gains the table on its next open. */
export const DECISION_DDL = `CREATE NODE TABLE IF NOT EXISTS ${DECISION_LABEL}(id STRING, action STRING, keep STRING, other STRING, actor STRING, at STRING, reason STRING, merged STRING, PRIMARY KEY(id))`;

/** Creates the decisions table when missing. */
export async function applyDecisionSchema(run: (statement: string) => Promise<unknown>): Promise<void> {
  await run(DECISION_DDL);
}
