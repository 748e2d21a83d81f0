/**
 * The path finder: two entities chosen with suggestions, a hop limit, and the shortest path listed
 * step by step, each step with its direction and evidence.
 */
import type { EntityRecord, PathRecord } from './api';
import { evidenceList } from './details-panel';
import { el, kindSwatch, replaceChildren } from './dom';
import { SuggestionBox } from './suggestion-box';

/** What the path finder asks the page to do. */
export interface PathFinderActions {
  find(from: EntityRecord, to: EntityRecord, maxHops: number): void;
  clear(): void;
  showRelationship(id: string): void;
  showEntity(id: string): void;
  error(message: string): void;
}

/** Owns the form and the list of steps inside `root` (which holds the form's fields, see index.html). */
export class PathFinder {
  private readonly from: SuggestionBox;
  private readonly to: SuggestionBox;
  private readonly hops: HTMLInputElement;
  private readonly result: HTMLElement;

  constructor(
    root: HTMLElement,
    private readonly actions: PathFinderActions,
  ) {
    const form = root.querySelector('form')!;
    this.hops = form.querySelector<HTMLInputElement>('#path-hops')!;
    this.result = root.querySelector<HTMLElement>('#path-result')!;
    this.from = new SuggestionBox(form.querySelector<HTMLInputElement>('#path-from')!, () => undefined, actions.error);
    this.to = new SuggestionBox(form.querySelector<HTMLInputElement>('#path-to')!, () => this.from.chosen && void this.submit(), actions.error);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.submit();
    });
    root.querySelector('#path-swap')!.addEventListener('click', () => {
      const [a, b] = [this.from.chosen, this.to.chosen];
      this.from.set(b);
      this.to.set(a);
    });
    root.querySelector('#path-clear')!.addEventListener('click', () => actions.clear());
  }

  /** Fills the start. */
  setFrom(entity: EntityRecord | null): void {
    this.from.set(entity);
  }

  /** Fills the end. */
  setTo(entity: EntityRecord | null): void {
    this.to.set(entity);
  }

  /** The hop limit typed in the form. */
  maxHops(): number {
    return Math.max(1, Math.floor(Number(this.hops.value) || 6));
  }

  /** Says a search is under way. */
  showLoading(): void {
    replaceChildren(this.result, el('p', { className: 'muted' }, 'Finding the shortest path…'));
  }

  /** No path within the limit. */
  showNone(from: EntityRecord, to: EntityRecord, maxHops: number, filtered: boolean): void {
    replaceChildren(
      this.result,
      el('p', { className: 'path-none' }, `No path from ${from.name} to ${to.name} within ${maxHops} hops${filtered ? ' using the relationship types shown' : ''}.`),
    );
  }

  /** Empties the list. */
  reset(): void {
    replaceChildren(this.result);
  }

  /** The path step by step: who, which way, what type, and the quotes behind it. */
  showPath(path: PathRecord): void {
    const steps = path.relationships.map((r, i) => {
      const a = path.entities[i]!;
      const b = path.entities[i + 1]!;
      const forward = r.from === a.id;
      return el(
        'li',
        { className: 'path-step', 'data-relationship-id': r.id },
        el(
          'button',
          { type: 'button', className: 'link step-head', onclick: () => this.actions.showRelationship(r.id) },
          kindSwatch(a.kind),
          el('span', { className: 'step-entity' }, a.name),
          el('span', { className: 'step-type' }, forward ? ` —${r.type}→ ` : ` ←${r.type}— `),
          kindSwatch(b.kind),
          el('span', { className: 'step-entity' }, b.name),
        ),
        evidenceList(r.evidence),
      );
    });
    const first = path.entities[0]!;
    const last = path.entities[path.entities.length - 1]!;
    replaceChildren(
      this.result,
      el('p', { className: 'path-summary' }, `${first.name} → ${last.name}: ${path.relationships.length} step${path.relationships.length === 1 ? '' : 's'}`),
      el('ol', { className: 'path-steps' }, ...steps),
    );
  }

  /** Finds the path; an end typed but not picked from the suggestions is taken as its best match. */
  private async submit(): Promise<void> {
    const [from, to] = await Promise.all([this.from.resolve(), this.to.resolve()]);
    if (!from || !to) {
      if (!this.from.text() || !this.to.text()) this.actions.error('Type both ends of the path.');
      return;
    }
    this.actions.find(from, to, this.maxHops());
  }
}
