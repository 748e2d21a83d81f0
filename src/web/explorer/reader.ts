/**
 * The reader: one source's article with every mention of an entity and every evidence quote marked. A mention
 * opens its entity on the graph; a quote opens the relationship it states (a sentence stating several lists
 * them beside the article to pick from).
 */
import type { RelationshipRecord } from './api';
import { el, kindSwatch, replaceChildren } from './dom';
import { readableType } from './format';
import { mentionLength, mergeQuotes, runsOf, type Mark } from './article-marks';
import { readableDate, sourceLine } from './sources-panel';
import type { SourceReading } from './sources-api';

/** What a click on a mark asks of the page. */
export interface ReaderActions {
  openEntity(id: string): void;
  openRelationship(relationship: RelationshipRecord): void;
}

/** The marks of a source: each mention's span and each placed quote (quotes the text no longer holds are listed, not marked). */
export function marksOf(reading: SourceReading): Mark[] {
  const text = reading.source.text;
  const mentions: Mark[] = reading.mentions.flatMap(({ entity, offsets }) =>
    offsets.map((start) => ({ kind: 'mention' as const, start, end: start + mentionLength(text, start, [entity.name, ...entity.aliases]), entityId: entity.id })),
  );
  const quotes = mergeQuotes(
    reading.statements.flatMap((s) =>
      s.quotes.flatMap((q) => (q.start === null || q.end === null ? [] : [{ start: q.start, end: q.end, relationshipId: s.relationship.id }])),
    ),
  );
  return [...quotes, ...mentions];
}

/** Renders one source into `root`. */
export function renderReading(root: HTMLElement, reading: SourceReading, actions: ReaderActions): void {
  const { source } = reading;
  const entities = new Map(reading.mentions.map((m) => [m.entity.id, m.entity]));
  for (const s of reading.statements) {
    for (const end of [s.relationship.from, s.relationship.to]) if (!entities.has(end)) entities.set(end, { id: end, kind: '', name: end, aliases: [], description: null, properties: {} });
  }
  const relationships = new Map(reading.statements.map((s) => [s.relationship.id, s.relationship]));
  const nameOf = (id: string) => entities.get(id)?.name ?? id;
  const describe = (r: RelationshipRecord) => `${nameOf(r.from)} —${readableType(r.type)}→ ${nameOf(r.to)}`;

  const statementItems = new Map<string, HTMLElement>();
  const statementList = el(
    'ul',
    { className: 'statement-list' },
    ...reading.statements.map((s) => {
      const item = el(
        'li',
        { 'data-relationship-id': s.relationship.id },
        el('button', { type: 'button', className: 'link', onclick: () => actions.openRelationship(s.relationship) }, describe(s.relationship)),
        s.quotes.some((q) => q.start === null) ? el('p', { className: 'muted' }, 'A quote of this relationship is no longer in the text.') : null,
      );
      statementItems.set(s.relationship.id, item);
      return item;
    }),
  );
  const choice = el('p', { className: 'reader-choice', id: 'reader-choice', hidden: true });

  const article = el('div', { className: 'article-text', id: 'article-text', lang: 'en' });
  for (const run of runsOf(source.text.length, marksOf(reading))) {
    let node: Node = document.createTextNode(source.text.slice(run.start, run.end));
    // Innermost mark first, so the outermost (a quote) wraps the mentions inside it.
    for (const mark of [...run.marks].reverse()) {
      const wrapper =
        mark.kind === 'mention'
          ? el('span', { className: 'mark-mention', 'data-entity-id': mark.entityId, role: 'link', tabindex: 0, title: `${nameOf(mark.entityId)} (${entities.get(mark.entityId)?.kind ?? ''}): open on the graph` })
          : el('mark', {
              className: 'mark-quote',
              'data-relationship-ids': mark.relationshipIds.join(' '),
              role: 'link',
              tabindex: 0,
              title: mark.relationshipIds.map((id) => describe(relationships.get(id)!)).join('\n'),
            });
      wrapper.appendChild(node);
      node = wrapper;
    }
    article.appendChild(node);
  }

  const activate = (target: EventTarget | null) => {
    const element = target instanceof Element ? target : null;
    const mention = element?.closest<HTMLElement>('[data-entity-id]');
    if (mention) return actions.openEntity(mention.dataset.entityId!);
    // Quotes may overlap: every quote around the click counts.
    const ids: string[] = [];
    for (let e = element?.closest<HTMLElement>('[data-relationship-ids]'); e && article.contains(e); e = e.parentElement?.closest<HTMLElement>('[data-relationship-ids]')) {
      for (const id of e.dataset.relationshipIds!.split(' ')) if (!ids.includes(id)) ids.push(id);
    }
    if (!ids.length) return;
    if (ids.length === 1) return actions.openRelationship(relationships.get(ids[0]!)!);
    // One sentence stating several relationships: the list beside the article shows them to pick from.
    statementItems.forEach((item, id) => item.classList.toggle('picked', ids.includes(id)));
    choice.hidden = false;
    choice.textContent = `This passage states ${ids.length} relationships; pick one below.`;
    statementItems.get(ids[0]!)?.scrollIntoView({ block: 'nearest' });
  };
  article.addEventListener('click', (e) => activate(e.target));
  article.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate(e.target);
    }
  });

  const mentioned = [...reading.mentions].sort((a, b) => a.entity.name.localeCompare(b.entity.name));
  replaceChildren(
    root,
    el(
      'article',
      { className: 'reader-article', 'aria-labelledby': 'reader-title' },
      el('h2', { id: 'reader-title' }, source.title),
      el(
        'p',
        { className: 'muted reader-meta' },
        sourceLine(source),
        source.url ? el('span', {}, ' · ', el('a', { href: source.url, rel: 'noopener noreferrer', target: '_blank' }, 'original')) : null,
      ),
      el(
        'p',
        { className: 'reader-legend muted' },
        el('span', { className: 'mark-mention' }, 'Underlined'),
        ': an entity, opens on the graph. ',
        el('mark', { className: 'mark-quote' }, 'Highlighted'),
        ': evidence for a relationship.',
      ),
      article,
    ),
    el(
      'aside',
      { className: 'reader-side', 'aria-label': 'What this source states' },
      el('h3', {}, `Relationships (${reading.statements.length})`),
      choice,
      reading.statements.length ? statementList : el('p', { className: 'muted' }, 'This source states no relationship.'),
      el('h3', {}, `Entities (${reading.mentions.length})`),
      el(
        'ul',
        { className: 'reader-entities' },
        ...mentioned.map(({ entity, offsets }) =>
          el(
            'li',
            {},
            el('button', { type: 'button', className: 'link', 'data-entity-id': entity.id, onclick: () => actions.openEntity(entity.id) }, kindSwatch(entity.kind, 12), ' ', entity.name),
            el('span', { className: 'muted' }, offsets.length ? ` ×${offsets.length}` : ' (stated, not named)'),
          ),
        ),
      ),
      source.published ? el('p', { className: 'muted' }, `Published ${readableDate(source.published)}.`) : null,
    ),
  );
}
