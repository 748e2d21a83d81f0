// Types for graphql-depth-limit 1.1.0 (its @types package drags in graphql 14).
declare module 'graphql-depth-limit' {
  import type { ValidationRule } from 'graphql';
  /** A validation rule reporting operations deeper than `maxDepth`; `callback` receives each operation's depth. */
  function depthLimit(
    maxDepth: number,
    options?: { ignore?: (string | RegExp | ((name: string) => boolean))[] },
    callback?: (depths: Record<string, number>) => void,
  ): ValidationRule;
  export = depthLimit;
}
