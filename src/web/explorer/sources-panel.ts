/**
 * The list of sources, newest first (the API's order: by published date, then undated ones), a page at a time,
 * each with its publisher, date and what it states; a title opens the source in the reader.
 */
import { el, replaceChildren } from './dom';
import { sourceHref } from './reader-route';
import { fetchSources, type SourceSummary } from './sources-api';

/** Sources per page of the list (below the server's default KG_MAX_PAGE_SIZE). */
export const SOURCES_PAGE = 20;

/** "Tehran Times · 17 May 2023 · 12 entities · 8 relationships". */
export function sourceLine(s: Pick<SourceSummary, 'publisher' | 'published' | 'entityCount' | 'relationshipCount'>): string {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return [s.publisher, s.published ? readableDate(s.published) : 'undated', count(s.entityCount, 'entity', 'entities'), count(s.relationshipCount, 'relationship', 'relationships')]
    .filter(Boolean)
    .join(' · ');
}

/** `2023-05-17` → `17 May 2023` (the day as written, whatever the browser's time zone); anything else as is. */
export function readableDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** Renders the list into `root`; "More sources" fetches the next page. */
export class SourcesPanel {
  private after: string | null = null;
  private readonly list = el('ol', { className: 'source-list', id: 'source-list' });
  private readonly more = el('button', { type: 'button', id: 'more-sources', hidden: true }, 'More sources');
  private readonly heading = el('h2', {}, 'Sources');

  constructor(
    private readonly root: HTMLElement,
    private readonly error: (message: string) => void,
    /** The source shown in the reader, marked in the list. */
    private readonly current: string | null = null,
  ) {
    this.more.addEventListener('click', () => void this.load());
    replaceChildren(root, this.heading, this.list, this.more);
  }

  /** Loads the next page (the first on the first call). */
  async load(): Promise<void> {
    this.more.disabled = true;
    try {
      const page = await fetchSources(SOURCES_PAGE, this.after);
      this.after = page.endCursor;
      this.heading.textContent = `Sources (${page.totalCount})`;
      for (const s of page.sources) this.list.appendChild(this.item(s));
      if (page.totalCount === 0) this.list.appendChild(el('li', { className: 'muted' }, 'No sources yet: add an article.'));
      this.more.hidden = !page.hasNextPage;
    } catch (e) {
      this.error(`Could not load the sources: ${(e as Error).message}`);
    } finally {
      this.more.disabled = false;
    }
  }

  private item(s: SourceSummary): HTMLElement {
    return el(
      'li',
      { 'data-source-id': s.id, className: s.id === this.current ? 'current' : null },
      el('a', { href: sourceHref(s.id), className: 'source-title' }, s.title),
      el('p', { className: 'muted source-line' }, sourceLine(s)),
    );
  }
}
