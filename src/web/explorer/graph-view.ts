/**
 * The drawn graph: cytoscape.js with the fcose force-directed layout. Nodes are coloured and shaped by
 * kind, edges labelled with their type and arrowed in their direction; filters hide, paths highlight.
 */
import cytoscape, { type Core, type EdgeSingular, type ElementDefinition, type NodeSingular, type StylesheetJson } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import type { EntityRecord, RelationshipRecord } from './api';
import { kindStyle } from './kind-style';

cytoscape.use(fcose);

/** What the view reports back to the page. */
export interface GraphViewEvents {
  entityTapped(id: string): void;
  entityDoubleTapped(id: string): void;
  relationshipTapped(id: string): void;
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
  visible: boolean;
  selected: boolean;
  classes: string[];
  /** Centre (node) or midpoint (edge) in page coordinates. */
  x: number;
  y: number;
  /** Drawn size in pixels (nodes: the body without its label). */
  width: number;
  height: number;
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", sans-serif';
const PATH_COLOR = '#d97706';
const SELECTED_COLOR = '#1d4ed8';
const READING_ZOOM = 1.5;

const STYLE: StylesheetJson = [
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
      'font-size': 11,
      color: '#0f172a',
      'text-valign': 'bottom',
      'text-halign': 'center',
      'text-margin-y': 4,
      'text-wrap': 'wrap',
      'text-max-width': '130px',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.8,
      'text-background-padding': '1px',
      'text-background-shape': 'roundrectangle',
      'min-zoomed-font-size': 7,
    },
  },
  { selector: 'node.centre', style: { width: 44, height: 44, 'font-weight': 'bold', 'border-width': 3, 'border-color': '#0f172a', 'border-opacity': 1 } },
  { selector: 'node.expanded', style: { 'border-style': 'double', 'border-width': 4, 'border-opacity': 0.8 } },
  {
    selector: 'edge',
    style: {
      width: 1.6,
      'line-color': '#94a3b8',
      'target-arrow-color': '#94a3b8',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 1.1,
      'curve-style': 'bezier',
      label: 'data(type)',
      'font-family': FONT,
      'font-size': 8,
      color: '#475569',
      'text-rotation': 'autorotate',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': '1px',
      'min-zoomed-font-size': 7,
    },
  },
  { selector: '.faded', style: { opacity: 0.2 } },
  { selector: 'node.on-path', style: { 'underlay-color': PATH_COLOR, 'underlay-opacity': 0.45, 'underlay-padding': 9, 'underlay-shape': 'ellipse', opacity: 1 } },
  {
    selector: 'edge.on-path',
    style: { 'line-color': PATH_COLOR, 'target-arrow-color': PATH_COLOR, width: 5, color: '#92400e', 'font-weight': 'bold', 'font-size': 10, 'z-index': 10, opacity: 1 },
  },
  { selector: 'node:selected', style: { 'border-width': 4, 'border-color': SELECTED_COLOR, 'border-opacity': 1, 'border-style': 'solid' } },
  {
    selector: 'edge:selected',
    style: { 'line-color': SELECTED_COLOR, 'target-arrow-color': SELECTED_COLOR, width: 4, color: SELECTED_COLOR, 'font-weight': 'bold', 'z-index': 20 },
  },
  { selector: '.filtered', style: { display: 'none' } },
];

/** Whether filters leave an element on screen (an edge needs both its ends); read from classes, not from rendered style. */
function shown(ele: cytoscape.SingularElementArgument): boolean {
  if (ele.hasClass('filtered')) return false;
  return ele.isNode() || (!ele.source().hasClass('filtered') && !ele.target().hasClass('filtered'));
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

/** Owns the cytoscape instance and every rule of how the graph is drawn. */
export class GraphView {
  readonly cy: Core;
  private hiddenKinds = new Set<string>();
  private hiddenTypes = new Set<string>();
  private running: { layout: cytoscape.Layouts; finish: () => void } | null = null;

  constructor(
    private readonly container: HTMLElement,
    private readonly events: GraphViewEvents,
  ) {
    this.cy = cytoscape({
      container,
      style: STYLE,
      minZoom: 0.08,
      maxZoom: 4,
      boxSelectionEnabled: false,
      selectionType: 'single',
    });
    this.cy.on('tap', 'node', (e) => events.entityTapped(e.target.id()));
    this.cy.on('dbltap', 'node', (e) => events.entityDoubleTapped(e.target.id()));
    this.cy.on('tap', 'edge', (e) => events.relationshipTapped(e.target.id()));
    this.cy.on('tap', (e) => e.target === this.cy && events.backgroundTapped());
  }

  /** Removes everything. */
  clear(): void {
    this.stopLayout();
    this.cy.elements().remove();
    this.events.changed();
  }

  /** The entity drawn under `id`, if any. */
  entity(id: string): EntityRecord | undefined {
    const node = this.cy.getElementById(id);
    return node.nonempty() && node.isNode() ? (node.data('entity') as EntityRecord) : undefined;
  }

  /** Ids of every drawn entity. */
  entityIds(): string[] {
    return this.cy.nodes().map((n: NodeSingular) => n.id());
  }

  /** The relationship drawn under `id`, if any. */
  relationship(id: string): RelationshipRecord | undefined {
    const edge = this.cy.getElementById(id);
    return edge.nonempty() && edge.isEdge() ? (edge.data('relationship') as RelationshipRecord) : undefined;
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
      .filter((r) => this.cy.getElementById(r.id).empty() && this.cy.getElementById(r.from).nonempty() && this.cy.getElementById(r.to).nonempty())
      .map((r) => ({
        group: 'edges',
        data: { id: r.id, source: r.from, target: r.to, type: r.type, relationship: r },
        classes: this.hiddenTypes.has(r.type) ? ['filtered'] : [],
      }));
    this.cy.add(edges);
    if (this.cy.$('.on-path').nonempty()) this.cy.elements().not('.on-path').addClass('faded');
    if (fresh.length || edges.length) this.events.changed();
    return fresh.length;
  }

  /** Takes an entity (and its relationships) out of the view. */
  remove(id: string): void {
    this.cy.getElementById(id).remove();
    this.events.changed();
  }

  /** Marks the entity whose neighbourhood the view is built around. */
  setCentre(id: string): void {
    this.cy.nodes('.centre').removeClass('centre');
    this.cy.getElementById(id).addClass('centre');
  }

  /** Marks an entity whose neighbours have all been drawn (a double border). */
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
    if (id) this.cy.getElementById(id).select();
  }

  /** Pans so that `id` is in the middle, without zooming. */
  centreOn(id: string): void {
    const ele = this.cy.getElementById(id);
    if (ele.nonempty()) this.cy.animate({ center: { eles: ele }, duration: 250 });
  }

  /** Zooms to show everything visible. */
  fit(): void {
    this.cy.animate({ fit: { eles: this.shownElements(), padding: 40 }, duration: 250 });
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
      nodeDimensionsIncludeLabels: true,
      packComponents: false,
      nodeSeparation: 110,
      nodeRepulsion: () => 8000,
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
      layout.run();
    });
    // a small view fitted to the screen would be drawn huge; keep it at a reading size
    if (this.cy.zoom() > READING_ZOOM) {
      this.cy.zoom(READING_ZOOM);
      this.cy.center(this.shownElements());
    }
  }

  /** Whether a layout is moving nodes now. */
  get busy(): boolean {
    return this.running !== null;
  }

  /** Hides entities of `kinds` and relationships of `types`; a highlighted path stays visible. */
  setFilters(kinds: Set<string>, types: Set<string>): void {
    this.hiddenKinds = new Set(kinds);
    this.hiddenTypes = new Set(types);
    this.cy.batch(() => {
      this.cy.nodes().forEach((n: NodeSingular) => {
        n.toggleClass('filtered', this.hiddenKinds.has(n.data('kind')) && !n.hasClass('on-path'));
      });
      this.cy.edges().forEach((e: EdgeSingular) => {
        e.toggleClass('filtered', this.hiddenTypes.has(e.data('type')) && !e.hasClass('on-path'));
      });
    });
    this.events.changed();
  }

  /** Highlights a path's entities and relationships and fades the rest. */
  highlightPath(entityIds: string[], relationshipIds: string[]): void {
    this.cy.batch(() => {
      this.cy.elements().removeClass('on-path').addClass('faded');
      for (const id of [...entityIds, ...relationshipIds]) this.cy.getElementById(id).removeClass('faded filtered').addClass('on-path');
    });
    this.events.changed();
  }

  /** Removes the path highlight. */
  clearPath(): void {
    this.cy.elements().removeClass('on-path faded');
    this.setFilters(this.hiddenKinds, this.hiddenTypes);
  }

  /** What is in the view, by kind and by type (hidden elements included). */
  counts(): ViewCounts {
    const byKind = new Map<string, number>();
    const byType = new Map<string, number>();
    this.cy.nodes().forEach((n: NodeSingular) => void byKind.set(n.data('kind'), (byKind.get(n.data('kind')) ?? 0) + 1));
    this.cy.edges().forEach((e: EdgeSingular) => void byType.set(e.data('type'), (byType.get(e.data('type')) ?? 0) + 1));
    const nodes = this.cy.nodes();
    const edges = this.cy.edges();
    return {
      entities: nodes.length,
      relationships: edges.length,
      hiddenEntities: nodes.length - nodes.filter(shown).length,
      hiddenRelationships: edges.length - edges.filter(shown).length,
      byKind,
      byType,
    };
  }

  /** The visible entities (with positions) and relationships. */
  snapshot(): ViewSnapshot {
    return {
      entities: this.cy
        .nodes()
        .filter(shown)
        .map((n: NodeSingular) => ({ ...(n.data('entity') as EntityRecord), position: { x: Math.round(n.position('x')), y: Math.round(n.position('y')) } })),
      relationships: this.cy.edges().filter(shown).map((e: EdgeSingular) => e.data('relationship') as RelationshipRecord),
    };
  }

  /** The whole visible graph as a PNG at twice the screen's resolution, on white. */
  png(): Blob {
    return this.cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' });
  }

  /** Nodes and edges with page coordinates (for tests, which click them like a person would). */
  probe(): { busy: boolean; zoom: number; nodes: ProbeElement[]; edges: ProbeElement[] } {
    const box = this.container.getBoundingClientRect();
    const at = (p: { x: number; y: number } | undefined) => ({ x: box.left + (p?.x ?? NaN), y: box.top + (p?.y ?? NaN) });
    return {
      busy: this.busy,
      zoom: this.cy.zoom(),
      nodes: this.cy.nodes().map((n: NodeSingular) => ({
        id: n.id(),
        label: n.data('label'),
        visible: shown(n),
        selected: n.selected(),
        classes: n.classes(),
        ...at(n.renderedPosition()),
        width: n.renderedWidth(),
        height: n.renderedHeight(),
      })),
      edges: this.cy.edges().map((e: EdgeSingular) => ({
        id: e.id(),
        label: e.data('type'),
        visible: shown(e),
        selected: e.selected(),
        classes: e.classes(),
        ...at(shown(e) ? e.renderedMidpoint() : undefined),
        width: 0,
        height: 0,
      })),
    };
  }

  private shownElements(): cytoscape.CollectionReturnValue {
    return this.cy.elements().filter(shown);
  }

  private stopLayout(): void {
    const running = this.running;
    if (!running) return;
    this.running = null;
    running.layout.stop();
    running.finish();
  }
}
