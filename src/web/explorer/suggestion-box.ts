/**
 * Suggestions as you type for an entity input (the search box and the path finder's ends): an ARIA
 * combobox over the API's search, which folds case, accents and dashes on the server.
 */
import { foldForSearch } from '../../text/normalise';
import { searchEntities, type EntityRecord, type SearchHit } from './api';
import { el, kindSwatch, replaceChildren } from './dom';

let boxes = 0;

/** Why a suggestion matched, when it was not the name: the alias or a piece of the description. */
export function matchHint(hit: SearchHit, text: string): string | null {
  const needle = foldForSearch(text);
  // A spelling variant, another script or a typo: show the name it met, so the analyst sees what was matched.
  if ((hit.why === 'variant' || hit.why === 'typo') && hit.matchedName) {
    return `matched “${hit.matchedName}” (${hit.why === 'variant' ? 'spelling variant' : 'typo'} of “${text}”)`;
  }
  if (hit.why === 'alias' && hit.matchedName) return `also “${hit.matchedName}”`;
  if (hit.matchedField === 'alias') {
    const alias = hit.entity.aliases.find((a) => foldForSearch(a).includes(needle)) ?? hit.entity.aliases[0];
    return alias ? `also “${alias}”` : null;
  }
  if (hit.matchedField === 'description' && hit.entity.description) {
    const d = hit.entity.description;
    return d.length > 90 ? `${d.slice(0, 88)}…` : d;
  }
  return null;
}

/** Attaches a suggestion list to `input`; `onChoose` gets the entity picked by click or Enter. */
export class SuggestionBox {
  /** The entity last chosen, until the text is edited again. */
  chosen: EntityRecord | null = null;
  private readonly list: HTMLUListElement;
  private hits: SearchHit[] = [];
  private active = -1;
  private requestSeq = 0;
  private timer: number | undefined;

  constructor(
    private readonly input: HTMLInputElement,
    private readonly onChoose: (entity: EntityRecord) => void,
    private readonly onError: (message: string) => void,
  ) {
    const id = `suggestions-${++boxes}`;
    this.list = el('ul', { id, role: 'listbox', className: 'suggestions', hidden: true, 'aria-label': 'Suggestions' });
    input.insertAdjacentElement('afterend', this.list);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', id);
    input.autocomplete = 'off';
    input.addEventListener('input', () => this.typed());
    input.addEventListener('keydown', (e) => this.key(e));
    input.addEventListener('focus', () => this.hits.length && this.input.value.trim() && this.open());
    input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
  }

  /** Shows `entity` as chosen without asking the server. */
  set(entity: EntityRecord | null): void {
    this.chosen = entity;
    this.input.value = entity ? entity.name : '';
    this.close();
  }

  /** What is typed, trimmed. */
  text(): string {
    return this.input.value.trim();
  }

  /** The chosen entity, or else the best match for the typed text (chosen now); null when nothing matches. */
  async resolve(): Promise<EntityRecord | null> {
    if (this.chosen) return this.chosen;
    const text = this.input.value.trim();
    if (!text) return null;
    window.clearTimeout(this.timer);
    const seq = ++this.requestSeq;
    try {
      const [best] = await searchEntities(text, 1);
      if (seq !== this.requestSeq) return null;
      if (!best) {
        this.onError(`Nothing matches “${text}”`);
        return null;
      }
      this.set(best.entity);
      return best.entity;
    } catch (e) {
      this.onError((e as Error).message);
      return null;
    }
  }

  private typed(): void {
    this.chosen = null;
    window.clearTimeout(this.timer);
    const text = this.input.value.trim();
    if (!text) {
      this.requestSeq++;
      this.hits = [];
      this.close();
      return;
    }
    this.timer = window.setTimeout(() => void this.suggest(text), 120);
  }

  private async suggest(text: string): Promise<void> {
    const seq = ++this.requestSeq;
    try {
      const hits = await searchEntities(text);
      if (seq !== this.requestSeq) return; // a later keystroke's answer wins
      this.hits = hits;
      this.active = hits.length ? 0 : -1;
      this.render(text);
    } catch (e) {
      if (seq === this.requestSeq) this.onError((e as Error).message);
    }
  }

  private render(text: string): void {
    const items = this.hits.map((hit, i) => {
      const hint = matchHint(hit, text);
      return el(
        'li',
        {
          id: `${this.list.id}-${i}`,
          role: 'option',
          'aria-selected': i === this.active ? 'true' : 'false',
          'data-entity-id': hit.entity.id,
          'data-why': hit.why ?? null,
          onmousedown: (e: Event) => {
            e.preventDefault(); // keep focus in the input until the choice is made
            this.choose(i);
          },
        },
        kindSwatch(hit.entity.kind),
        el('span', { className: 'suggestion-name' }, hit.entity.name),
        el('span', { className: 'suggestion-kind' }, hit.entity.kind),
        hint ? el('span', { className: 'suggestion-hint' }, hint) : null,
      );
    });
    if (!items.length) items.push(el('li', { className: 'suggestion-empty', 'aria-disabled': 'true' }, `Nothing matches “${text}”`));
    replaceChildren(this.list, ...items);
    this.updateActive();
    // An answer that arrives after the analyst moved to another field is kept, not shown over what they are doing.
    if (document.activeElement === this.input) this.open();
  }

  private key(e: KeyboardEvent): void {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!this.hits.length) return;
      e.preventDefault();
      this.active = (this.active + (e.key === 'ArrowDown' ? 1 : -1) + this.hits.length) % this.hits.length;
      this.updateActive();
      this.open();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (!this.list.hidden && this.active >= 0) this.choose(this.active);
      else void this.resolve().then((entity) => entity && this.onChoose(entity));
    } else if (e.key === 'Escape') {
      // Dismissed: an answer still on its way must not open the list again.
      window.clearTimeout(this.timer);
      this.requestSeq++;
      this.close();
    }
  }

  private choose(i: number): void {
    const hit = this.hits[i];
    if (!hit) return;
    this.set(hit.entity);
    this.onChoose(hit.entity);
  }

  private updateActive(): void {
    [...this.list.children].forEach((li, i) => li.setAttribute('aria-selected', i === this.active ? 'true' : 'false'));
    if (this.active >= 0) {
      this.input.setAttribute('aria-activedescendant', `${this.list.id}-${this.active}`);
      this.list.children[this.active]?.scrollIntoView({ block: 'nearest' });
    } else this.input.removeAttribute('aria-activedescendant');
  }

  private open(): void {
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
  }

  private close(): void {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
  }
}
