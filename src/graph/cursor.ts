/** Page cursors: the sort key of the last item of a page, base64url, checked on the way back in. */
import { KgError } from '../errors';
import type { Source } from './port';

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

/** The sort key of an item ordered by two strings (a source's published date and id, a neighbour's name and id …), as JSON. */
export function pairCursorKey(first: string, second: string): string {
  return JSON.stringify([first, second]);
}

/** The two strings a pair cursor names; a cursor this product did not make is BAD_USER_INPUT naming the list (`pageOf`). */
export function decodePairCursor(cursor: string | undefined | null, pageOf: string): [string, string] | undefined {
  const key = decodeCursor(cursor);
  if (key === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(key);
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || !parsed.every((x) => typeof x === 'string')) {
    throw new KgError('BAD_USER_INPUT', `malformed cursor "${cursor}": pass the endCursor of a page of ${pageOf}`, { path: 'after' });
  }
  return [parsed[0], parsed[1]];
}

/** The sort key a sources cursor encodes (base64url, as every cursor): the (published, id) of a source. */
export function sourceCursorKey(source: Pick<Source, 'published' | 'id'>): string {
  return pairCursorKey(source.published ?? '', source.id);
}

/** The (published, id) a sources cursor names; a cursor this product did not make is BAD_USER_INPUT. */
export function decodeSourceCursor(cursor: string | undefined): { published: string; id: string } | undefined {
  const pair = decodePairCursor(cursor, 'sources');
  return pair && { published: pair[0], id: pair[1] };
}
