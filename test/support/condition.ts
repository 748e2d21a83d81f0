/**
 * Waiting for a condition instead of sleeping: polls until `condition` holds, and fails naming `what` when it has
 * not held by the deadline (a bound for a stuck test, not a timing assertion).
 */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
