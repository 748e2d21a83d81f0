/**
 * The drawn graph: cytoscape.js with the fcose force-directed layout. Nodes are coloured and shaped by
 * kind, edges arrowed in their direction; parallel relationships between two entities are drawn as one
 * bundle until clicked; labels keep a readable screen size and only those with room are drawn; filters hide,
 * paths highlight; a capped hub gets a "+ N more" node.
 */
import cytoscape, { type Core, type EdgeSingular, type ElementDefinition, type NodeSingular, type StylesheetJson } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import type { EntityRecord, RelationshipRecord } from './api';
import { el, replaceChildren } from './dom';
import { groupDigits } from './format';
import { kindStyle } from './kind-style';
import { placeLabels, type Box, type LabelCandidate, type Obstacle } from './label-placement';

cytoscape.use(fcose);

/** What the view reports back to the page. */
export interface GraphViewEvents {
  entityTapped(id: string): void;
  entityDoubleTapped(id: string): void;
  relationshipTapped(id: string): void;
  /** The "+ N more" node of a capped hub. */
  moreTapped(hubId: string): void;
  backgroundTapped(): void;
  /** Elements, filters or highlights changed (the legend recounts). */
  changed(): void;
}

/** Counts of what is in the view, hidden or not. */
export interface ViewCounts {
  entities: number;
  relationships: number;
  hiddenEntities: number;
  hiddenRelationships: number;
  byKind: Map<string, number>;
  byType: Map<string, number>;
}

/** The visible part of the view as data, for the JSON export. */
export interface ViewSnapshot {
  entities: Array<EntityRecord & { position: { x: number; y: number } }>;
  relationships: RelationshipRecord[];
}

/** A node or edge as the test hook reports it, with page coordinates to click. */
export interface ProbeElement {
  id: string;
  label: string;
  /** Drawn now: not hidden by a filter nor folded into a bundle. */
  visible: boolean;
  selected: boolean;
  classes: string[];
  /** Centre (node) or midpoint (edge) in page coordinates. */
  x: number;
  y: number;
  /** A point where a click reaches this element, found with the renderer's own hit test; null when none does. */
  hit: { x: number; y: number } | null;
  /** Drawn size in pixels (nodes: the body without its label). */
  width: number;
  height: number;
  /** The bundle this relationship is folded into, if any. */
  bundle: string | null;
}

/** A drawn label with its box in page coordinates, as the renderer computes it. */
export interface ProbeLabel {
  id: string;
  text: string;
  box: Box;
  /** Font size on screen, in pixels. */
  px: number;
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", sans-serif';
const PATH_COLOR = '#d97706';
const SELECTED_COLOR = '#1d4ed8';
const READING_ZOOM = 1.5;
/** Label sizes on screen, whatever the zoom. */
const NODE_LABEL_PX = 12;
const EDGE_LABEL_PX = 10;
const LABEL_WIDTH_PX = 150;
/** Entities with at least this many relationships are labelled before the others. */
export const HIGH_DEGREE = 8;
const BUNDLE_PREFIX = 'bundle:';
const MORE_PREFIX = 'more:';

/**
 * The style sheet at a zoom: label sizes divided by the zoom keep labels the same size on screen. Built anew
 * with plain numbers on each zoom (function values would not tell cytoscape that label sizes changed).
 */
function styleSheet(zoom: number): StylesheetJson {
  const px = (n: number) => n / zoom;
  return [
    {
      selector: 'node',
      style: {
        'background-color': 'data(color)',
        shape: 'data(shape)' as never,
        label: 'data(label)',
        width: 30,
        height: 30,
        'border-width': 1,
        'border-color': '#334155',
        'border-opacity': 0.6,
        'font-family': FONT,
        'font-size': px(NODE_LABEL_PX),
        color: '#0f172a',
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': px(3),
        'text-wrap': 'ellipsis',
        'text-max-width': `${px(LABEL_WIDTH_PX)}px`,
        // an outline, not a background box: a box would cut through the path halos drawn beneath it
        'text-outline-color': '#ffffff',
        'text-outline-width': px(2.5),
        'text-outline-opacity': 0.9,
      },
    },
    { selector: 'node.centre', style: { width: 44, height: 44, 'font-weight': 'bold', 'border-width': 3, 'border-color': '#0f172a', 'border-opacity': 1 } },
    { selector: 'node.expanded', style: { 'border-style': 'double', 'border-width': 4, 'border-opacity': 0.8 } },
    {
      selector: 'node.more',
      style: {
        shape: 'round-rectangle',
        width: 'data(width)',
        height: 22,
        'background-color': '#f1f5f9',
        'border-color': '#64748b',
        'border-style': 'dashed',
        'border-width': 1.5,
        'text-valign': 'center',
        'text-margin-y': 0,
        color: '#334155',
        'font-weight': 'bold',
        'font-size': 12,
        'text-outline-width': 0,
        'text-max-width': '400px',
      },
    },
    {
      selector: 'edge',
      style: {
        width: 1.6,
        'line-color': '#94a3b8',
        'target-arrow-color': '#94a3b8',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 1.1,
        'curve-style': 'bezier',
        label: 'data(label)',
        'font-family': FONT,
        'font-size': px(EDGE_LABEL_PX),
        color: '#475569',
        'text-rotation': 'autorotate',
        'text-outline-color': '#ffffff',
        'text-outline-width': px(2),
        'text-outline-opacity': 0.9,
      },
    },
    { selector: 'edge.bundle', style: { width: 4, 'line-color': '#64748b', 'target-arrow-shape': 'none', color: '#334155', 'font-weight': 'bold' } },
    { selector: 'edge.more-link', style: { 'line-style': 'dashed', 'target-arrow-shape': 'none', label: '' } },
    { selector: '.quiet', style: { 'text-opacity': 0, 'text-outline-opacity': 0 } },
    { selector: '.faded', style: { opacity: 0.2 } },
    {
      selector: 'node.on-path',
      style: { 'underlay-color': PATH_COLOR, 'underlay-opacity': 0.45, 'underlay-padding': 9, 'underlay-shape': 'ellipse', opacity: 1, 'z-index': 10 },
    },
    {
      selector: 'edge.on-path',
      style: { 'line-color': PATH_COLOR, 'target-arrow-color': PATH_COLOR, width: 5, color: '#92400e', 'font-weight': 'bold', 'z-index': 10, opacity: 1 },
    },
    { selector: 'node.hovered', style: { 'border-width': 3, 'border-color': '#0f172a', 'border-opacity': 1, 'z-index': 30 } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': SELECTED_COLOR, 'border-opacity': 1, 'border-style': 'solid', 'z-index': 20 } },
    {
      selector: 'edge:selected',
      style: { 'line-color': SELECTED_COLOR, 'target-arrow-color': SELECTED_COLOR, width: 4, color: SELECTED_COLOR, 'font-weight': 'bold', 'z-index': 20 },
    },
    { selector: '.filtered, .bundled', style: { display: 'none' } },
  ];
}

/** Whether filters leave an element on screen (an edge needs both its ends); read from classes, not from rendered style. */
function shown(ele: cytoscape.SingularElementArgument): boolean {
  if (ele.hasClass('filtered')) return false;
  return ele.isNode() || (!ele.source().hasClass('filtered') && !ele.target().hasClass('filtered'));
}

/** Whether an element is drawn now: shown by the filters and not folded into a bundle. */
function drawnNow(ele: cytoscape.SingularElementArgument): boolean {
  return shown(ele) && !ele.hasClass('bundled');
}

/** The key of the unordered pair of entities an edge joins. */
function pairOf(from: string, to: string): string {
  return from < to ? `${from}\u0000${to}` : `${to}\u0000${from}`;
}

/**
 * Leaves sit close to their one neighbour, so a hub's leaves read as a cluster; a tie between two hubs gets
 * room in proportion to how much hangs off both ends, so clusters do not interleave.
 */
function idealEdgeLength(edge: cytoscape.EdgeSingular): number {
  const a = edge.source().degree(false);
  const b = edge.target().degree(false);
  return a === 1 || b === 1 ? 60 : 60 + 10 * (a + b - 2);
}

/** A small seeded generator (mulberry32), so the same view is always laid out the same way. */
function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Owns the cytoscape instance and every rule of how the graph is drawn. */
export class GraphView {
  readonly cy: Core;
  private hiddenKinds = new Set<string>();
  private hiddenTypes = new Set<string>();
  /** Relationships that held by the date slider's date (null: no date chosen, everything shows). */
  private heldBy: Set<string> | null = null;
  /** Pairs of entities whose bundle has been opened to show each relationship. */
  private readonly openPairs = new Set<string>();
  private running: { layout: cytoscape.Layouts; finish: () => void } | null = null;
  private labelsPending = false;
  private readonly card: HTMLElement;

  constructor(
    private readonly container: HTMLElement,
    private readonly events: GraphViewEvents,
  ) {
    this.cy = cytoscape({
      container,
      style: styleSheet(1),
      minZoom: 0.08,
      maxZoom: 4,
      boxSelectionEnabled: false,
      selectionType: 'single',
    });
    this.card = el('div', { className: 'hover-card', role: 'tooltip', hidden: true });
    container.parentElement?.appendChild(this.card);
    this.cy.on('tap', 'node', (e) => {
      const node = e.target as NodeSingular;
      if (node.hasClass('more')) events.moreTapped(node.data('hub'));
      else events.entityTapped(node.id());
    });
    this.cy.on('dbltap', 'node', (e) => !e.target.hasClass('more') && events.entityDoubleTapped(e.target.id()));
    this.cy.on('tap', 'edge', (e) => {
      const edge = e.target as EdgeSingular;
      if (edge.hasClass('bundle')) this.openBundle(edge.data('pair'));
      else if (!edge.hasClass('more-link')) events.relationshipTapped(edge.id());
    });
    this.cy.on('tap', (e) => e.target === this.cy && events.backgroundTapped());
    this.cy.on('mouseover', 'node', (e) => this.hover(e.target as NodeSingular));
    this.cy.on('mouseout', 'node', (e) => this.unhover(e.target as NodeSingular));
    this.cy.on('zoom', () => this.scheduleLabels(true));
    // cytoscape sees no mouseout when the pointer leaves the canvas straight from a node
    container.addEventListener('mouseleave', () => this.cy.nodes('.hovered').forEach((n: NodeSingular) => this.unhover(n)));
    this.cy.on('select unselect', () => this.scheduleLabels());
  }

  /** Removes everything. */
  clear(): void {
    this.stopLayout();
    this.openPairs.clear();
    this.cy.elements().remove();
    this.card.hidden = true;
    this.events.changed();
  }

  /** The entity drawn under `id`, if any. */
  entity(id: string): EntityRecord | undefined {
    const node = this.cy.getElementById(id);
    return node.nonempty() && node.isNode() && !node.hasClass('more') ? (node.data('entity') as EntityRecord) : undefined;
  }

  /** Ids of every drawn entity. */
  entityIds(): string[] {
    return this.entityNodes().map((n: NodeSingular) => n.id());
  }

  /** The relationship drawn under `id`, if any. */
  relationship(id: string): RelationshipRecord | undefined {
    const edge = this.cy.getElementById(id);
    return edge.nonempty() && edge.isEdge() && edge.data('relationship') ? (edge.data('relationship') as RelationshipRecord) : undefined;
  }

  /** Records how many relationships an entity has in all (the hover card and label priority read it). */
  setDegree(id: string, degree: number): void {
    const node = this.cy.getElementById(id);
    if (node.nonempty() && node.data('degree') !== degree) node.data('degree', degree);
  }

  /** Adds what is not drawn yet (relationships whose ends are known); new nodes start around `near`. Returns how many nodes were new. */
  add(entities: EntityRecord[], relationships: RelationshipRecord[], near?: string): number {
    const fresh = entities.filter((e) => this.cy.getElementById(e.id).empty());
    const anchor = near ? this.cy.getElementById(near) : undefined;
    const origin = anchor?.nonempty() ? anchor.position() : { x: 0, y: 0 };
    const radius = 100 + fresh.length * 3;
    const elements: ElementDefinition[] = fresh.map((entity, i) => {
      const { color, shape } = kindStyle(entity.kind);
      const angle = (2 * Math.PI * i) / Math.max(fresh.length, 1);
      return {
        group: 'nodes',
        data: { id: entity.id, label: entity.name, kind: entity.kind, color, shape, entity },
        position: { x: origin.x + radius * Math.cos(angle), y: origin.y + radius * Math.sin(angle) },
        classes: this.hiddenKinds.has(entity.kind) ? ['filtered'] : [],
      };
    });
    this.cy.add(elements);
    const edges: ElementDefinition[] = relationships
      .filter((r) => this.cy.getElementById(r.id).empty() && this.isEntity(r.from) && this.isEntity(r.to))
      .map((r) => ({
        group: 'edges',
        data: { id: r.id, source: r.from, target: r.to, type: r.type, label: r.type, pair: pairOf(r.from, r.to), relationship: r },
        classes: this.hiddenTypes.has(r.type) ? ['filtered'] : [],
      }));
    this.cy.add(edges);
    if (this.cy.$('.on-path').nonempty()) this.cy.elements().not('.on-path').addClass('faded');
    this.refreshBundles();
    if (fresh.length || edges.length) this.events.changed();
    this.scheduleLabels();
    return fresh.length;
  }

  /** Takes an entity (and its relationships) out of the view. */
  remove(id: string): void {
    this.cy.getElementById(id).remove();
    this.cy.getElementById(MORE_PREFIX + id).remove();
    this.refreshBundles();
    this.events.changed();
    this.scheduleLabels();
  }

  /** Shows that `hub` has `hidden` relationships not drawn, as a "+ N more" node beside it (none when 0). */
  setMore(hub: string, hidden: number): void {
    const id = MORE_PREFIX + hub;
    const existing = this.cy.getElementById(id);
    if (hidden <= 0) {
      existing.remove();
      return;
    }
    const label = `+ ${groupDigits(hidden)} more`;
    if (existing.nonempty()) {
      existing.data({ label, hidden, width: 24 + label.length * 7.5 });
      return;
    }
    const anchor = this.cy.getElementById(hub);
    if (anchor.empty()) return;
    const at = anchor.position();
    this.cy.add([
      { group: 'nodes', data: { id, hub, label, hidden, width: 24 + label.length * 7.5 }, position: { x: at.x + 40, y: at.y - 40 }, classes: ['more'] },
      { group: 'edges', data: { id: `${MORE_PREFIX}edge:${hub}`, source: hub, target: id }, classes: ['more-link'] },
    ]);
    this.scheduleLabels();
  }

  /** Marks the entity whose neighbourhood the view is built around. */
  setCentre(id: string): void {
    this.cy.nodes('.centre').removeClass('centre');
    this.cy.getElementById(id).addClass('centre');
  }

  /** Marks an entity whose neighbours have been drawn (a double border). */
  markExpanded(id: string): void {
    this.cy.getElementById(id).addClass('expanded');
  }

  /** Whether `id` has been expanded. */
  isExpanded(id: string): boolean {
    return this.cy.getElementById(id).hasClass('expanded');
  }

  /** Selects one node or edge (or none), the way a tap would. */
  select(id: string | null): void {
    this.cy.elements(':selected').unselect();
    if (!id) return;
    const ele = this.cy.getElementById(id);
    if (ele.isEdge() && ele.hasClass('bundled')) this.openBundle(ele.data('pair'));
    ele.select();
  }

  /** Pans so that `id` is in the middle, without zooming. */
  centreOn(id: string): void {
    const ele = this.cy.getElementById(id);
    if (ele.nonempty()) this.cy.animate({ center: { eles: ele }, duration: 250 });
  }

  /**
   * The entity joined to `id` by a visible edge that lies most nearly in `direction` on screen (within about 67°
   * of it; better aligned first, then nearer): where an arrow key moves the selection. Null when none lies that way.
   */
  neighbourToward(id: string, direction: 'left' | 'right' | 'up' | 'down'): string | null {
    const node = this.cy.getElementById(id);
    if (node.empty() || !node.isNode()) return null;
    const [dx, dy] = { left: [-1, 0], right: [1, 0], up: [0, -1], down: [0, 1] }[direction];
    const from = node.position();
    let best: string | null = null;
    let bestScore = Infinity;
    node
      .connectedEdges()
      .filter(drawnNow)
      .not('.more-link')
      .connectedNodes()
      .forEach((n: NodeSingular) => {
        if (n.same(node) || n.hasClass('more') || !shown(n)) return;
        const vx = n.position('x') - from.x;
        const vy = n.position('y') - from.y;
        const d = Math.hypot(vx, vy) || 1e-6;
        const cos = (vx * dx! + vy * dy!) / d;
        if (cos < 0.38) return;
        const score = (1 - cos) * 4 + d / (d + 200);
        if (score < bestScore) [best, bestScore] = [n.id(), score];
      });
    return best;
  }

  /** Visible entities joined to `id` by a visible edge, clockwise on screen from straight up: what PageDown walks through. */
  neighboursAround(id: string): string[] {
    const node = this.cy.getElementById(id);
    if (node.empty() || !node.isNode()) return [];
    const from = node.position();
    const turn = (n: NodeSingular) => {
      const a = Math.atan2(n.position('x') - from.x, from.y - n.position('y'));
      return a < 0 ? a + 2 * Math.PI : a;
    };
    return node
      .connectedEdges()
      .filter(drawnNow)
      .not('.more-link')
      .connectedNodes()
      .filter((n: NodeSingular) => !n.same(node) && !n.hasClass('more') && shown(n))
      .sort((a: NodeSingular, b: NodeSingular) => turn(a) - turn(b))
      .map((n: NodeSingular) => n.id());
  }

  /** Visible entities joined to `id` by a visible edge. */
  visibleNeighbours(id: string): number {
    const node = this.cy.getElementById(id);
    if (node.empty()) return 0;
    return node.connectedEdges().filter(drawnNow).not('.more-link').connectedNodes().not(node).not('.more').filter(shown).length;
  }

  /** The visible entity with the most relationships (the centre first): where keyboard moves start. */
  startingEntity(): string | null {
    const nodes = this.entityNodes().filter(shown);
    if (nodes.empty()) return null;
    const centre = nodes.filter('.centre');
    if (centre.nonempty()) return centre.first().id();
    const degree = (n: NodeSingular) => (n.data('degree') as number | undefined) ?? n.degree(false);
    let best = nodes.first() as NodeSingular;
    nodes.forEach((n: NodeSingular) => {
      if (degree(n) > degree(best)) best = n;
    });
    return best.id();
  }

  /** Pans to `id` only when it is outside the visible part of the drawing. */
  reveal(id: string): void {
    const ele = this.cy.getElementById(id);
    if (ele.empty()) return;
    const p = ele.renderedPosition();
    const margin = 30;
    if (p.x < margin || p.y < margin || p.x > this.container.clientWidth - margin || p.y > this.container.clientHeight - margin) this.centreOn(id);
  }

  /** Zooms in (factor above 1) or out around the middle of the drawing. */
  zoomBy(factor: number): void {
    const zoom = Math.min(this.cy.maxZoom(), Math.max(this.cy.minZoom(), this.cy.zoom() * factor));
    this.cy.animate({ zoom: { level: zoom, renderedPosition: { x: this.container.clientWidth / 2, y: this.container.clientHeight / 2 } }, duration: 200 });
  }

  /** Zooms to show everything visible. */
  fit(): void {
    this.cy.animate({ fit: { eles: this.shownElements(), padding: 40 }, duration: 250 });
  }

  /** Zooms to the highlighted path, its halos inside the picture, no closer than reading size. */
  async zoomToPath(): Promise<void> {
    const path = this.cy.$('.on-path');
    if (path.empty()) return;
    this.cy.stop(true, true);
    const animation = this.cy.animation({ fit: { eles: path, padding: 70 }, duration: 300 });
    await animation.play().promise('complete');
    if (this.cy.zoom() > READING_ZOOM) {
      this.cy.zoom(READING_ZOOM);
      this.cy.center(path);
    }
    this.scheduleLabels(true);
  }

  /** Lays out the visible graph with fcose: from scratch, or refining current positions so the picture stays familiar. */
  async layout(fromScratch: boolean): Promise<void> {
    this.stopLayout();
    const eles = this.shownElements();
    const nodes = eles.nodes().length;
    if (nodes === 0) return;
    const layout = eles.layout({
      name: 'fcose',
      // slow cooling untangles clusters; only very large views trade that for speed
      quality: fromScratch && nodes > 1500 ? 'default' : 'proof',
      randomize: fromScratch,
      animate: nodes <= 250 ? 'end' : false,
      animationDuration: 400,
      fit: true,
      padding: 40,
      nodeDimensionsIncludeLabels: false,
      packComponents: false,
      nodeSeparation: 110,
      nodeRepulsion: () => 9000,
      idealEdgeLength: idealEdgeLength,
      initialEnergyOnIncremental: 0.5,
      edgeElasticity: () => 0.4,
      gravity: 0.08,
      gravityRange: 3.8,
      numIter: 2500,
      tile: true,
      tilingPaddingVertical: 24,
      tilingPaddingHorizontal: 24,
    } as cytoscape.LayoutOptions);
    await new Promise<void>((resolve) => {
      const finish = () => {
        if (this.running?.layout === layout) this.running = null;
        resolve();
      };
      this.running = { layout, finish };
      layout.one('layoutstop', finish);
      // fcose draws its random start from Math.random; seeding it from the view makes the same view come out
      // the same way every time (and tests that click what they see repeatable)
      const random = Math.random;
      Math.random = seededRandom(hashOf(eles.map((e) => e.id()).sort().join('\n')));
      try {
        layout.run();
      } finally {
        Math.random = random;
      }
    });
    // a small view fitted to the screen would be drawn huge; keep it at a reading size
    if (this.cy.zoom() > READING_ZOOM) {
      this.cy.zoom(READING_ZOOM);
      this.cy.center(this.shownElements());
    }
    this.scheduleLabels(true);
  }

  /** Whether a layout or a zoom is moving the picture now, or labels wait to be placed. */
  get busy(): boolean {
    return this.running !== null || this.labelsPending || this.cy.animated();
  }

  /** Hides entities of `kinds` and relationships of `types`; a highlighted path stays visible. */
  setFilters(kinds: Set<string>, types: Set<string>): void {
    this.hiddenKinds = new Set(kinds);
    this.hiddenTypes = new Set(types);
    const held = this.heldBy;
    // As of a date: a relationship that did not hold is hidden, and so is an entity all of whose drawn ties did not.
    const notHeld = (e: EdgeSingular) => held !== null && !held.has(e.id());
    this.cy.batch(() => {
      this.entityNodes().forEach((n: NodeSingular) => {
        const ties = n.connectedEdges().not('.bundle, .more-link');
        const stranded = held !== null && ties.nonempty() && ties.every((e) => notHeld(e as EdgeSingular));
        n.toggleClass('filtered', (this.hiddenKinds.has(n.data('kind')) || stranded) && !n.hasClass('on-path'));
      });
      this.relationshipEdges().forEach((e: EdgeSingular) => {
        e.toggleClass('filtered', (this.hiddenTypes.has(e.data('type')) || notHeld(e)) && !e.hasClass('on-path'));
      });
    });
    this.refreshBundles();
    this.events.changed();
    this.scheduleLabels();
  }

  /** Shows only the relationships (by id) that held by a date, and the entities they join; null shows everything again. */
  setHeldBy(held: Set<string> | null): void {
    this.heldBy = held ? new Set(held) : null;
    this.setFilters(this.hiddenKinds, this.hiddenTypes);
  }

  /** Ids of the relationships in the view. */
  relationshipIds(): string[] {
    return this.relationshipEdges().map((e: EdgeSingular) => e.id());
  }

  /** Highlights a path's entities and relationships and fades the rest; bundles holding a step open. */
  highlightPath(entityIds: string[], relationshipIds: string[]): void {
    for (const id of relationshipIds) {
      const edge = this.cy.getElementById(id);
      if (edge.nonempty()) this.openPairs.add(edge.data('pair'));
    }
    this.refreshBundles();
    this.cy.batch(() => {
      this.cy.elements().removeClass('on-path').addClass('faded');
      for (const id of [...entityIds, ...relationshipIds]) this.cy.getElementById(id).removeClass('faded filtered').addClass('on-path');
    });
    this.events.changed();
    this.scheduleLabels();
  }

  /** Removes the path highlight. */
  clearPath(): void {
    this.cy.elements().removeClass('on-path faded');
    this.setFilters(this.hiddenKinds, this.hiddenTypes);
  }

  /** What is in the view, by kind and by type (hidden elements included; bundles count their relationships). */
  counts(): ViewCounts {
    const byKind = new Map<string, number>();
    const byType = new Map<string, number>();
    const nodes = this.entityNodes();
    const edges = this.relationshipEdges();
    nodes.forEach((n: NodeSingular) => void byKind.set(n.data('kind'), (byKind.get(n.data('kind')) ?? 0) + 1));
    edges.forEach((e: EdgeSingular) => void byType.set(e.data('type'), (byType.get(e.data('type')) ?? 0) + 1));
    return {
      entities: nodes.length,
      relationships: edges.length,
      hiddenEntities: nodes.length - nodes.filter(shown).length,
      hiddenRelationships: edges.length - edges.filter(shown).length,
      byKind,
      byType,
    };
  }

  /** The visible entities (with positions) and relationships (bundled ones included). */
  snapshot(): ViewSnapshot {
    return {
      entities: this.entityNodes()
        .filter(shown)
        .map((n: NodeSingular) => ({ ...(n.data('entity') as EntityRecord), position: { x: Math.round(n.position('x')), y: Math.round(n.position('y')) } })),
      relationships: this.relationshipEdges()
        .filter(shown)
        .map((e: EdgeSingular) => e.data('relationship') as RelationshipRecord),
    };
  }

  /** The whole visible graph as a PNG at twice the screen's resolution, on white. */
  png(): Blob {
    return this.cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' });
  }

  /**
   * Nodes, edges, bundles and drawn labels with page coordinates (for tests, which click them like a person would).
   * `detail` adds click points and label boxes, which cost a hit test per element: tests that poll leave it off.
   */
  probe(detail = false): { busy: boolean; zoom: number; nodes: ProbeElement[]; edges: ProbeElement[]; bundles: ProbeElement[]; labels: ProbeLabel[] } {
    const box = this.container.getBoundingClientRect();
    const page = (p: { x: number; y: number } | undefined) => ({ x: box.left + (p?.x ?? NaN), y: box.top + (p?.y ?? NaN) });
    const zoom = this.cy.zoom();
    const pan = this.cy.pan();
    const toPage = (p: { x: number; y: number }) => page({ x: p.x * zoom + pan.x, y: p.y * zoom + pan.y });
    const describe = (e: cytoscape.SingularElementArgument): ProbeElement => {
      const node = e.isNode();
      const visible = drawnNow(e);
      const hit = detail && visible ? this.hitPoint(e) : null;
      return {
        id: e.id(),
        label: node ? e.data('label') : e.data('type') ?? e.data('label'),
        visible,
        selected: e.selected(),
        classes: e.classes(),
        ...page(node ? (e as NodeSingular).renderedPosition() : visible ? (e as EdgeSingular).renderedMidpoint() : undefined),
        hit: hit ? toPage(hit) : null,
        width: node ? (e as NodeSingular).renderedWidth() : 0,
        height: node ? (e as NodeSingular).renderedHeight() : 0,
        bundle: e.hasClass('bundled') ? BUNDLE_PREFIX + e.data('pair') : null,
      };
    };
    const labels: ProbeLabel[] = [];
    this.cy.elements().forEach((e) => {
      if (!detail || !drawnNow(e) || e.hasClass('quiet') || e.hasClass('more-link') || !e.data('label')) return;
      const b = e.renderedBoundingBox(LABEL_ONLY);
      if (!(b.w > 0)) return;
      labels.push({
        id: e.id(),
        text: e.data('label'),
        box: { x1: box.left + b.x1, y1: box.top + b.y1, x2: box.left + b.x2, y2: box.top + b.y2 },
        px: parseFloat(e.style('font-size')) * zoom,
      });
    });
    return {
      busy: this.busy,
      zoom,
      nodes: this.cy.nodes().map(describe),
      edges: this.relationshipEdges().map(describe),
      bundles: this.cy.edges('.bundle').map(describe),
      labels,
    };
  }

  /** A model point on `ele` that the renderer's hit test (the one taps use) gives to `ele`, or null. */
  private hitPoint(ele: cytoscape.SingularElementArgument): { x: number; y: number } | null {
    const renderer = (this.cy as unknown as { renderer(): { findNearestElement(x: number, y: number, interactive: boolean, touch: boolean): unknown } }).renderer();
    const candidates: Array<{ x: number; y: number }> = [];
    if (ele.isNode()) {
      const p = (ele as NodeSingular).position();
      const r = (ele as NodeSingular).width() / 4;
      candidates.push(p, { x: p.x + r, y: p.y }, { x: p.x - r, y: p.y }, { x: p.x, y: p.y - r }, { x: p.x, y: p.y + r });
    } else {
      const edge = ele as EdgeSingular;
      const a = edge.sourceEndpoint();
      const b = edge.targetEndpoint();
      const control = edge.controlPoints()?.[0];
      const at = (t: number) =>
        control
          ? { x: (1 - t) ** 2 * a.x + 2 * (1 - t) * t * control.x + t ** 2 * b.x, y: (1 - t) ** 2 * a.y + 2 * (1 - t) * t * control.y + t ** 2 * b.y }
          : { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
      for (const t of [0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8]) candidates.push(at(t));
    }
    return candidates.find((p) => renderer.findNearestElement(p.x, p.y, true, false) === ele) ?? null;
  }

  private isEntity(id: string): boolean {
    const node = this.cy.getElementById(id);
    return node.nonempty() && !node.hasClass('more');
  }

  private entityNodes(): cytoscape.NodeCollection {
    return this.cy.nodes().not('.more');
  }

  private relationshipEdges(): cytoscape.EdgeCollection {
    return this.cy.edges().not('.bundle, .more-link');
  }

  /** Opens a bundle: its relationships are drawn one by one from now on. */
  private openBundle(pair: string): void {
    this.openPairs.add(pair);
    this.refreshBundles();
    this.events.changed();
    this.scheduleLabels();
  }

  /**
   * Folds the relationships of each pair of entities into one bundle edge when two or more of them are shown
   * and the pair has not been opened; unfolds the rest. The bundle is labelled with how many it holds.
   */
  private refreshBundles(): void {
    const byPair = new Map<string, EdgeSingular[]>();
    this.relationshipEdges().forEach((e: EdgeSingular) => {
      const members = byPair.get(e.data('pair'));
      if (members) members.push(e);
      else byPair.set(e.data('pair'), [e]);
    });
    this.cy.batch(() => {
      this.cy.edges('.bundle').forEach((b: EdgeSingular) => {
        if (!byPair.has(b.data('pair'))) b.remove();
      });
      for (const [pair, members] of byPair) {
        const visible = members.filter(shown);
        const folded = visible.length >= 2 && !this.openPairs.has(pair);
        for (const m of members) m.toggleClass('bundled', folded);
        const id = BUNDLE_PREFIX + pair;
        const bundle = this.cy.getElementById(id);
        if (!folded) {
          bundle.remove();
          continue;
        }
        const label = `${visible.length} relationships`;
        const types = [...new Set(visible.map((m) => m.data('type') as string))].sort();
        if (bundle.nonempty()) bundle.data({ label, count: visible.length, types });
        else {
          const [source, target] = pair.split('\u0000');
          this.cy.add({
            group: 'edges',
            data: { id, source, target, pair, label, count: visible.length, types },
            classes: ['bundle', ...(this.cy.$('.on-path').nonempty() ? ['faded'] : [])],
          });
        }
      }
    });
  }

  private hover(node: NodeSingular): void {
    node.addClass('hovered');
    this.scheduleLabels();
    if (node.hasClass('more')) return;
    const entity = node.data('entity') as EntityRecord;
    const degree = node.data('degree') as number | undefined;
    replaceChildren(
      this.card,
      el('strong', { className: 'hover-name' }, entity.name),
      el('span', { className: 'hover-kind' }, entity.kind),
      el('span', { className: 'hover-degree' }, degree === undefined ? 'relationships: …' : `${groupDigits(degree)} relationship${degree === 1 ? '' : 's'}`),
    );
    const p = node.renderedPosition();
    const area = this.container.getBoundingClientRect();
    const parent = this.card.parentElement!.getBoundingClientRect();
    this.card.hidden = false;
    const left = Math.min(area.left - parent.left + p.x + 18, parent.width - this.card.offsetWidth - 4);
    this.card.style.left = `${Math.max(4, left)}px`;
    this.card.style.top = `${Math.max(4, area.top - parent.top + p.y - this.card.offsetHeight - 18)}px`;
  }

  private unhover(node: NodeSingular): void {
    node.removeClass('hovered');
    this.card.hidden = true;
    this.scheduleLabels();
  }

  /** Places labels at the next frame (once however many changes come before it); `restyle` after a zoom resizes them. */
  private scheduleLabels(restyle = false): void {
    this.restylePending ||= restyle;
    if (this.labelsPending) return;
    this.labelsPending = true;
    requestAnimationFrame(() => {
      this.labelsPending = false;
      if (this.restylePending) this.cy.style().fromJson(styleSheet(this.cy.zoom())).update();
      this.restylePending = false;
      this.placeLabels();
    });
  }

  private restylePending = false;

  /**
   * Chooses the labels to draw: selected, hovered and on-path elements always; then nodes by degree (the most
   * connected first) and edges whose label fits along them, each only where it covers no drawn label and no
   * other node. Runs on screen boxes, so zooming in (nodes spread, labels keep their size) shows more.
   */
  private placeLabels(): void {
    const zoom = this.cy.zoom();
    const pan = this.cy.pan();
    const width = this.container.clientWidth;
    const height = this.container.clientHeight;
    const screen: Box = { x1: 0, y1: 0, x2: width, y2: height };
    const candidates: LabelCandidate[] = [];
    const obstacles: Obstacle[] = [];
    const rendered = (b: cytoscape.BoundingBox12 & cytoscape.BoundingBoxWH): Box => ({
      x1: b.x1 * zoom + pan.x,
      y1: b.y1 * zoom + pan.y,
      x2: b.x2 * zoom + pan.x,
      y2: b.y2 * zoom + pan.y,
    });
    const inView = (b: Box) => b.x2 > screen.x1 && b.x1 < screen.x2 && b.y2 > screen.y1 && b.y1 < screen.y2;
    this.cy.nodes().forEach((n: NodeSingular) => {
      if (!drawnNow(n)) return;
      const body = rendered(n.boundingBox(BODY_ONLY));
      obstacles.push({ owner: n.id(), box: body });
      const label = rendered(n.boundingBox(LABEL_ONLY));
      const forced = n.selected() || n.hasClass('hovered') || n.hasClass('on-path') || n.hasClass('more');
      if (!forced && !inView(label)) return;
      const degree = (n.data('degree') as number | undefined) ?? n.degree(false);
      candidates.push({ id: n.id(), box: label, forced, priority: 1_000_000 + degree, overObstacles: degree >= HIGH_DEGREE });
    });
    this.cy.edges().forEach((e: EdgeSingular) => {
      if (!drawnNow(e) || e.hasClass('more-link')) return;
      const label = rendered(e.boundingBox(LABEL_ONLY));
      const forced = e.selected() || e.hasClass('on-path') || e.source().hasClass('hovered') || e.target().hasClass('hovered');
      if (!forced) {
        if (!inView(label)) return;
        // readable only when the label fits along the line between the two nodes
        const a = e.renderedSourceEndpoint();
        const b = e.renderedTargetEndpoint();
        if (Math.hypot(b.x - a.x, b.y - a.y) < Math.hypot(label.x2 - label.x1, label.y2 - label.y1) + 8) return;
      }
      candidates.push({ id: e.id(), box: label, forced, priority: e.hasClass('bundle') ? 1 : 0 });
    });
    const chosen = placeLabels(candidates, obstacles, 3);
    this.cy.batch(() => {
      this.cy.elements().forEach((e) => {
        e.toggleClass('quiet', !chosen.has(e.id()));
      });
    });
  }

  private shownElements(): cytoscape.CollectionReturnValue {
    return this.cy.elements().filter(drawnNow);
  }

  private stopLayout(): void {
    const running = this.running;
    if (!running) return;
    this.running = null;
    running.layout.stop();
    running.finish();
  }
}

const LABEL_ONLY = { includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false, includeUnderlays: false, includeOutlines: false } as const;
const BODY_ONLY = { includeNodes: true, includeEdges: false, includeLabels: false, includeOverlays: false, includeUnderlays: false, includeOutlines: false } as const;
