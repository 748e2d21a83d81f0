/**
 * The session's queries, newest first, kept in sessionStorage so a reload keeps them and a new browser session
 * starts empty. Never holds the admin token.
 */

/** One query run: Cypher text or a named query with its parameters, and how it went. */
export type HistoryEntry = ({ kind: 'cypher'; text: string } | { kind: 'named'; name: string; params: Record<string, unknown> }) & {
  /** When it ran (ISO). */
  at: string;
  /** "12 rows" or the error's message. */
  outcome: string;
  ok: boolean;
};

/** Where the page keeps the history. */
export const HISTORY_KEY = 'kg-explorer-query-history';
/** Entries kept; older ones are dropped. */
export const HISTORY_LIMIT = 50;

/** The same query (text, or name and parameters) as another entry. */
export function sameQuery(a: HistoryEntry, b: HistoryEntry): boolean {
  if (a.kind === 'cypher') return b.kind === 'cypher' && a.text === b.text;
  return b.kind === 'named' && a.name === b.name && JSON.stringify(a.params) === JSON.stringify(b.params);
}

/** The history in `storage` (a damaged or foreign value reads as empty). */
export function readHistory(storage: Pick<Storage, 'getItem'>): HistoryEntry[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(HISTORY_KEY) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter((e): e is HistoryEntry => typeof e === 'object' && e !== null && (e.kind === 'cypher' ? typeof e.text === 'string' : e.kind === 'named' && typeof e.name === 'string' && typeof e.params === 'object' && e.params !== null))
      : [];
  } catch {
    return [];
  }
}

/** Adds an entry at the top; running the same query again moves it up instead of repeating it. */
export function recordQuery(storage: Pick<Storage, 'getItem' | 'setItem'>, entry: HistoryEntry): HistoryEntry[] {
  const entries = [entry, ...readHistory(storage).filter((e) => !sameQuery(e, entry))].slice(0, HISTORY_LIMIT);
  try {
    storage.setItem(HISTORY_KEY, JSON.stringify(entries));
  } catch {
    // storage full or refused: the history still shows for this page
  }
  return entries;
}
