/** Page cursors: the sort key of the last item of a page, base64url, checked on the way back in. */
import { KgError } from '../errors';

/** Cursor for pages of entities or relationships: the sort key of the last item, base64url. */
export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

/** The key a cursor carries; undefined for no cursor, BAD_USER_INPUT (path `after`) for one this service did not write. */
export function decodeCursor(cursor: string | undefined | null): string | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!key || encodeCursor(key) !== cursor) throw new KgError('BAD_USER_INPUT', `malformed cursor "${cursor}"`, { path: 'after' });
  return key;
}
