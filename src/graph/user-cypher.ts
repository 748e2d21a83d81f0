/**
 * The part of `runCypher` every engine shares: a user's read-only text goes through the guard before anything runs,
 * the answer is timed and tagged with its engine, and an engine's error leaves in the product's words.
 */
import { refuseUnlessRead } from './cypher-guard';
import type { CypherOptions, CypherResult, EngineName, Json } from './port';

/** What an engine's own run gives back. */
export interface CypherRows {
  columns: string[];
  rows: Json[][];
  truncated: boolean;
}

/** True for a user's read-only query (the guard's and the query processes' business), false for trusted or admin text. */
export function isUsersQuery(options: CypherOptions): boolean {
  return options.readOnly && !options.trusted;
}

/** Checks, runs (`run` hears when the clock started, for deadlines), times and tags one Cypher statement. */
export async function answerCypher(
  engine: EngineName,
  query: string,
  options: CypherOptions,
  run: (started: number) => Promise<CypherRows>,
  translate: (e: unknown) => Error,
): Promise<CypherResult> {
  const started = performance.now();
  if (isUsersQuery(options)) refuseUnlessRead(query, engine, options.params);
  try {
    const result = await run(started);
    return { ...result, elapsedMs: Math.round((performance.now() - started) * 100) / 100, engine };
  } catch (e) {
    throw translate(e);
  }
}
