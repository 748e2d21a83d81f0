/**
 * The details panel: the selected entity (name, kind, aliases, description, properties, relationships,
 * sources) or relationship (type, ends, properties, every evidence quote with its source).
 */
import type { EntityRecord, EvidenceRecord, GraphOverview, MergeRecord, Neighbourhood, RelationshipRecord } from './api';
import { el, kindSwatch, replaceChildren } from './dom';
import { propertyRows, readableType } from './format';
import { sourceHref } from './reader-route';
import { claimsSection, timelineSection } from './claims-view';

/** What the panel's buttons and links ask the page to do. */
export interface DetailsActions {
  expand(id: string): void;
  centre(id: string): void;
  hide(id: string): void;
  pathFrom(entity: EntityRecord): void;
  pathTo(entity: EntityRecord): void;
  showEntity(id: string): void;
  showRelationship(id: string): void;
  /** Opens the paged list of a capped entity's relationships. */
  browse(id: string): void;
}

/** Renders into one container; each render replaces what was there. */
export class DetailsPanel {
  constructor(
    private readonly root: HTMLElement,
    private readonly actions: DetailsActions,
  ) {}

  /** Nothing selected: what the graph holds and how to start. */
  showOverview(overview: GraphOverview | null): void {
    replaceChildren(
      this.root,
      el('h2', {}, 'Explore the graph'),
      el(
        'p',
        {},
        'Search for a person, place, project or agreement above. Click a node to expand its neighbours, double-click to re-centre on it, click an edge to read its evidence.',
      ),
      overview &&
        el(
          'p',
          { className: 'muted' },
          `${overview.entities} entities, ${overview.relationships} relationships from ${overview.sources} source${overview.sources === 1 ? '' : 's'} (${overview.engine} engine).`,
        ),
    );
  }

  /** An entity; `neighbourhood` adds its relationships and sources once loaded. */
  showEntity(entity: EntityRecord, neighbourhood: Neighbourhood | null): void {
    const a = this.actions;
    replaceChildren(
      this.root,
      el('p', { className: 'kind-line' }, kindSwatch(entity.kind, 18), el('span', { className: 'kind' }, entity.kind), el('code', { className: 'entity-id' }, entity.id)),
      el('h2', { className: 'entity-name' }, entity.name),
      entity.aliases.length ? el('p', { className: 'aliases' }, el('span', { className: 'label' }, 'Also known as: '), entity.aliases.join(' · ')) : null,
      entity.description ? el('p', { className: 'description' }, entity.description) : null,
      propertiesTable(entity.properties),
      el(
        'div',
        { className: 'actions' },
        el('button', { type: 'button', onclick: () => a.expand(entity.id) }, 'Expand'),
        el('button', { type: 'button', onclick: () => a.centre(entity.id), title: 'Or double-click the node' }, 'Re-centre'),
        el('button', { type: 'button', onclick: () => a.hide(entity.id) }, 'Hide'),
        el('button', { type: 'button', onclick: () => a.pathFrom(entity) }, 'Path from here'),
        el('button', { type: 'button', onclick: () => a.pathTo(entity) }, 'Path to here'),
      ),
      neighbourhood?.redirectedFrom ? el('p', { className: 'redirected', id: 'redirected-from' }, `“${neighbourhood.redirectedFrom}” was merged into this entity.`) : null,
      neighbourhood?.merges?.length ? mergesList(neighbourhood.merges) : null,
      neighbourhood ? this.relationshipList(entity.id, neighbourhood) : el('p', { className: 'muted' }, 'Loading relationships…'),
      claimsSection(entity.id),
      timelineSection(entity.id, (id) => a.showRelationship(id)),
      neighbourhood?.sources.length
        ? el(
            'section',
            { className: 'sources' },
            el('h3', {}, 'Sources'),
            el('ul', {}, ...neighbourhood.sources.map((s) => el('li', {}, el('a', { href: sourceHref(s.id), className: 'source-link' }, s.title), s.mentions ? el('span', { className: 'muted' }, ` (${s.mentions} mention${s.mentions === 1 ? "" : "s"})`) : null))),
          )
        : null,
    );
  }

  /** A relationship with its ends, properties and every evidence quote. */
  showRelationship(relationship: RelationshipRecord, from: EntityRecord | undefined, to: EntityRecord | undefined): void {
    replaceChildren(
      this.root,
      el('p', { className: 'kind-line' }, el('span', { className: 'kind' }, 'Relationship')),
      el('h2', { className: 'relationship-type' }, relationship.type),
      el(
        'p',
        { className: 'relationship-ends' },
        this.entityLink(relationship.from, from),
        el('span', { className: 'arrow', 'aria-label': `${readableType(relationship.type)}` }, ` —${readableType(relationship.type)}→ `),
        this.entityLink(relationship.to, to),
      ),
      propertiesTable(relationship.properties),
      evidenceList(relationship.evidence),
      claimsSection(relationship.id),
    );
  }

  /** A message instead of details (an unknown id, a failed request). */
  showMessage(title: string, text: string): void {
    replaceChildren(this.root, el('h2', {}, title), el('p', {}, text));
  }

  private entityLink(id: string, entity: EntityRecord | undefined): HTMLElement {
    return el('button', { type: 'button', className: 'link', onclick: () => this.actions.showEntity(id) }, entity ? kindSwatch(entity.kind) : null, entity?.name ?? id);
  }

  private relationshipList(id: string, neighbourhood: Neighbourhood): HTMLElement {
    const neighbours = new Map(neighbourhood.neighbours.map((e) => [e.id, e]));
    const otherOf = (r: RelationshipRecord) => neighbours.get(r.from === id ? r.to : r.from);
    const items = [...neighbourhood.relationships]
      .sort((x, y) => x.type.localeCompare(y.type) || (otherOf(x)?.name ?? '').localeCompare(otherOf(y)?.name ?? ''))
      .map((r) => {
        const out = r.from === id;
        const other = otherOf(r);
        return el(
          'li',
          {},
          el(
            'button',
            { type: 'button', className: 'link relationship-link', 'data-relationship-id': r.id, onclick: () => this.actions.showRelationship(r.id) },
            el('span', { className: 'direction', 'aria-label': out ? 'outgoing' : 'incoming' }, out ? '→' : '←'),
            el('span', { className: 'type' }, r.type),
            ' ',
            other ? kindSwatch(other.kind, 12) : null,
            ' ',
            other?.name ?? (out ? r.to : r.from),
          ),
        );
      });
    const capped = neighbourhood.totalCount > neighbourhood.relationships.length;
    return el(
      'section',
      { className: 'relationships' },
      el('h3', {}, `Relationships (${neighbourhood.totalCount})`),
      capped
        ? el(
            'p',
            { className: 'muted' },
            `Showing the first ${neighbourhood.relationships.length}. `,
            el('button', { type: 'button', className: 'link', id: 'browse-relationships', onclick: () => this.actions.browse(id) }, `Browse all ${neighbourhood.totalCount}`),
          )
        : null,
      el('ul', {}, ...items),
    );
  }
}

/** A definition list of properties, amounts formatted with their currency; nothing when there are none. */
export function propertiesTable(properties: Record<string, unknown>): HTMLElement | null {
  const rows = propertyRows(properties);
  if (!rows.length) return null;
  return el('dl', { className: 'properties' }, ...rows.flatMap((r) => [el('dt', {}, r.label), el('dd', { 'data-property': r.key }, r.value)]));
}

/** Every quote, each with the title of the source it comes from. */
export function evidenceList(evidence: EvidenceRecord[]): HTMLElement {
  return el(
    'section',
    { className: 'evidence' },
    el('h3', {}, `Evidence (${evidence.length})`),
    evidence.length
      ? el(
          'ul',
          {},
          ...evidence.map((e) => el('li', {}, el('blockquote', {}, `“${e.quote}”`), el('p', { className: 'source' }, '— ', el('cite', {}, e.source.id ? el('a', { href: sourceHref(e.source.id), className: 'source-link' }, e.source.title) : e.source.title)))),
        )
      : el('p', { className: 'muted' }, 'No quote recorded.'),
  );
}

/** Analysts' merges into an entity: what was merged, by whom, when and why (decisions are never out of sight). */
function mergesList(merges: MergeRecord[]): HTMLElement {
  return el(
    'section',
    { className: 'merges', id: 'merged-into-this' },
    el('h3', {}, 'Merged into this entity'),
    el(
      'ul',
      {},
      ...merges.map((m) =>
        el('li', {}, `${m.merged ? `${m.merged.name} (${m.merged.id})` : 'an entity'} — by ${m.analyst}, ${m.at.slice(0, 10)}`, m.reason ? el('span', { className: 'muted' }, `: ${m.reason}`) : null),
      ),
    ),
  );
}
