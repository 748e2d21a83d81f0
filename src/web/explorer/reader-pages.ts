/**
 * The reader's pages over the graph: the list of sources, a source's article with its marks, and "Add an
 * article". They open from the toolbar and from source titles in the details panel, live in the hash
 * (reader-route.ts), and lie over the graph without disturbing it, so Back returns to the view as it was.
 */
import './reader.css';
import type { RelationshipRecord } from './api';
import { AddArticlePage } from './add-article';
import { el, replaceChildren } from './dom';
import { DuplicatesView } from './duplicates-view';
import { renderReading } from './reader';
import { formatReaderRoute, parseReaderRoute, type ReaderRoute } from './reader-route';
import { fetchSourceReading } from './sources-api';
import { SourcesPanel } from './sources-panel';

/** What the pages ask of the graph. */
export interface ReaderPagesActions {
  /** Opens a relationship on the graph, selected, with its evidence in the details panel. */
  openRelationship(relationship: RelationshipRecord): void;
}

/** Mounts the pages into the explorer (the toolbar's links and an overlay over the main area). */
export class ReaderPages {
  private readonly overlay: HTMLElement;
  private readonly body: HTMLElement;
  private readonly status: HTMLElement;
  private readonly addPage: AddArticlePage;
  private readonly addRoot: HTMLElement;
  private shown: ReaderRoute | null = null;
  /** The graph's last hash, which the graph still shows under the pages. */
  private graphHash = '#/';

  constructor(
    private readonly doc: Document,
    private readonly actions: ReaderPagesActions,
  ) {
    const link = (route: ReaderRoute, id: string, text: string, title: string) => el('a', { href: formatReaderRoute(route), id, className: 'toolbar-link', title }, text);
    const toolbar = doc.getElementById('toolbar');
    toolbar?.prepend(
      link({ page: 'sources' }, 'open-sources', 'Sources', 'Every source, newest first, to read with its marks'),
      link({ page: 'add' }, 'open-add-article', 'Add article', 'Paste or upload an article, review its draft, add it to the graph'),
    );
    this.status = el('p', { className: 'reader-status', role: 'status', 'aria-live': 'polite' });
    this.body = el('div', { className: 'reader-body' });
    this.addRoot = el('div', { className: 'add-article', id: 'add-article' });
    this.addPage = new AddArticlePage(this.addRoot, { added: (id) => this.go({ page: 'source', id }) });
    this.overlay = el(
      'section',
      { id: 'reader-pages', className: 'reader-pages', 'aria-label': 'Sources and articles', hidden: true },
      el(
        'nav',
        { className: 'reader-nav' },
        el('a', { href: '#/', id: 'back-to-graph', onclick: (e: Event) => this.backToGraph(e) }, '← Graph'),
        el('a', { href: formatReaderRoute({ page: 'sources' }), 'data-page': 'sources' }, 'Sources'),
        el('a', { href: formatReaderRoute({ page: 'add' }), 'data-page': 'add' }, 'Add an article'),
        el('a', { href: formatReaderRoute({ page: 'duplicates' }), 'data-page': 'duplicates', id: 'open-duplicates' }, 'Possible duplicates'),
      ),
      this.status,
      this.body,
    );
    doc.querySelector('main')!.appendChild(this.overlay);
    window.addEventListener('hashchange', () => this.follow());
    this.follow();
  }

  /** Shows the page the hash names, or hides the pages when the hash is the graph's. */
  private follow(): void {
    const route = parseReaderRoute(location.hash);
    if (!route) this.graphHash = location.hash || '#/';
    this.overlay.hidden = route === null;
    this.doc.body.classList.toggle('reading', route !== null);
    if (!route) {
      this.shown = null;
      return;
    }
    if (this.shown && formatReaderRoute(this.shown) === formatReaderRoute(route)) return;
    this.shown = route;
    this.status.textContent = '';
    for (const a of this.overlay.querySelectorAll<HTMLElement>('.reader-nav [data-page]')) a.classList.toggle('current', a.dataset.page === route.page);
    if (route.page === 'add') {
      replaceChildren(this.body, this.addRoot);
      this.addPage.open();
    } else if (route.page === 'duplicates') {
      const view = new DuplicatesView(el('div', { className: 'duplicates-page', id: 'duplicates' }));
      replaceChildren(this.body, view.root);
      void view.load();
    } else if (route.page === 'sources') {
      const list = el('div', { className: 'sources-page' });
      replaceChildren(this.body, list);
      void new SourcesPanel(list, (m) => this.error(m)).load();
    } else void this.openSource(route.id);
  }

  private async openSource(id: string): Promise<void> {
    const list = el('nav', { className: 'reader-sources', 'aria-label': 'Sources' });
    const reading = el('div', { className: 'reader-reading', 'aria-busy': 'true' }, el('p', { className: 'muted' }, 'Loading…'));
    replaceChildren(this.body, el('div', { className: 'reader-layout' }, list, reading));
    void new SourcesPanel(list, (m) => this.error(m), id).load();
    try {
      const found = await fetchSourceReading(id);
      if (this.shown?.page !== 'source' || this.shown.id !== id) return;
      if (!found) {
        replaceChildren(reading, el('h2', {}, 'No such source'), el('p', {}, `There is no source with the id “${id}”.`));
        return;
      }
      const articleRoot = el('div', { className: 'reader-source', 'data-source-id': id });
      replaceChildren(reading, articleRoot);
      renderReading(articleRoot, found, {
        openEntity: (entity) => (location.hash = `#/entity/${encodeURIComponent(entity)}`),
        openRelationship: (relationship) => {
          this.hide();
          this.actions.openRelationship(relationship);
        },
      });
    } catch (e) {
      this.error(`Could not load the source: ${(e as Error).message}`);
    } finally {
      reading.setAttribute('aria-busy', 'false');
    }
  }

  /** Back to the graph as it was left (its view never changed under the pages). */
  private backToGraph(e: Event): void {
    e.preventDefault();
    this.hide();
    history.pushState(null, '', this.graphHash);
  }

  private hide(): void {
    this.overlay.hidden = true;
    this.doc.body.classList.remove('reading');
    this.shown = null;
  }

  private go(route: ReaderRoute): void {
    location.hash = formatReaderRoute(route);
  }

  private error(message: string): void {
    this.status.textContent = message;
    this.status.dataset.level = 'error';
  }
}

