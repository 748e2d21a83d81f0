/** The few clauses where the engines' Cypher really differs; each engine folder supplies one (`<engine>/dialect.ts`). */

/** Where the two dialects really differ. */
export interface Dialect {
  /** Expression giving a relationship variable's type. */
  typeOf(variable: string): string;
  /** MATCH clause binding path `p` as a shortest path from bound `a` to bound `b`. */
  shortestPath(types: readonly string[], maxHops: number, all: boolean): string;
  /** MATCH clause binding `p` to one shortest path from bound `a` to every reachable `b`. */
  shortestPathsFrom(types: readonly string[], maxHops: number): string;
  /** Expression for the entity ids along path `p`. */
  pathIds(path: string): string;
  /** Expression for the relationship types along path `p`. */
  pathTypes(path: string): string;
}

/** `:A|B|C` for a list of validated relationship types. */
export function typedPattern(types: readonly string[]): string {
  return `:${types.join('|')}`;
}
