/**
 * "Add an article": the analyst pastes or uploads an article with its title, address, publisher and date; the
 * server drafts it; the analyst reviews the draft in forms (accept or drop each entity and relationship, fix a
 * kind or a name, pick a type the ontology allows between the two kinds, narrow a quote by selecting it in the
 * article); Preview shows the server's dry run; Add to graph ingests it and opens the source in the reader.
 * Nothing is written before "Add to graph". Every problem, the page's own or the server's, sits by its field.
 */
import { ApiError } from './api';
import { forgetToken, keepToken, storedToken } from './admin-token';
import { el, kindSwatch, replaceChildren } from './dom';
import { allowedTypes, buildDocument, placeProblem, type BuiltDocument, type EntityRow, type FieldProblem, type RelationshipRow, type RelationshipRule, type SourceFields } from './draft-review';
import { readableType } from './format';
import { mentionLength, runsOf, type Mark } from './article-marks';
import { RefusedError, draftArticle, fetchRelationshipRules, ingestArticle, type DraftAnswer, type IngestAnswer } from './sources-api';

/** What the page asks of the rest of the explorer. */
export interface AddArticleActions {
  /** The article is in the graph: open it in the reader. */
  added(sourceId: string): void;
}

/** Codes of a refused token: the page forgets it and asks again. */
const TOKEN_REFUSED = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);

let keys = 0;
const nextKey = (prefix: string) => `${prefix}${++keys}`;

/** The page; `open()` shows it as it was left (a review in progress survives a visit to the graph). */
export class AddArticlePage {
  private source: SourceFields = { id: '', title: '', url: '', publisher: '', published: '', text: '' };
  private entities: EntityRow[] = [];
  private relationships: RelationshipRow[] = [];
  private rules: RelationshipRule[] = [];
  private stage: 'write' | 'review' = 'write';
  /** The document the last successful preview was of; "Add to graph" needs the current one to be it. */
  private previewed: string | null = null;
  private built: BuiltDocument | null = null;
  private slots = new Map<string, HTMLElement>();
  private selected = '';
  private tokenWaiter: ((token: string) => void) | null = null;
  private busy = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly actions: AddArticleActions,
  ) {}

  /** Shows the page at its current stage. */
  open(): void {
    if (this.stage === 'write') this.renderWrite();
    else this.renderReview();
  }

  // ---- stage 1: the article -----------------------------------------------------------------------

  private renderWrite(): void {
    this.slots.clear();
    const field = (id: string, label: string, input: HTMLElement, target: string, hint?: string) =>
      el('div', { className: 'field' }, el('label', { for: id }, label), input, hint ? el('p', { className: 'muted hint' }, hint) : null, this.slot(target));
    const s = this.source;
    const input = (id: string, key: keyof SourceFields, type = 'text', extra: Record<string, string | boolean> = {}) =>
      el('input', { id, type, value: s[key], oninput: (e: Event) => (s[key] = (e.target as HTMLInputElement).value), ...extra });
    const text = el('textarea', { id: 'article-body', rows: 14, spellcheck: 'false', oninput: (e: Event) => (s.text = (e.target as HTMLTextAreaElement).value) });
    text.value = s.text;
    const file = el('input', { id: 'article-file', type: 'file', accept: '.txt,text/plain' });
    file.addEventListener('change', () => void this.readFile(file, text));
    const form = el(
      'form',
      { id: 'article-form', className: 'article-form', novalidate: true },
      field('article-title', 'Title', input('article-title', 'title', 'text', { required: true }), 'source.title'),
      el(
        'div',
        { className: 'field-row' },
        field('article-url', 'Web address', input('article-url', 'url', 'url', { placeholder: 'https://…' }), 'source.url'),
        field('article-publisher', 'Publisher', input('article-publisher', 'publisher'), 'source.publisher'),
        field('article-published', 'Date', input('article-published', 'published', 'date'), 'source.published'),
      ),
      field('article-body', 'Text', text, 'source.text', 'Paste the article, or upload a plain-text file.'),
      el('div', { className: 'field' }, el('label', { for: 'article-file' }, 'Upload a .txt file'), file, this.slot('source.file')),
      el('div', { className: 'buttons' }, el('button', { type: 'submit', className: 'primary', id: 'draft-article' }, 'Draft')),
      this.slot('document'),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.draft();
    });
    replaceChildren(
      this.root,
      el('h2', {}, 'Add an article'),
      el('p', { className: 'muted' }, 'The server drafts the entities and relationships it finds; you review them, preview what would change, then add it. Nothing is written before “Add to graph”.'),
      form,
      this.tokenForm(),
    );
  }

  private async readFile(input: HTMLInputElement, text: HTMLTextAreaElement): Promise<void> {
    const file = input.files?.[0];
    this.showProblems([]);
    if (!file) return;
    if (file.size > 2 * 1024 * 1024) return this.showProblems([{ target: 'source.file', message: `${file.name} is larger than 2 MiB: is it really one article?` }]);
    const content = await file.text();
    if (content.includes('\u0000')) return this.showProblems([{ target: 'source.file', message: `${file.name} is not a text file` }]);
    this.source.text = content;
    text.value = content;
    if (!this.source.title.trim()) {
      this.source.title = content.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
      (this.root.querySelector('#article-title') as HTMLInputElement).value = this.source.title;
    }
  }

  private async draft(): Promise<void> {
    const problems: FieldProblem[] = [];
    if (!this.source.title.trim()) problems.push({ target: 'source.title', message: 'give the article a title' });
    if (!this.source.text.trim()) problems.push({ target: 'source.text', message: 'paste or upload the article’s text' });
    // The rest of the article's fields are checked as the review builds its document.
    const checked = buildDocument(this.source, [], [], []).problems.filter((p) => p.target !== 'source.id');
    for (const p of checked) if (!problems.some((q) => q.target === p.target)) problems.push(p);
    this.showProblems(problems);
    if (problems.length) return;
    await this.guarded('draft-article', async () => {
      const [draft, rules] = await Promise.all([
        this.withToken((token) => draftArticle(this.source.text, this.source.title.trim(), undefined, token)),
        this.rules.length ? Promise.resolve(this.rules) : fetchRelationshipRules(),
      ]);
      this.rules = rules;
      this.takeDraft(draft);
      this.stage = 'review';
      this.renderReview();
    });
  }

  /** The draft as review rows: every entity accepted, every relationship accepted with its suggested type, if any. */
  private takeDraft(draft: DraftAnswer): void {
    this.source.id = draft.sourceId;
    const byDraftId = new Map<string, string>();
    this.entities = draft.entities.map((e) => {
      const key = nextKey('e');
      byDraftId.set(e.id, key);
      return { key, accepted: true, known: e.known, id: e.known ? e.id : '', name: e.name, kind: e.kind, offsets: e.offsets ?? [] };
    });
    this.relationships = draft.evidence.flatMap((ev) => {
      const [from, to] = [byDraftId.get(ev.from), byDraftId.get(ev.to)];
      if (!from || !to) return [];
      const suggested = ev.type ?? ev.suggestedType;
      const type = suggested && ev.allowedTypes.includes(suggested) ? suggested : ev.allowedTypes.length === 1 ? ev.allowedTypes[0]! : '';
      return [{ key: nextKey('r'), accepted: true, from, to, type, evidence: ev.sentence }];
    });
    this.previewed = null;
  }

  // ---- stage 2: the review ------------------------------------------------------------------------

  private renderReview(): void {
    this.slots.clear();
    const articleText = el('div', { id: 'review-text', className: 'review-text', tabindex: 0 });
    // Where the draft found each entity: the graph's own and the candidates, marked apart.
    const found: Mark[] = this.entities.flatMap((e) =>
      e.offsets.map((start) => ({ kind: 'mention' as const, start, end: start + mentionLength(this.source.text, start, [e.name]), entityId: e.key })),
    );
    const known = new Set(this.entities.filter((e) => e.known).map((e) => e.key));
    for (const run of runsOf(this.source.text.length, found)) {
      const text = this.source.text.slice(run.start, run.end);
      const mark = run.marks.find((m) => m.kind === 'mention');
      articleText.appendChild(mark?.kind === 'mention' ? el('span', { className: known.has(mark.entityId) ? 'found known' : 'found new' }, text) : document.createTextNode(text));
    }
    const remember = () => {
      const selection = document.getSelection();
      if (selection && !selection.isCollapsed && articleText.contains(selection.anchorNode) && articleText.contains(selection.focusNode)) {
        this.selected = selection.toString().trim();
        selectedHint.textContent = `Selected: “${this.selected.length > 80 ? `${this.selected.slice(0, 77)}…` : this.selected}”`;
      }
    };
    articleText.addEventListener('mouseup', remember);
    articleText.addEventListener('keyup', remember);
    const selectedHint = el(
      'p',
      { className: 'muted', id: 'review-selection' },
      'Select words of the article to narrow a quote or to add an entity. Underlined: ',
      el('span', { className: 'found known' }, 'in the graph'),
      ', ',
      el('span', { className: 'found new' }, 'new'),
      '.',
    );

    const idInput = el('input', { id: 'article-id', type: 'text', value: this.source.id, spellcheck: 'false' });
    idInput.addEventListener('input', () => {
      this.source.id = idInput.value;
      this.changed();
    });

    replaceChildren(
      this.root,
      el('h2', {}, `Review: ${this.source.title}`),
      el(
        'div',
        { className: 'review' },
        el('section', { className: 'review-article', 'aria-label': 'The article' }, selectedHint, articleText),
        el(
          'section',
          { className: 'review-forms', 'aria-label': 'The draft' },
          el('div', { className: 'field' }, el('label', { for: 'article-id' }, 'Source id'), idInput, this.slot('source.id'), this.slot('source.title'), this.slot('source.url'), this.slot('source.published'), this.slot('source.text')),
          el(
            'div',
            { className: 'review-head' },
            el('h3', {}, 'Entities'),
            el('button', { type: 'button', id: 'add-entity', onclick: () => this.addEntity() }, 'Add entity (from the selection)'),
          ),
          el('ul', { className: 'review-entities', id: 'review-entities' }, ...this.entities.map((e) => this.entityRow(e))),
          el(
            'div',
            { className: 'review-head' },
            el('h3', {}, 'Relationships'),
            el('button', { type: 'button', id: 'add-relationship', onclick: () => this.addRelationship() }, 'Add relationship'),
          ),
          el('ul', { className: 'review-relationships', id: 'review-relationships' }, ...this.relationships.map((r) => this.relationshipRow(r))),
          this.slot('document'),
          el(
            'div',
            { className: 'buttons' },
            el('button', { type: 'button', id: 'back-to-text', onclick: () => this.backToText() }, 'Back to the text'),
            el('button', { type: 'button', id: 'preview-article', onclick: () => void this.preview() }, 'Preview'),
            el('button', { type: 'button', id: 'add-to-graph', className: 'primary', disabled: true, onclick: () => void this.add() }, 'Add to graph'),
          ),
          el('section', { id: 'preview-result', className: 'preview-result', 'aria-live': 'polite' }),
          this.tokenForm(),
        ),
      ),
    );
    this.changed();
  }

  private entityRow(e: EntityRow): HTMLElement {
    const accept = el('input', { type: 'checkbox', 'aria-label': `Accept ${e.name}`, className: 'accept' });
    accept.checked = e.accepted;
    accept.addEventListener('change', () => {
      e.accepted = accept.checked;
      row.classList.toggle('dropped', !e.accepted);
      this.refreshRelationshipChoices();
      this.changed();
    });
    const name = el('input', { type: 'text', value: e.name, className: 'entity-name', 'aria-label': 'Name', readonly: e.known });
    name.addEventListener('input', () => {
      e.name = name.value;
      this.changed();
    });
    name.addEventListener('change', () => this.refreshRelationshipChoices());
    const kind = el('select', { className: 'entity-kind', 'aria-label': 'Kind', disabled: e.known }, ...[...new Set(this.rules.flatMap((r) => [...r.from, ...r.to]))].sort().map((k) => el('option', { value: k }, k)));
    kind.value = e.kind;
    let swatch = kindSwatch(e.kind, 14);
    kind.addEventListener('change', () => {
      e.kind = kind.value;
      swatch.replaceWith((swatch = kindSwatch(e.kind, 14)));
      this.refreshRelationshipChoices();
      this.changed();
    });
    const row = el(
      'li',
      { 'data-entity-key': e.key, className: e.accepted ? null : 'dropped' },
      el('label', { className: 'accept-label' }, accept),
      swatch,
      name,
      kind,
      el('span', { className: e.known ? 'badge known' : 'badge new' }, e.known ? `in the graph: ${e.id}` : 'new'),
      this.slot(`entity:${e.key}.name`),
      this.slot(`entity:${e.key}.kind`),
      this.slot(`entity:${e.key}.id`),
      this.slot(`entity:${e.key}`),
    );
    return row;
  }

  private relationshipRow(r: RelationshipRow): HTMLElement {
    const accept = el('input', { type: 'checkbox', className: 'accept', 'aria-label': 'Accept this relationship' });
    accept.checked = r.accepted;
    accept.addEventListener('change', () => {
      r.accepted = accept.checked;
      row.classList.toggle('dropped', !r.accepted);
      this.changed();
    });
    const from = el('select', { className: 'rel-from', 'aria-label': 'From' });
    const type = el('select', { className: 'rel-type', 'aria-label': 'Type' });
    const to = el('select', { className: 'rel-to', 'aria-label': 'To' });
    from.addEventListener('change', () => {
      r.from = from.value;
      this.refreshRelationshipChoices();
      this.changed();
    });
    to.addEventListener('change', () => {
      r.to = to.value;
      this.refreshRelationshipChoices();
      this.changed();
    });
    type.addEventListener('change', () => {
      r.type = type.value;
      this.changed();
    });
    const swap = el('button', { type: 'button', className: 'swap', title: 'Swap the two ends', 'aria-label': 'Swap the two ends' }, '⇄');
    swap.addEventListener('click', () => {
      [r.from, r.to] = [r.to, r.from];
      this.refreshRelationshipChoices();
      this.changed();
    });
    const evidence = el('textarea', { className: 'rel-evidence', rows: 2, 'aria-label': 'Evidence quote' });
    evidence.value = r.evidence;
    evidence.addEventListener('input', () => {
      r.evidence = evidence.value;
      this.changed();
    });
    const narrow = el('button', { type: 'button', className: 'use-selection' }, 'Use the selected text');
    narrow.addEventListener('click', () => {
      if (!this.selected) return this.showProblems([...this.currentProblems(), { target: `relationship:${r.key}.evidence`, message: 'select the words in the article first' }]);
      r.evidence = evidence.value = this.selected;
      this.changed();
    });
    const row = el(
      'li',
      { 'data-relationship-key': r.key, className: r.accepted ? null : 'dropped' },
      el('div', { className: 'rel-line' }, el('label', { className: 'accept-label' }, accept), from, type, to, swap),
      this.slot(`relationship:${r.key}.from`),
      this.slot(`relationship:${r.key}.type`),
      this.slot(`relationship:${r.key}.to`),
      el('div', { className: 'rel-evidence-line' }, evidence, narrow),
      this.slot(`relationship:${r.key}.evidence`),
      this.slot(`relationship:${r.key}.properties`),
      this.slot(`relationship:${r.key}`),
    );
    this.fillChoices(r, row);
    return row;
  }

  /** The entity and type choices of a relationship row, from the entities as they now are. */
  private fillChoices(r: RelationshipRow, row: HTMLElement): void {
    const ends = (select: HTMLSelectElement, value: string) => {
      replaceChildren(select, el('option', { value: '' }, 'choose…'), ...this.entities.map((e) => el('option', { value: e.key }, `${e.name || '(no name)'}${e.accepted ? '' : ' (dropped)'}`)));
      select.value = value;
    };
    ends(row.querySelector<HTMLSelectElement>('.rel-from')!, r.from);
    ends(row.querySelector<HTMLSelectElement>('.rel-to')!, r.to);
    const kindOf = (key: string) => this.entities.find((e) => e.key === key)?.kind ?? '';
    const allowed = allowedTypes(this.rules, kindOf(r.from), kindOf(r.to));
    const type = row.querySelector<HTMLSelectElement>('.rel-type')!;
    const options = allowed.includes(r.type) || !r.type ? allowed : [r.type, ...allowed];
    replaceChildren(
      type,
      el('option', { value: '' }, allowed.length ? 'choose a type…' : 'no type joins these kinds'),
      ...options.map((t) => el('option', { value: t, title: this.rules.find((x) => x.type === t)?.description ?? '' }, readableType(t))),
    );
    type.value = r.type;
  }

  private refreshRelationshipChoices(): void {
    for (const r of this.relationships) {
      const row = this.root.querySelector<HTMLElement>(`[data-relationship-key="${r.key}"]`);
      if (row) this.fillChoices(r, row);
    }
  }

  private addEntity(): void {
    const row: EntityRow = { key: nextKey('e'), accepted: true, known: false, id: '', name: this.selected, kind: '', offsets: [] };
    this.entities.push(row);
    const item = this.entityRow(row);
    this.root.querySelector('#review-entities')!.appendChild(item);
    item.querySelector<HTMLInputElement>('.entity-name')!.focus();
    this.refreshRelationshipChoices();
    this.changed();
  }

  private addRelationship(): void {
    const row: RelationshipRow = { key: nextKey('r'), accepted: true, from: '', to: '', type: '', evidence: this.selected };
    this.relationships.push(row);
    const item = this.relationshipRow(row);
    this.root.querySelector('#review-relationships')!.appendChild(item);
    item.querySelector<HTMLSelectElement>('.rel-from')!.focus();
    this.changed();
  }

  private backToText(): void {
    this.stage = 'write';
    this.previewed = null;
    this.renderWrite();
  }

  /** Any edit: the last preview no longer shows what would be added. */
  private changed(): void {
    this.built = buildDocument(this.source, this.entities, this.relationships, this.rules);
    const current = JSON.stringify(this.built.document);
    const button = this.root.querySelector<HTMLButtonElement>('#add-to-graph');
    if (button) button.disabled = this.previewed !== current || this.busy;
    if (this.previewed !== null && this.previewed !== current) {
      this.previewed = null;
      const result = this.root.querySelector('#preview-result');
      if (result) replaceChildren(result as HTMLElement, el('p', { className: 'muted' }, 'The review changed since the preview: preview again before adding.'));
    }
  }

  private currentProblems(): FieldProblem[] {
    return [...this.slots.entries()].flatMap(([target, slot]) => (slot.textContent ? [{ target, message: slot.textContent }] : []));
  }

  private async preview(): Promise<void> {
    this.changed();
    const built = this.built!;
    this.showProblems(built.problems);
    if (built.problems.length) return;
    if (!built.document.entities.length && !built.document.relationships.length) {
      return this.showProblems([{ target: 'document', message: 'every entity and relationship is dropped: accept at least one' }]);
    }
    const json = JSON.stringify(built.document);
    await this.guarded('preview-article', async () => {
      const report = await this.withToken((token) => ingestArticle(built.document, true, token));
      this.previewed = json;
      this.showPreview(report);
      this.changed();
    }, built);
  }

  private async add(): Promise<void> {
    const built = this.built!;
    if (this.previewed !== JSON.stringify(built.document)) return;
    await this.guarded('add-to-graph', async () => {
      const report = await this.withToken((token) => ingestArticle(built.document, false, token));
      // A fresh page for the next article; this one opens in the reader.
      this.source = { id: '', title: '', url: '', publisher: '', published: '', text: '' };
      this.entities = [];
      this.relationships = [];
      this.previewed = null;
      this.stage = 'write';
      this.actions.added(report.sourceId);
    }, built);
  }

  private showPreview(r: IngestAnswer): void {
    const result = this.root.querySelector<HTMLElement>('#preview-result')!;
    const outcome = (x: IngestAnswer['resolutions'][number]) => {
      switch (x.outcome) {
        case 'NEW':
          return `new: ${x.id}`;
        case 'KNOWN_ID':
          return `already in the graph: ${x.id}`;
        case 'MATCHED':
          return `merges into ${x.existingName ?? x.id} (${x.id}), matched on “${x.matchedOn ?? x.name}”`;
        case 'VARIANT':
          return `merges into ${x.existingName ?? x.id} (${x.id}), a variant spelling of “${x.matchedOn ?? x.name}”`;
      }
    };
    replaceChildren(
      result,
      el('h3', {}, 'Preview: nothing is written yet'),
      r.source ? el('p', { className: 'problem', id: 'preview-source-exists' }, `A source with the id “${r.source.id}” (${r.source.title}) is already in the graph: adding replaces its title and text.`) : null,
      el(
        'dl',
        { className: 'preview-counts' },
        el('dt', {}, 'Entities'),
        el('dd', { id: 'preview-entities' }, `${r.entitiesCreated} new, ${r.entitiesMerged} merged into existing ones, ${r.entitiesUnchanged} unchanged`),
        el('dt', {}, 'Relationships'),
        el('dd', { id: 'preview-relationships' }, `${r.relationshipsCreated} new, ${r.relationshipsUpdated} existing gain this article’s quote, ${r.relationshipsUnchanged} unchanged`),
        el('dt', {}, 'Mentions'),
        el('dd', {}, `${r.mentions} of ${r.mentionedEntities} entities in the text`),
      ),
      el(
        'ul',
        { className: 'preview-resolutions', id: 'preview-resolutions' },
        ...r.resolutions.map((x) =>
          el(
            'li',
            { 'data-outcome': x.outcome, 'data-id': x.id },
            kindSwatch(x.kind, 12),
            ' ',
            el('strong', {}, x.name),
            ` — ${outcome(x)}`,
            x.possibleDuplicates.length ? el('p', { className: 'muted' }, `May be the same as: ${x.possibleDuplicates.map((d) => `${d.name} (${d.id}, ${d.why})`).join('; ')}`) : null,
          ),
        ),
      ),
    );
    result.scrollIntoView({ block: 'nearest' });
  }

  // ---- problems, token, busy --------------------------------------------------------------------

  private slot(target: string): HTMLElement {
    const slot = el('p', { className: 'problem', 'data-problem-for': target, role: 'alert', hidden: true });
    this.slots.set(target, slot);
    return slot;
  }

  /** Puts each problem by its field (several at one field are listed together); clears the others. */
  private showProblems(problems: FieldProblem[]): void {
    for (const slot of this.slots.values()) {
      slot.textContent = '';
      slot.hidden = true;
    }
    for (const p of problems) {
      const slot = this.slots.get(p.target) ?? this.slots.get(p.target.replace(/\.\w+$/, '')) ?? this.slots.get('document');
      if (!slot) continue;
      slot.textContent = slot.textContent ? `${slot.textContent}; ${p.message}` : p.message;
      slot.hidden = false;
    }
    this.root.querySelector('.problem:not([hidden])')?.scrollIntoView({ block: 'nearest' });
  }

  /** Runs a request with the button `id` disabled; refusals go to their fields, other errors under the form. */
  private async guarded(id: string, work: () => Promise<void>, built?: BuiltDocument): Promise<void> {
    const button = this.root.querySelector<HTMLButtonElement>(`#${id}`);
    this.busy = true;
    if (button) button.disabled = true;
    this.root.setAttribute('aria-busy', 'true');
    try {
      await work();
    } catch (e) {
      if (e instanceof RefusedError && e.problems.length) {
        this.showProblems(e.problems.map((p) => ({ target: built ? placeProblem(p.path, built) : p.path.startsWith('text') ? 'source.text' : 'document', message: p.message })));
      } else this.showProblems([{ target: 'document', message: (e as Error).message }]);
    } finally {
      this.busy = false;
      this.root.setAttribute('aria-busy', 'false');
      const again = this.root.querySelector<HTMLButtonElement>(`#${id}`);
      if (again && id !== 'add-to-graph') again.disabled = false;
      if (this.stage === 'review') this.changed();
    }
  }

  /** Runs `work` with the session's token, asking for one first; a refused token is forgotten and asked for again. */
  private async withToken<T>(work: (token: string) => Promise<T>): Promise<T> {
    let refused: string | undefined;
    for (;;) {
      const token = storedToken() ?? (await this.askToken(refused));
      try {
        return await work(token);
      } catch (e) {
        if (!(e instanceof ApiError) || !TOKEN_REFUSED.has(e.code ?? '')) throw e;
        forgetToken();
        refused = `The server refused the token: ${e.message}`;
      }
    }
  }

  private tokenForm(): HTMLElement {
    const input = el('input', { id: 'admin-token', type: 'password', autocomplete: 'off', spellcheck: 'false' });
    const form = el(
      'form',
      { id: 'token-form', className: 'token-form', hidden: true },
      el('label', { for: 'admin-token' }, 'Admin token'),
      el('p', { className: 'muted hint' }, 'Drafting and adding need the server’s admin token (KG_ADMIN_TOKEN, or `kg token` on the server’s machine). It is kept for this browser session only.'),
      input,
      el('button', { type: 'submit', className: 'primary', id: 'use-token' }, 'Use this token'),
      this.slot('token'),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const token = input.value.trim();
      if (!token) return this.showProblems([{ target: 'token', message: 'type or paste the token' }]);
      keepToken(token);
      input.value = '';
      form.hidden = true;
      this.showProblems([]);
      const waiter = this.tokenWaiter;
      this.tokenWaiter = null;
      waiter?.(token);
    });
    return form;
  }

  private showTokenForm(problem?: string): void {
    const form = this.root.querySelector<HTMLFormElement>('#token-form')!;
    form.hidden = false;
    this.showProblems(problem ? [{ target: 'token', message: problem }] : []);
    form.querySelector<HTMLInputElement>('#admin-token')!.focus();
  }

  private askToken(problem?: string): Promise<string> {
    if (!this.tokenWaiter) this.showTokenForm(problem);
    return new Promise((resolve) => {
      const previous = this.tokenWaiter;
      this.tokenWaiter = (token) => {
        previous?.(token);
        resolve(token);
      };
    });
  }
}
