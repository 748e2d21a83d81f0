/**
 * The guard's refusal of a query, for tests: the KgError it throws, or a failure naming the query it accepted.
 */
import { KgError } from '../../src/errors';
import { refuseUnlessRead } from '../../src/graph/cypher-guard';
import type { EngineName } from '../../src/graph/port';

/** What `refuseUnlessRead` throws for `query` on `engine`; fails the test when it accepts the query. */
export function guardRefusal(query: string, engine: EngineName = 'embedded', params: Record<string, unknown> = {}): KgError {
  try {
    refuseUnlessRead(query, engine, params);
  } catch (e) {
    if (e instanceof KgError) return e;
    throw e;
  }
  throw new Error(`accepted: ${JSON.stringify(query)}`);
}
