/**
 * The reader's pages in the location hash, beside the graph's own routes (route.ts): the list of sources,
 * one source's article, and the page that adds an article. The graph ignores these hashes and keeps its view.
 */

/** A page of the reader, or null when the hash is the graph's. */
export type ReaderRoute = { page: 'sources' } | { page: 'source'; id: string } | { page: 'add' } | { page: 'duplicates' };

/** Reads `#/sources`, `#/source/<id>`, `#/add` or `#/duplicates`; any other hash belongs to the graph (null). */
export function parseReaderRoute(hash: string): ReaderRoute | null {
  const parts = hash.replace(/^#\/?/, '').split('/');
  if (parts.length === 1 && parts[0] === 'sources') return { page: 'sources' };
  if (parts.length === 1 && parts[0] === 'add') return { page: 'add' };
  if (parts.length === 1 && parts[0] === 'duplicates') return { page: 'duplicates' };
  if (parts.length === 2 && parts[0] === 'source' && parts[1]) {
    try {
      return { page: 'source', id: decodeURIComponent(parts[1]) };
    } catch {
      return { page: 'sources' }; // a malformed escape is no link we made: show the list
    }
  }
  return null;
}

/** Whether a hash is one of the reader's pages (the graph leaves those alone). */
export function isReaderHash(hash: string): boolean {
  return parseReaderRoute(hash) !== null;
}

/** The hash of a reader page; ids are percent-encoded so any id round-trips. */
export function formatReaderRoute(route: ReaderRoute): string {
  return route.page === 'source' ? `#/source/${encodeURIComponent(route.id)}` : `#/${route.page}`;
}

/** The link that opens a source in the reader. */
export const sourceHref = (id: string) => formatReaderRoute({ page: 'source', id });
