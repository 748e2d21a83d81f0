/**
 * The list behind a hub's "+ N more" node: its relationships a page at a time, narrowed by relationship type,
 * kind of the other end and a text in its name, from which the analyst ticks what to add to the view.
 */
import { fetchHubPage, type EntityRecord, type HubFilter, type HubRow } from './api';
import { el, kindSwatch, replaceChildren } from './dom';
import { groupDigits } from './format';

/** What the list asks the page to do. */
export interface HubListActions {
  add(hub: string, rows: HubRow[]): void;
  isDrawn(id: string): boolean;
  error(message: string): void;
}

/** Renders into the details panel; one hub at a time. */
export class HubList {
  private filter: HubFilter = { types: [], kinds: [], name: '' };
  private skip = 0;
  private rows: HubRow[] = [];
  private request = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly actions: HubListActions,
  ) {}

  /** Opens the list of `hub`, which has `total` relationships, `drawn` of them in view; `pageSize` rows a page. */
  open(hub: EntityRecord, total: number, drawn: number, pageSize: number, kinds: string[], types: string[]): void {
    this.filter = { types: [], kinds: [], name: '' };
    this.skip = 0;
    const typeSelect = el('select', { id: 'hub-type', 'aria-label': 'Relationship type' }, el('option', { value: '' }, 'any type'), ...types.map((t) => el('option', { value: t }, t)));
    const kindSelect = el('select', { id: 'hub-kind', 'aria-label': 'Kind at the other end' }, el('option', { value: '' }, 'any kind'), ...kinds.map((k) => el('option', { value: k }, k)));
    const nameInput = el('input', { id: 'hub-name', type: 'search', placeholder: 'Name contains…', 'aria-label': 'Name contains', spellcheck: 'false' });
    const list = el('ul', { className: 'hub-rows', id: 'hub-rows' });
    const pager = el('p', { className: 'hub-pager', id: 'hub-pager' });
    const prev = el('button', { type: 'button', id: 'hub-prev' }, '← Previous');
    const next = el('button', { type: 'button', id: 'hub-next' }, 'Next →');
    const addChecked = el('button', { type: 'button', id: 'hub-add', className: 'primary' }, 'Add ticked');
    const load = () => void this.load(hub.id, pageSize, list, pager, prev, next);
    const refilter = () => {
      this.filter = { types: typeSelect.value ? [typeSelect.value] : [], kinds: kindSelect.value ? [kindSelect.value] : [], name: nameInput.value.trim() };
      this.skip = 0;
      load();
    };
    typeSelect.addEventListener('change', refilter);
    kindSelect.addEventListener('change', refilter);
    let typing: number | undefined;
    nameInput.addEventListener('input', () => {
      window.clearTimeout(typing);
      typing = window.setTimeout(refilter, 250);
    });
    prev.addEventListener('click', () => {
      this.skip = Math.max(0, this.skip - pageSize);
      load();
    });
    next.addEventListener('click', () => {
      this.skip += pageSize;
      load();
    });
    addChecked.addEventListener('click', () => {
      const ticked = [...list.querySelectorAll<HTMLInputElement>('input[type=checkbox]:checked')].map((box) => this.rows[Number(box.value)]!);
      if (ticked.length) this.actions.add(hub.id, ticked);
    });
    replaceChildren(
      this.root,
      el('p', { className: 'kind-line' }, kindSwatch(hub.kind, 18), el('span', { className: 'kind' }, hub.kind)),
      el('h2', { className: 'hub-title' }, `${hub.name}: ${groupDigits(total)} relationships`),
      el('p', { className: 'muted' }, `${groupDigits(drawn)} drawn. Narrow the list, tick what to add, and add it; each page holds ${pageSize}, by type, then name.`),
      el('div', { className: 'hub-filters' }, typeSelect, kindSelect, nameInput),
      list,
      el('div', { className: 'hub-buttons' }, prev, pager, next),
      el('div', { className: 'actions' }, addChecked),
    );
    load();
  }

  private async load(hub: string, pageSize: number, list: HTMLElement, pager: HTMLElement, prev: HTMLButtonElement, next: HTMLButtonElement): Promise<void> {
    const request = ++this.request;
    list.setAttribute('aria-busy', 'true');
    let rows: HubRow[];
    try {
      rows = await fetchHubPage(hub, this.filter, this.skip, pageSize);
    } catch (e) {
      if (request === this.request) this.actions.error((e as Error).message);
      return;
    }
    if (request !== this.request) return;
    this.rows = rows;
    replaceChildren(
      list,
      ...(rows.length
        ? rows.map((row, i) => {
            const out = row.relationship.from === hub;
            const drawn = this.actions.isDrawn(row.other.id);
            return el(
              'li',
              { 'data-entity-id': row.other.id },
              el(
                'label',
                {},
                el('input', { type: 'checkbox', value: i, checked: false, disabled: drawn }),
                el('span', { className: 'direction', 'aria-label': out ? 'outgoing' : 'incoming' }, out ? '→' : '←'),
                el('span', { className: 'type' }, row.relationship.type),
                kindSwatch(row.other.kind, 12),
                el('span', { className: 'hub-row-name' }, row.other.name),
                drawn ? el('span', { className: 'muted' }, ' (in view)') : null,
              ),
            );
          })
        : [el('li', { className: 'muted' }, 'Nothing matches.')]),
    );
    pager.textContent = rows.length ? `${groupDigits(this.skip + 1)}–${groupDigits(this.skip + rows.length)}` : '';
    prev.disabled = this.skip === 0;
    next.disabled = rows.length < pageSize;
    list.setAttribute('aria-busy', 'false');
  }
}
