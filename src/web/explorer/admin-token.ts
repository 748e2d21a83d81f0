/**
 * The admin token for writes from the browser: asked once per browser session and kept in sessionStorage
 * (gone when the tab closes), sent only as the bearer token of this server's own requests.
 */
// The same key as the Cypher workbench's token (workbench.ts TOKEN_KEY on main), so one entry serves both.
export const TOKEN_KEY = 'kg-explorer-admin-token';

/** The token given earlier in this session, if any. */
export function storedToken(): string | null {
  return globalThis.sessionStorage?.getItem(TOKEN_KEY) || null;
}

/** Keeps the token for the rest of the session. */
export function keepToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

/** Forgets a token the server refused. */
export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}
