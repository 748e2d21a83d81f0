/**
 * The legend, which is also the filter: one checkbox per kind (with its colour and shape) and per
 * relationship type, each with how many of it the view holds.
 */
import { el, kindSwatch, replaceChildren } from './dom';
import type { ViewCounts } from './graph-view';

/** Kinds and types the person has switched off. */
export interface HiddenSets {
  kinds: Set<string>;
  types: Set<string>;
}

/** Owns the two checkbox lists; `onChange` gets the hidden sets after every toggle. */
export class LegendFilters {
  private readonly hidden: HiddenSets = { kinds: new Set(), types: new Set() };
  private readonly kindCounts = new Map<string, HTMLElement>();
  private readonly typeCounts = new Map<string, HTMLElement>();

  constructor(
    private readonly kindList: HTMLElement,
    private readonly typeList: HTMLElement,
    private readonly onChange: (hidden: HiddenSets) => void,
  ) {}

  /**
   * Draws one row per kind and per type. A kind shows its display name; a type shows its name (as Cypher and the
   * details panel write it) with its display phrase as the tooltip.
   */
  render(kinds: string[], types: string[], display: ReadonlyMap<string, string> = new Map()): void {
    replaceChildren(this.kindList, ...kinds.map((k) => this.row('kind', k, kindSwatch(k), this.hidden.kinds, this.kindCounts, display.get(k) ?? k)));
    replaceChildren(
      this.typeList,
      ...types.map((t) => this.row('type', t, el('span', { className: 'edge-swatch', 'aria-hidden': 'true' }, '→'), this.hidden.types, this.typeCounts, t, display.get(t))),
    );
  }

  /** Shows how many of each kind and type are in the view; rows with none are dimmed. */
  updateCounts(counts: ViewCounts): void {
    for (const [key, span] of this.kindCounts) setCount(span, counts.byKind.get(key) ?? 0);
    for (const [key, span] of this.typeCounts) setCount(span, counts.byType.get(key) ?? 0);
  }

  /** The hidden kinds and types now. */
  current(): HiddenSets {
    return { kinds: new Set(this.hidden.kinds), types: new Set(this.hidden.types) };
  }

  /** Switches every kind (or type) back on. */
  showAll(which: 'kind' | 'type'): void {
    (which === 'kind' ? this.hidden.kinds : this.hidden.types).clear();
    const list = which === 'kind' ? this.kindList : this.typeList;
    list.querySelectorAll<HTMLInputElement>('input[type=checkbox]').forEach((box) => (box.checked = true));
    this.onChange(this.current());
  }

  private row(which: 'kind' | 'type', key: string, swatch: Element, hidden: Set<string>, counts: Map<string, HTMLElement>, label: string, title?: string): HTMLElement {
    const count = el('span', { className: 'count' }, '0');
    counts.set(key, count);
    const box = el('input', {
      type: 'checkbox',
      checked: !hidden.has(key),
      'data-filter': which,
      value: key,
      onchange: (e: Event) => {
        if ((e.target as HTMLInputElement).checked) hidden.delete(key);
        else hidden.add(key);
        this.onChange(this.current());
      },
    });
    return el('li', { 'data-count': '0' }, el('label', title ? { title } : {}, box, swatch, el('span', { className: 'filter-name' }, label), count));
  }
}

function setCount(span: HTMLElement, n: number): void {
  span.textContent = String(n);
  span.closest('li')?.setAttribute('data-count', String(n));
}
