/**
 * What an empty canvas shows instead of nothing: the most connected entities and the latest sources, each one
 * click from the graph (an entity opens its neighbourhood; a source draws the entities it mentions; the top
 * entities can be drawn together).
 */
import type { ConnectedEntity, SourceSummary } from './api';
import { el, kindSwatch, replaceChildren } from './dom';

/** What the starting view asks of the page. */
export interface StartViewActions {
  openEntity(id: string): void;
  drawEntities(ids: string[]): void;
  openSource(source: SourceSummary): void;
}

/** Owns the panel over the empty canvas. */
export class StartView {
  private readonly entities = el('div', { className: 'start-list', id: 'start-entities' }, el('p', { className: 'muted' }, 'Loading…'));
  private readonly sources = el('div', { className: 'start-list', id: 'start-sources' }, el('p', { className: 'muted' }, 'Loading…'));

  constructor(
    private readonly root: HTMLElement,
    private readonly actions: StartViewActions,
  ) {
    replaceChildren(
      root,
      el('p', { id: 'empty-hint' }, 'Search for an entity to start, or open the path finder.'),
      el(
        'div',
        { className: 'start-columns' },
        el('section', { 'aria-labelledby': 'start-entities-heading' }, el('h2', { id: 'start-entities-heading' }, 'Most connected'), this.entities),
        el('section', { 'aria-labelledby': 'start-sources-heading' }, el('h2', { id: 'start-sources-heading' }, 'Latest sources'), this.sources),
      ),
    );
  }

  /** Shown only while the canvas is empty. */
  setVisible(visible: boolean): void {
    this.root.hidden = !visible;
  }

  showEntities(list: ConnectedEntity[]): void {
    if (!list.length) return replaceChildren(this.entities, el('p', { className: 'muted' }, 'The graph holds no entities yet.'));
    replaceChildren(
      this.entities,
      el(
        'ul',
        {},
        ...list.map((e) =>
          el(
            'li',
            {},
            el(
              'button',
              { type: 'button', className: 'start-item', 'data-entity-id': e.id, onclick: () => this.actions.openEntity(e.id) },
              kindSwatch(e.kind),
              el(
                'span',
                { className: 'start-text' },
                el('span', { className: 'start-name' }, e.name),
                el('span', { className: 'muted start-meta' }, `${e.kind} · ${e.relationships} relationship${e.relationships === 1 ? '' : 's'}`),
              ),
            ),
          ),
        ),
      ),
      el('button', { type: 'button', id: 'start-draw-all', className: 'primary', onclick: () => this.actions.drawEntities(list.map((e) => e.id)) }, `Draw these ${list.length} together`),
    );
  }

  showSources(list: SourceSummary[]): void {
    if (!list.length) return replaceChildren(this.sources, el('p', { className: 'muted' }, 'No sources yet.'));
    replaceChildren(
      this.sources,
      el(
        'ul',
        {},
        ...list.map((s) =>
          el(
            'li',
            {},
            el(
              'button',
              { type: 'button', className: 'start-item', 'data-source-id': s.id, onclick: () => this.actions.openSource(s), title: 'Draw the entities it mentions' },
              el(
                'span',
                { className: 'start-text' },
                el('span', { className: 'start-name' }, s.title),
                el('span', { className: 'muted start-meta' }, [s.published, s.publisher, `${s.entities} entit${s.entities === 1 ? 'y' : 'ies'} mentioned`].filter(Boolean).join(' · ')),
              ),
            ),
          ),
        ),
      ),
    );
  }

  /** A list that could not be loaded says so (the rest of the page still works). */
  showError(which: 'entities' | 'sources', message: string): void {
    replaceChildren(which === 'entities' ? this.entities : this.sources, el('p', { className: 'start-error' }, message));
  }
}
