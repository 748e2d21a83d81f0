/**
 * The date slider: filters the canvas to what held, or had been stated, by a date. Which relationships held is the
 * API's answer (`relationships(asOf:)`, the rule in src/knowledge/as-of.ts), asked for the entities in view.
 */
import { DEFAULT_HUB_CAP, graphql } from './api';
import { el, replaceChildren } from './dom';

/** What the slider needs of the page. */
export interface DateSliderHost {
  entityIds(): string[];
  relationshipIds(): string[];
  /** Shows only these relationships (null: all again). */
  apply(held: Set<string> | null): void;
  status(message: string, level?: 'info' | 'error'): void;
}

/** Entities asked about per request (each an aliased field of one query). */
const ENTITIES_PER_QUERY = 6;
/** Relationships read per entity: as many as an expansion draws by default (within the server's page limit). */
const RELATIONSHIPS_PER_ENTITY = DEFAULT_HUB_CAP;
const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export class DateSlider {
  private readonly range: HTMLInputElement;
  private readonly output: HTMLOutputElement;
  private readonly clearButton: HTMLButtonElement;
  private start = Date.UTC(2000, 0, 1);
  private date: string | null = null;
  /** The latest request; an older answer arriving late is dropped. */
  private asked = 0;
  private pending: number | undefined;
  /** The relationships in view when the last answer was applied (applying it changes the view too). */
  private answeredFor = '';

  constructor(
    root: HTMLElement,
    private readonly host: DateSliderHost,
  ) {
    this.range = el('input', { type: 'range', id: 'as-of-range', min: 0, max: 0, step: 1, 'aria-describedby': 'as-of-output', 'aria-label': 'As of date' });
    this.output = el('output', { id: 'as-of-output', for: 'as-of-range' }, 'All dates');
    this.clearButton = el('button', { type: 'button', id: 'as-of-clear', onclick: () => this.clear() }, 'All dates');
    this.range.addEventListener('input', () => (this.output.textContent = this.dayAt(Number(this.range.value))));
    this.range.addEventListener('change', () => void this.choose(this.dayAt(Number(this.range.value))));
    replaceChildren(
      root,
      el('h2', { id: 'as-of-heading' }, 'As of'),
      el('p', { className: 'muted' }, 'Show only what held, or had been stated, by a date.'),
      this.range,
      el('div', { className: 'as-of-line' }, this.output, this.clearButton),
    );
    this.setSpan();
  }

  /** The range runs from a year before the earliest of the newest dated sources (or 2000) to today. */
  async load(): Promise<void> {
    const data = await graphql<{ sources: { edges: { node: { published: string | null } }[] } }>(`{ sources(first: ${DEFAULT_HUB_CAP}) { edges { node { published } } } }`);
    const dated = data.sources.edges.map((e) => e.node.published).filter((p): p is string => p !== null).map((p) => Date.parse(`${p.slice(0, 10).padEnd(10, '-01').slice(0, 10)}T00:00:00Z`));
    const earliest = Math.min(...dated.filter((d) => Number.isFinite(d)), Date.UTC(2000, 0, 1));
    this.start = earliest - 365 * DAY;
    this.setSpan();
  }

  /** After the view changed: new relationships are filtered by the chosen date too. */
  viewChanged(): void {
    if (this.date === null || this.viewKey() === this.answeredFor) return;
    window.clearTimeout(this.pending);
    this.pending = window.setTimeout(() => void this.choose(this.date!), 150);
  }

  /** Filters the canvas to what held by `day` (YYYY-MM-DD). */
  async choose(day: string): Promise<void> {
    this.date = day;
    this.output.textContent = day;
    const ask = ++this.asked;
    const ids = this.host.entityIds();
    const held = new Set<string>();
    try {
      for (let i = 0; i < ids.length; i += ENTITIES_PER_QUERY) {
        const batch = ids.slice(i, i + ENTITIES_PER_QUERY);
        const fields = batch.map((_, n) => `e${n}: entity(id: $id${n}) { relationships(first: ${RELATIONSHIPS_PER_ENTITY}, asOf: $day) { edges { node { id } } } }`);
        const variables: Record<string, unknown> = { day };
        batch.forEach((id, n) => (variables[`id${n}`] = id));
        const data = await graphql<Record<string, { relationships: { edges: { node: { id: string } }[] } } | null>>(
          `query AsOf($day: Date!, ${batch.map((_, n) => `$id${n}: ID!`).join(', ')}) { ${fields.join(' ')} }`,
          variables,
        );
        for (const e of Object.values(data)) for (const edge of e?.relationships.edges ?? []) held.add(edge.node.id);
      }
    } catch (e) {
      if (ask === this.asked) this.host.status(`The graph as of ${day} could not be read: ${(e as Error).message}`, 'error');
      return;
    }
    if (ask !== this.asked || this.date !== day) return;
    this.answeredFor = this.viewKey();
    this.host.apply(held);
    const inView = this.host.relationshipIds();
    const shown = inView.filter((id) => held.has(id)).length;
    this.host.status(`As of ${day}: ${shown} of ${inView.length} relationships in view held or had been stated`);
  }

  /** Every date again. */
  clear(): void {
    this.date = null;
    this.asked++;
    this.output.textContent = 'All dates';
    this.range.value = this.range.max;
    this.host.apply(null);
  }

  private viewKey(): string {
    return [...this.host.relationshipIds()].sort().join('\n');
  }

  private setSpan(): void {
    const days = Math.max(1, Math.round((Date.now() - this.start) / DAY));
    this.range.max = String(days);
    this.range.dataset.start = isoDay(this.start); // the day offset 0 stands for
    if (this.date === null) this.range.value = String(days);
  }

  private dayAt(offset: number): string {
    return isoDay(this.start + offset * DAY);
  }
}
