/**
 * The explorer page: ties search, the graph, the details panel, the path finder, filters, export and
 * deep links together. Everything it knows comes from the GraphQL API.
 */
import {
  ApiError,
  DEFAULT_HUB_CAP,
  fetchEntities,
  fetchEntity,
  fetchLatestSources,
  fetchMostConnected,
  fetchSourceEntityIds,
  fetchNeighbourhood,
  fetchRelationshipsOf,
  fetchOverview,
  fetchShortestPath,
  type EntityRecord,
  type GraphOverview,
  type HubRow,
  type Neighbourhood,
  type PathRecord,
  type RelationshipRecord,
  type SourceSummary,
} from './api';
import { DetailsPanel } from './details-panel';
import { download } from './dom';
import { GraphView } from './graph-view';
import { HubList } from './hub-list';
import { LegendFilters, type HiddenSets } from './legend-filters';
import { DateSlider } from './date-slider';
import { PathFinder } from './path-finder';
import { formatRoute, parseRoute, sameRoute, type Route } from './route';
import { StartView } from './start-view';
import { isReaderHash } from './reader-route';
import { SuggestionBox } from './suggestion-box';

/** Time the first click of a double-click waits before expanding, so a re-centre does not expand first. */
const EXPAND_DELAY_MS = 260;
/** Most entities one "Expand all" expands (the view can grow by their neighbours at most). */
const EXPAND_ALL_LIMIT = 100;
/** Where the page keeps the hub cap the analyst chose. */
const HUB_CAP_KEY = 'kg-explorer-hub-cap';
/** The server's default KG_MAX_PAGE_SIZE: no request may ask for a larger page. */
const MAX_HUB_CAP = 100;
/** Entities and sources the starting view lists. */
const START_ENTITIES = 10;
const START_SOURCES = 6;

/** The hub cap: the analyst's choice kept by the browser, else DEFAULT_HUB_CAP. */
function storedHubCap(): number {
  const n = Number(globalThis.localStorage?.getItem(HUB_CAP_KEY));
  return Number.isInteger(n) && n >= 1 && n <= MAX_HUB_CAP ? n : DEFAULT_HUB_CAP;
}

type Selection = { kind: 'entity' | 'relationship'; id: string } | null;

/** The whole page's state and behaviour. */
export class Explorer {
  private readonly view: GraphView;
  private readonly details: DetailsPanel;
  private readonly pathFinder: PathFinder;
  private readonly filters: LegendFilters;
  private readonly dateSlider: DateSlider;
  private readonly hubList: HubList;
  private readonly startView: StartView;
  /** The starting view's lists, fetched the first time it shows. */
  private startLoaded = false;
  /** The entity whose neighbours PageDown and PageUp walk through: the one the keyboard's selection last moved from. */
  private keyboardAnchor: string | null = null;
  /** Most relationships drawn per expansion, and the page size of every request for relationships. */
  private hubCap = storedHubCap();
  private readonly neighbourhoods = new Map<string, Promise<Neighbourhood | null>>();
  /** Every relationship fetched so far; any whose two ends are drawn is drawn too. */
  private readonly known = new Map<string, RelationshipRecord>();
  /** Entities whose first page of relationships is in `known` (or being fetched): a hub's later pages come only from its list. */
  private readonly linked = new Set<string>();
  private overview: GraphOverview | null = null;
  private route: Route = { view: 'home' };
  private selection: Selection = null;
  private centreId: string | null = null;
  private activePath: { from: string; to: string; path: PathRecord } | null = null;
  /** Bumped whenever the view is rebuilt, so answers to older requests are dropped. */
  private generation = 0;
  private pendingExpand: number | undefined;
  /** Requests and layouts under way (and a click's expansion waiting out the double-click); 0 means the view is settled. */
  private work = 0;

  constructor(private readonly doc: Document) {
    const $ = <T extends HTMLElement>(id: string) => doc.getElementById(id) as T;
    this.view = new GraphView($('graph'), {
      entityTapped: (id) => this.entityTapped(id),
      entityDoubleTapped: (id) => {
        this.cancelPendingExpand();
        this.run(() => this.centre(id));
      },
      relationshipTapped: (id) => this.selectRelationship(id),
      moreTapped: (hub) => this.openHubList(hub),
      backgroundTapped: () => this.selectNothing(),
      changed: () => this.viewChanged(),
    });
    this.details = new DetailsPanel($('details'), {
      expand: (id) => this.run(() => this.expand(id)),
      centre: (id) => this.run(() => this.centre(id)),
      hide: (id) => this.hide(id),
      pathFrom: (entity) => this.pathFinder.setFrom(entity),
      pathTo: (entity) => this.pathFinder.setTo(entity),
      showEntity: (id) => this.showEntity(id),
      showRelationship: (id) => this.selectRelationship(id),
      browse: (id) => this.openHubList(id),
    });
    this.hubList = new HubList($('details'), {
      add: (hub, rows) => this.run(() => this.addFromHub(hub, rows)),
      isDrawn: (id) => this.view.entity(id) !== undefined,
      error: (message) => this.status(message, 'error'),
    });
    this.startView = new StartView($('start-view'), {
      openEntity: (id) => this.run(() => this.centre(id)),
      drawEntities: (ids) => this.run(() => this.drawByIds(ids, 'the most connected entities')),
      openSource: (source) => this.run(() => this.openSource(source)),
    });
    $('graph').addEventListener('keydown', (e) => this.graphKey(e));
    const capInput = $<HTMLInputElement>('hub-cap');
    capInput.value = String(this.hubCap);
    capInput.max = String(MAX_HUB_CAP);
    capInput.addEventListener('change', () => {
      const n = Math.floor(Number(capInput.value));
      if (!(n >= 1 && n <= MAX_HUB_CAP)) {
        capInput.value = String(this.hubCap);
        return this.status(`The cap is a whole number from 1 to ${MAX_HUB_CAP}`, 'error');
      }
      this.hubCap = n;
      localStorage.setItem(HUB_CAP_KEY, String(n));
      this.neighbourhoods.clear(); // pages of the old size
      this.status(`Expanding draws at most ${n} relationships of an entity`);
    });
    this.pathFinder = new PathFinder($('path-finder'), {
      find: (from, to, maxHops) => this.run(() => this.findPath(from.id, to.id, maxHops, true)),
      clear: () => this.clearPath(),
      showRelationship: (id) => this.selectRelationship(id),
      showEntity: (id) => this.showEntity(id),
      error: (message) => this.status(message, 'error'),
    });
    this.filters = new LegendFilters($('kind-filters'), $('type-filters'), (hidden) => this.filtersChanged(hidden));
    this.dateSlider = new DateSlider($('as-of'), {
      entityIds: () => this.view.entityIds(),
      relationshipIds: () => this.view.relationshipIds(),
      apply: (held) => this.view.setHeldBy(held),
      status: (message, level) => this.status(message, level),
    });
    this.dateSlider.load().catch(() => undefined); // the slider keeps its default span
    new SuggestionBox($<HTMLInputElement>('search-input'), (entity) => this.run(() => this.centre(entity.id)), (message) => this.status(message, 'error'));

    $('fit-view').addEventListener('click', () => this.view.fit());
    $('expand-all').addEventListener('click', () => this.run(() => this.expandAll()));
    $('relayout-view').addEventListener('click', () => this.run(() => this.view.layout(true)));
    $('zoom-in').addEventListener('click', () => this.view.zoomBy(1.5));
    $('open-workbench').addEventListener('click', () => this.run(() => this.toggleWorkbench()));
    // on a narrow screen the toolbar folds behind a menu button
    $('menu-toggle').addEventListener('click', (e) => {
      const open = doc.body.classList.toggle('menu-open');
      (e.currentTarget as HTMLElement).setAttribute('aria-expanded', String(open));
    });
    $('zoom-out').addEventListener('click', () => this.view.zoomBy(1 / 1.5));
    $('clear-view').addEventListener('click', () => this.navigate({ view: 'home' }, false, true));
    $('export-png').addEventListener('click', () => this.exportPng());
    $('export-json').addEventListener('click', () => this.exportJson());
    $('show-all-kinds').addEventListener('click', () => this.filters.showAll('kind'));
    $('show-all-types').addEventListener('click', () => this.filters.showAll('type'));
    window.addEventListener('hashchange', () => {
      if (isReaderHash(location.hash)) return; // the reader's pages lie over the graph, which keeps its view
      const route = parseRoute(location.hash);
      if (!sameRoute(route, this.route)) this.run(() => this.open(route));
    });
  }

  /** Loads the legend, then shows what the URL names. */
  start(): void {
    this.run(() => this.load());
  }

  private async load(): Promise<void> {
    try {
      this.overview = await fetchOverview();
      this.filters.render(this.overview.kinds, this.overview.relationshipTypes, this.overview.display);
    } catch (e) {
      this.status(`Could not load the graph's kinds and types: ${(e as Error).message}`, 'error');
    }
    this.route = parseRoute(location.hash);
    this.viewChanged();
    await this.open(this.route);
  }

  /** Shows a route: home, an entity's neighbourhood, or a path. */
  private async open(route: Route): Promise<void> {
    this.route = route;
    if (route.view === 'entity') await this.centre(route.id, false);
    else if (route.view === 'path') await this.openPath(route.from, route.to);
    else {
      this.generation++;
      this.reset();
      this.details.showOverview(this.overview);
    }
  }

  /** Points the URL at `route`: a new history entry, or replacing the current one for mere selection changes. */
  private navigate(route: Route, replace: boolean, show = false): void {
    if (show) this.run(() => this.open(route));
    this.route = route;
    const hash = formatRoute(route);
    if (location.hash === hash) return;
    if (replace) history.replaceState(null, '', hash);
    else history.pushState(null, '', hash);
  }

  /** Empties the view and forgets the path and selection. */
  private reset(): void {
    this.cancelPendingExpand();
    this.activePath = null;
    this.selection = null;
    this.centreId = null;
    this.pathFinder.reset();
    this.view.clear();
  }

  /** Re-centres: the view becomes `id` and its neighbours. */
  private async centre(asked: string, push = true): Promise<void> {
    const generation = ++this.generation;
    if (push) this.navigate({ view: 'entity', id: asked }, false);
    this.reset();
    this.status('Loading…');
    const neighbourhood = await this.neighbourhood(asked);
    if (generation !== this.generation) return;
    if (!neighbourhood) {
      this.details.showMessage('Not found', `There is no entity with the id “${asked}”.`);
      this.status(`No entity “${asked}”`, 'error');
      return;
    }
    // A merged id answers its survivor (saying so): show the survivor, under its own id in the address.
    const id = neighbourhood.entity.id;
    if (id !== asked) {
      this.neighbourhoods.set(id, Promise.resolve(neighbourhood));
      this.navigate({ view: 'entity', id }, true);
    }
    this.draw([neighbourhood.entity, ...neighbourhood.neighbours]);
    this.view.setCentre(id);
    this.view.markExpanded(id);
    this.showCapped(id, neighbourhood);
    this.centreId = id;
    this.selectEntity(id);
    this.status(`${neighbourhood.entity.name}: ${neighbourhood.neighbours.length} neighbours`);
    await this.link();
    if (generation === this.generation) await this.view.layout(true);
  }

  /** Adds `id`'s neighbours to the view around it. */
  private async expand(id: string): Promise<void> {
    const generation = this.generation;
    const neighbourhood = await this.neighbourhood(id);
    if (generation !== this.generation || !neighbourhood || !this.view.entity(id)) return;
    const added = this.draw(neighbourhood.neighbours, id);
    this.view.markExpanded(id);
    this.showCapped(id, neighbourhood);
    this.status(added ? `${neighbourhood.entity.name}: ${added} more entit${added === 1 ? 'y' : 'ies'}` : `${neighbourhood.entity.name}: every neighbour is already shown`);
    const links = await this.link();
    const total = this.view.counts().entities;
    if ((added || links) && generation === this.generation) await this.view.layout(added > total - added);
  }

  /** Expands every entity drawn but not yet expanded (up to EXPAND_ALL_LIMIT), each one's neighbours starting around it. */
  private async expandAll(): Promise<void> {
    const generation = this.generation;
    const ids = this.view.entityIds().filter((id) => !this.view.isExpanded(id));
    if (!ids.length) return this.status('Every entity in view is already expanded');
    const chosen = ids.slice(0, EXPAND_ALL_LIMIT);
    this.status(`Expanding ${chosen.length} entities…`);
    const found = await fetchRelationshipsOf(chosen, true, this.hubCap);
    if (generation !== this.generation) return;
    const before = this.view.counts().entities;
    for (const [id, page] of found) {
      page.relationships.forEach((r) => this.known.set(r.id, r));
      this.linked.add(id); // one page of an entity is all the view ever fetches in bulk; a hub's list pages on request
      this.draw(page.neighbours, id);
      this.view.markExpanded(id);
      this.view.setDegree(id, page.totalCount);
      // a hub keeps the same cap as a single expansion: the rest is a "+ N more" node
      this.view.setMore(id, page.totalCount - page.relationships.length);
    }
    const added = this.view.counts().entities - before;
    const left = ids.length - chosen.length;
    this.status(`Expanded ${chosen.length} entities: ${added} more shown${left ? `; ${left} still to expand` : ''}`);
    await this.link();
    // when the view more than doubles, refining the old picture tangles the new part; start afresh
    if (generation === this.generation) await this.view.layout(added > before);
  }

  /** Opens a relationship named elsewhere (a quote in the reader): its start's neighbourhood, the relationship drawn and selected. */
  openRelationship(relationship: RelationshipRecord): void {
    this.run(async () => {
      await this.centre(relationship.from);
      await this.addResult([], [relationship]);
      this.selectRelationship(relationship.id);
      this.status(`${relationship.type} from ${this.view.entity(relationship.from)?.name ?? relationship.from} to ${this.view.entity(relationship.to)?.name ?? relationship.to}, opened from the reader`);
    });
  }

  /** Shows or hides the Cypher workbench; its bundle is loaded the first time. */
  private async toggleWorkbench(): Promise<void> {
    const panel = this.doc.getElementById('workbench')!;
    const button = this.doc.getElementById('open-workbench')!;
    const open = panel.hidden;
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    this.doc.body.classList.toggle('with-workbench', open);
    this.view.cy.resize();
    if (!open) return;
    this.workbench ??= this.loadWorkbench(panel).catch((e: Error) => {
      this.workbench = undefined;
      throw new Error(`The Cypher workbench could not be loaded: ${e.message}`);
    });
    (await this.workbench).focus();
  }

  private workbench: Promise<{ focus(): void }> | undefined;

  private async loadWorkbench(panel: HTMLElement): Promise<{ focus(): void }> {
    const meta = this.doc.querySelector<HTMLMetaElement>('meta[name="kg-workbench"]')!;
    if (!window.kgWorkbench) {
      const stylesheet = Object.assign(this.doc.createElement('link'), { rel: 'stylesheet', href: meta.dataset.stylesheet! });
      const script = Object.assign(this.doc.createElement('script'), { src: meta.content });
      await Promise.all(
        [stylesheet, script].map(
          (node) =>
            new Promise<void>((resolve, reject) => {
              node.addEventListener('load', () => resolve());
              node.addEventListener('error', () => reject(new Error(`${node instanceof HTMLLinkElement ? node.href : node.src} did not load`)));
              this.doc.head.appendChild(node);
            }),
        ),
      );
    }
    return window.kgWorkbench!.mount(panel, {
      stylesheet: meta.dataset.stylesheet!,
      kinds: this.overview?.kinds ?? [],
      relationshipTypes: this.overview?.relationshipTypes ?? [],
      draw: (entities, relationships) => this.run(() => this.addResult(entities, relationships)),
      drawIds: (ids) => this.run(() => this.drawByIds(ids, 'the query’s result')),
    });
  }

  /** Draws what a Cypher result holds, merged with the view; relationships whose ends are not drawn bring them. */
  private async addResult(entities: EntityRecord[], relationships: RelationshipRecord[]): Promise<void> {
    const generation = this.generation;
    for (const r of relationships) if (!this.known.has(r.id)) this.known.set(r.id, r);
    const have = new Set([...this.view.entityIds(), ...entities.map((e) => e.id)]);
    const missing = [...new Set(relationships.flatMap((r) => [r.from, r.to]))].filter((id) => !have.has(id));
    const ends = await fetchEntities(missing);
    if (generation !== this.generation) return;
    const wasEmpty = this.view.counts().entities === 0;
    const added = this.draw([...entities, ...ends]);
    const links = await this.link();
    this.status(`The query's result: ${added} more entit${added === 1 ? 'y' : 'ies'} drawn`);
    if ((added || links) && generation === this.generation) await this.view.layout(wasEmpty);
  }

  /** A capped expansion: the relationships not drawn become a "+ N more" node, and the degree is known. */
  private showCapped(id: string, neighbourhood: Neighbourhood): void {
    this.view.setDegree(id, neighbourhood.totalCount);
    this.view.setMore(id, neighbourhood.totalCount - neighbourhood.relationships.length);
  }

  /** Opens the paged, filterable list of a hub's relationships in the details panel. */
  private openHubList(hub: string): void {
    const entity = this.view.entity(hub);
    if (!entity) return;
    this.cancelPendingExpand();
    this.selection = null;
    const total = (this.view.cy.getElementById(hub).data('degree') as number | undefined) ?? 0;
    const drawn = this.view.cy.getElementById(hub).connectedEdges().not('.bundle, .more-link').length;
    this.hubList.open(entity, total, drawn, this.hubCap, this.overview?.kinds ?? [], this.overview?.relationshipTypes ?? []);
  }

  /** Draws the entities and relationships ticked in a hub's list, with the ties between them and what is drawn. */
  private async addFromHub(hub: string, rows: HubRow[]): Promise<void> {
    const generation = this.generation;
    const ids = [...new Set(rows.map((r) => r.other.id))].filter((id) => !this.view.entity(id));
    const [entities, pages] = await Promise.all([fetchEntities(ids), fetchRelationshipsOf(ids, false, this.hubCap)]);
    if (generation !== this.generation) return;
    for (const [id, page] of pages) {
      page.relationships.forEach((r) => this.known.set(r.id, r));
      this.linked.add(id); // one page of an entity is all the view ever fetches in bulk; a hub's list pages on request
    }
    // a tie the other end's first page did not hold still comes from the list
    for (const row of rows) if (!this.known.has(row.relationship.id)) this.known.set(row.relationship.id, row.relationship);
    const added = this.draw(entities, hub);
    for (const [id, page] of pages) this.view.setDegree(id, page.totalCount);
    const drawn = this.view.cy.getElementById(hub).connectedEdges().not('.bundle, .more-link').length;
    const total = (this.view.cy.getElementById(hub).data('degree') as number | undefined) ?? drawn;
    this.view.setMore(hub, total - drawn);
    this.status(`Added ${added} entit${added === 1 ? 'y' : 'ies'} from the list of ${this.view.entity(hub)?.name ?? hub}`);
    this.openHubList(hub);
    if (added && generation === this.generation) await this.view.layout(false);
  }

  /** A click selects at once; the expansion (and the URL change) wait to see whether it was a double-click's first half. */
  private entityTapped(id: string): void {
    this.selectEntity(id, false);
    this.cancelPendingExpand();
    this.work++;
    this.pendingExpand = window.setTimeout(() => {
      this.pendingExpand = undefined;
      this.work--;
      if (!this.activePath && this.selection?.id === id) this.navigate({ view: 'entity', id }, true);
      this.run(() => this.expand(id));
    }, EXPAND_DELAY_MS);
  }

  private cancelPendingExpand(): void {
    if (this.pendingExpand === undefined) return;
    window.clearTimeout(this.pendingExpand);
    this.pendingExpand = undefined;
    this.work--;
  }

  /** Runs a piece of work, counting it while it is under way (the graph is marked busy). */
  private run(task: () => Promise<unknown>): void {
    this.work++;
    this.updateBusy();
    task()
      .catch((e: Error) => this.status(e.message, 'error'))
      .finally(() => {
        this.work--;
        this.updateBusy();
      });
  }

  private updateBusy(): void {
    this.doc.getElementById('graph')!.setAttribute('aria-busy', String(this.work > 0));
  }

  /** Shows an entity in the panel (its relationships once loaded) and in the URL. */
  private selectEntity(id: string, updateUrl = true): void {
    const entity = this.view.entity(id);
    if (!entity) return;
    this.selection = { kind: 'entity', id };
    this.view.select(id);
    if (updateUrl && !this.activePath) this.navigate({ view: 'entity', id }, true);
    const render = (n: Neighbourhood | null) => this.details.showEntity(entity, n);
    render(null);
    this.run(() =>
      this.neighbourhood(id).then((n) => {
        if (this.selection?.kind === 'entity' && this.selection.id === id) render(n);
      }),
    );
  }

  /** Shows a relationship with its evidence; it need not be drawn (e.g. a hidden type listed in the panel). */
  private selectRelationship(id: string): void {
    this.cancelPendingExpand();
    this.run(() =>
      this.findRelationship(id).then((relationship) => {
        if (!relationship) return;
        this.selection = { kind: 'relationship', id };
        this.view.select(this.view.relationship(id) ? id : null);
        this.details.showRelationship(relationship, this.view.entity(relationship.from), this.view.entity(relationship.to));
      }),
    );
  }

  private async findRelationship(id: string) {
    const drawn = this.view.relationship(id);
    if (drawn) return drawn;
    for (const pending of this.neighbourhoods.values()) {
      const found = (await pending)?.relationships.find((r) => r.id === id);
      if (found) return found;
    }
    return this.activePath?.path.relationships.find((r) => r.id === id);
  }

  /** Selects an entity in the view, or re-centres on it when it is not drawn. */
  private showEntity(id: string): void {
    if (this.view.entity(id)) {
      this.selectEntity(id);
      this.view.centreOn(id);
    } else this.run(() => this.centre(id));
  }

  private selectNothing(): void {
    this.cancelPendingExpand();
    this.selection = null;
    this.details.showOverview(this.overview);
  }

  private hide(id: string): void {
    this.view.remove(id);
    if (this.selection?.id === id) this.selectNothing();
  }

  /** Finds and highlights the shortest path; from the form it joins the current view, from a link it is the view. */
  private async findPath(from: string, to: string, maxHops: number, push: boolean): Promise<void> {
    const generation = this.generation;
    if (push) this.navigate({ view: 'path', from, to }, false);
    this.pathFinder.showLoading();
    const hidden = this.filters.current().types;
    const types = hidden.size && this.overview ? this.overview.relationshipTypes.filter((t) => !hidden.has(t)) : undefined;
    let path: PathRecord | null;
    try {
      path = await fetchShortestPath(from, to, maxHops, types);
    } catch (e) {
      this.pathFinder.reset();
      this.status((e as ApiError).message, 'error');
      return;
    }
    if (generation !== this.generation) return;
    if (!path) {
      this.activePath = null;
      this.view.clearPath();
      const [a, b] = await Promise.all([this.entityNamed(from), this.entityNamed(to)]);
      this.pathFinder.showNone(a, b, maxHops, types !== undefined);
      this.status(`No path within ${maxHops} hops`, 'error');
      return;
    }
    this.activePath = { from, to, path };
    const wasEmpty = this.view.counts().entities === 0;
    for (const r of path.relationships) this.known.set(r.id, r);
    const added = this.draw(path.entities, from);
    this.view.highlightPath(
      path.entities.map((e) => e.id),
      path.relationships.map((r) => r.id),
    );
    this.pathFinder.setFrom(path.entities[0]!);
    this.pathFinder.setTo(path.entities[path.entities.length - 1]!);
    this.pathFinder.showPath(path);
    this.status(`Path of ${path.relationships.length} steps from ${path.entities[0]!.name} to ${path.entities[path.entities.length - 1]!.name}`);
    const links = await this.link();
    if ((added || links) && generation === this.generation) await this.view.layout(wasEmpty);
    if (generation === this.generation) await this.view.zoomToPath();
  }

  /** A path link: the view is just the path. */
  private async openPath(from: string, to: string): Promise<void> {
    this.generation++;
    this.reset();
    this.details.showOverview(this.overview);
    await this.findPath(from, to, this.pathFinder.maxHops(), false);
  }

  private clearPath(): void {
    this.activePath = null;
    this.view.clearPath();
    this.pathFinder.reset();
    const id = this.selection?.kind === 'entity' ? this.selection.id : this.centreId;
    this.navigate(id ? { view: 'entity', id } : { view: 'home' }, true);
  }

  private filtersChanged(hidden: HiddenSets): void {
    this.view.setFilters(hidden.kinds, hidden.types);
  }

  private viewChanged(): void {
    this.dateSlider?.viewChanged();
    const counts = this.view.counts();
    this.filters.updateCounts(counts);
    const hidden = counts.hiddenEntities || counts.hiddenRelationships;
    this.doc.getElementById('view-counts')!.textContent =
      `${counts.entities} entities · ${counts.relationships} relationships in view` +
      (hidden ? ` · ${counts.hiddenEntities} entities and ${counts.hiddenRelationships} relationships hidden by filters` : '');
    const starting = counts.entities === 0;
    this.startView.setVisible(starting);
    // on a phone the starting view flows in the page instead of scrolling inside the drawing's box
    if (this.doc.body.classList.contains('starting') !== starting) {
      this.doc.body.classList.toggle('starting', starting);
      this.view.cy.resize();
    }
    if (counts.entities === 0 && this.route.view === 'home') this.loadStart();
  }

  /** Fetches the starting view's lists once: the most connected entities and the latest sources. */
  private loadStart(): void {
    if (this.startLoaded) return;
    this.startLoaded = true;
    this.run(() =>
      fetchMostConnected(START_ENTITIES)
        .then((list) => this.startView.showEntities(list))
        .catch((e: Error) => this.startView.showError('entities', `The most connected entities could not be loaded: ${e.message}`)),
    );
    this.run(() =>
      fetchLatestSources(START_SOURCES)
        .then((list) => this.startView.showSources(list))
        .catch((e: Error) => this.startView.showError('sources', `The latest sources could not be loaded: ${e.message}`)),
    );
  }

  /**
   * Draws the entities with these ids (the first EXPAND_ALL_LIMIT; unknown ids are skipped) with the ties between
   * them and what is drawn: the starting view's lists, a source's entities, a query's result of ids.
   */
  private async drawByIds(ids: string[], what: string): Promise<void> {
    const generation = this.generation;
    const chosen = ids.slice(0, EXPAND_ALL_LIMIT);
    const entities = await fetchEntities(chosen);
    if (generation !== this.generation) return;
    const before = this.view.counts().entities;
    const added = this.draw(entities);
    this.status(`${added} more entit${added === 1 ? 'y' : 'ies'} drawn from ${what}${ids.length > chosen.length ? ` (the first ${chosen.length} of ${ids.length})` : ''}`);
    const links = await this.link();
    if ((added || links) && generation === this.generation) await this.view.layout(added > before);
  }

  /** Draws the entities a source mentions, most mentioned first, at most the hub cap. */
  private async openSource(source: SourceSummary): Promise<void> {
    const ids = await fetchSourceEntityIds(source.id, this.hubCap);
    await this.drawByIds(ids, `“${source.title}”${source.entities > ids.length ? ` (the ${ids.length} most mentioned of ${source.entities})` : ''}`);
  }

  /**
   * The canvas from the keyboard: arrows move the selection to a neighbour lying that way, PageDown and PageUp
   * go through every neighbour of the entity the selection came from (clockwise), Enter expands, Escape clears.
   */
  private graphKey(e: KeyboardEvent): void {
    const arrows: Record<string, 'left' | 'right' | 'up' | 'down'> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
    const direction = arrows[e.key];
    const cycle = e.key === 'PageDown' ? 1 : e.key === 'PageUp' ? -1 : 0;
    if (!direction && !cycle && e.key !== 'Enter' && e.key !== 'Escape') return;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    const current = this.selection?.kind === 'entity' && this.view.entity(this.selection.id) ? this.selection.id : null;
    if (e.key === 'Escape') {
      this.keyboardAnchor = null;
      if (!this.selection) return this.announce('Nothing is selected.');
      this.view.select(null);
      this.selectNothing();
      return this.announce('Selection cleared.');
    }
    if (!current) {
      const start = this.view.startingEntity();
      if (!start) return this.announce('The graph is empty: search for an entity, or pick one from the starting view.');
      this.keyboardAnchor = null;
      this.keyboardSelect(start);
      return;
    }
    if (cycle) {
      // the anchor stays while the selection walks its neighbours; otherwise the walk is around the selection
      const anchor = this.keyboardAnchor && this.view.neighboursAround(this.keyboardAnchor).includes(current) ? this.keyboardAnchor : current;
      const around = this.view.neighboursAround(anchor);
      if (!around.length) return this.announce(`${this.view.entity(anchor)!.name} has no neighbour shown.`);
      const at = around.indexOf(current);
      const next = around[at < 0 ? (cycle > 0 ? 0 : around.length - 1) : (at + cycle + around.length) % around.length]!;
      this.keyboardAnchor = anchor;
      this.keyboardSelect(next, ` Neighbour ${around.indexOf(next) + 1} of ${around.length} of ${this.view.entity(anchor)!.name}.`);
      return;
    }
    if (e.key === 'Enter') {
      const entity = this.view.entity(current)!;
      this.announce(`Expanding ${entity.name}…`);
      this.run(() => this.expand(current).then(() => this.announce(`${entity.name} expanded: ${this.view.visibleNeighbours(current)} neighbours shown.`)));
      return;
    }
    const next = this.view.neighbourToward(current, direction!);
    if (next) this.keyboardAnchor = current;
    if (!next) return this.announce(`No neighbour of ${this.view.entity(current)!.name} lies ${direction === 'left' || direction === 'right' ? `to the ${direction}` : direction === 'up' ? 'above' : 'below'}.`);
    this.keyboardSelect(next);
  }

  /** Selects an entity from the keyboard, brings it into sight, and says what it is. */
  private keyboardSelect(id: string, suffix = ''): void {
    this.cancelPendingExpand();
    this.selectEntity(id);
    this.view.reveal(id);
    const entity = this.view.entity(id)!;
    const degree = this.view.cy.getElementById(id).data('degree') as number | undefined;
    const shown = this.view.visibleNeighbours(id);
    this.announce(
      `${entity.name}, ${entity.kind}` +
        (degree !== undefined ? `, ${degree} relationship${degree === 1 ? '' : 's'}` : '') +
        `; ${shown} neighbour${shown === 1 ? '' : 's'} shown` +
        (this.view.isExpanded(id) ? '.' : '; Enter expands it.') +
        suffix,
    );
  }

  /** Says something to screen readers through the canvas's live region. */
  private announce(message: string): void {
    this.doc.getElementById('graph-announcer')!.textContent = message;
  }

  /** Draws entities and every known relationship between drawn entities; returns how many entities were new. */
  private draw(entities: EntityRecord[], near?: string): number {
    return this.view.add(entities, [...this.known.values()], near);
  }

  /** Fetches the relationships of drawn entities not yet linked and draws those joining two drawn entities; returns how many were drawn. */
  private async link(): Promise<number> {
    const ids = this.view.entityIds().filter((id) => !this.linked.has(id));
    if (!ids.length) return 0;
    ids.forEach((id) => this.linked.add(id));
    try {
      const found = await fetchRelationshipsOf(ids, false, this.hubCap);
      for (const [id, { relationships, totalCount }] of found) {
        relationships.forEach((r) => this.known.set(r.id, r));
        this.view.setDegree(id, totalCount);
      }
    } catch (e) {
      ids.forEach((id) => this.linked.delete(id));
      this.status(`Could not load the ties between the entities shown: ${(e as Error).message}`, 'error');
      return 0;
    }
    const before = this.view.counts().relationships;
    this.draw([]);
    return this.view.counts().relationships - before;
  }

  private neighbourhood(id: string): Promise<Neighbourhood | null> {
    let pending = this.neighbourhoods.get(id);
    if (!pending) {
      pending = fetchNeighbourhood(id, this.hubCap).then((n) => {
        n?.relationships.forEach((r) => this.known.set(r.id, r));
        if (n) this.linked.add(id);
        return n;
      });
      pending = pending.catch((e: Error) => {
        this.neighbourhoods.delete(id); // let a later click try again
        this.status(e.message, 'error');
        return null;
      });
      this.neighbourhoods.set(id, pending);
    }
    return pending;
  }

  private async entityNamed(id: string): Promise<EntityRecord> {
    const known = this.view.entity(id) ?? (await fetchEntity(id).catch(() => null));
    return known ?? { id, kind: '', name: `“${id}” (unknown)`, aliases: [], description: null, properties: {} };
  }

  private exportName(extension: string): string {
    const r = this.route;
    const what = r.view === 'entity' ? r.id : r.view === 'path' ? `path-${r.from}-${r.to}` : 'view';
    return `knowledge-graph-${what}.${extension}`;
  }

  private exportPng(): void {
    if (this.view.counts().entities === 0) return this.status('Nothing to export yet', 'error');
    download(this.view.png(), this.exportName('png'));
  }

  private exportJson(): void {
    const hidden = this.filters.current();
    const snapshot = this.view.snapshot();
    const document = {
      view: formatRoute(this.route),
      hiddenKinds: [...hidden.kinds],
      hiddenTypes: [...hidden.types],
      path: this.activePath
        ? { entities: this.activePath.path.entities.map((e) => e.id), relationships: this.activePath.path.relationships.map((r) => r.id) }
        : null,
      entities: snapshot.entities,
      relationships: snapshot.relationships,
    };
    download(new Blob([JSON.stringify(document, null, 2)], { type: 'application/json' }), this.exportName('json'));
  }

  private status(message: string, level: 'info' | 'error' = 'info'): void {
    const status = this.doc.getElementById('status')!;
    status.textContent = message;
    status.dataset.level = level;
  }

  /** What tests may read: elements with their classes and page positions (the page is otherwise asserted through its DOM). */
  probe(detail = false) {
    return { ...this.view.probe(detail), busy: this.work > 0 || this.view.busy };
  }
}
