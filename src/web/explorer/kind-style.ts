/**
 * How each kind of entity looks: a colour and a shape, so kinds stay distinguishable for people who
 * do not see colour. The ontology file declares them and the server serves them with the legend.
 */

/** Node shapes that cytoscape draws and the legend can reproduce. */
export type KindShape =
  | 'ellipse'
  | 'round-rectangle'
  | 'barrel'
  | 'hexagon'
  | 'triangle'
  | 'diamond'
  | 'tag'
  | 'star'
  | 'octagon'
  | 'rhomboid'
  | 'pentagon'
  | 'vee'
  | 'heptagon';

/** The look of one kind. */
export interface KindStyle {
  color: string;
  shape: KindShape;
}

/** The styles the ontology gives its kinds, as the server's `ontology` query serves them (useKindStyles). */
const served = new Map<string, KindStyle>();

/** Takes the kinds' styles from the ontology the server runs with; called once the legend has loaded. */
export function useKindStyles(kinds: ReadonlyArray<{ name: string; color: string; shape: string }>): void {
  for (const k of kinds) served.set(k.name, { color: k.color, shape: k.shape as KindShape });
}

// Only for a kind the server did not describe (the legend failed to load): a look stable for the page's life.
const FALLBACK_COLORS = ['#8c564b', '#7f7f7f', '#bcbd22', '#1f77b4', '#d62728', '#9467bd'];
const FALLBACK_SHAPES: KindShape[] = ['vee', 'heptagon', 'ellipse', 'round-rectangle'];
const assigned = new Map<string, KindStyle>();

/** The colour and shape of `kind`; stable for the life of the page. */
export function kindStyle(kind: string): KindStyle {
  const known = served.get(kind);
  if (known) return known;
  let style = assigned.get(kind);
  if (!style) {
    const n = assigned.size;
    style = { color: FALLBACK_COLORS[n % FALLBACK_COLORS.length]!, shape: FALLBACK_SHAPES[n % FALLBACK_SHAPES.length]! };
    assigned.set(kind, style);
  }
  return style;
}

/** The outline of a shape as SVG polygon points in a 20×20 box, or null for the ellipse (a circle). */
export function shapePoints(shape: KindShape): string | null {
  const box = (pts: Array<[number, number]>) => pts.map(([x, y]) => `${(10 + x * 9).toFixed(2)},${(10 + y * 9).toFixed(2)}`).join(' ');
  const regular = (n: number, rotation = -Math.PI / 2) =>
    box(Array.from({ length: n }, (_, i) => [Math.cos(rotation + (2 * Math.PI * i) / n), Math.sin(rotation + (2 * Math.PI * i) / n)] as [number, number]));
  switch (shape) {
    case 'ellipse':
      return null;
    case 'round-rectangle':
      return box([[-1, -0.8], [1, -0.8], [1, 0.8], [-1, 0.8]]);
    case 'barrel':
      return box([[-0.85, -1], [0.85, -1], [1, -0.6], [1, 0.6], [0.85, 1], [-0.85, 1], [-1, 0.6], [-1, -0.6]]);
    case 'hexagon':
      return regular(6, 0);
    case 'triangle':
      return box([[0, -1], [1, 1], [-1, 1]]);
    case 'diamond':
      return box([[0, -1], [1, 0], [0, 1], [-1, 0]]);
    case 'tag':
      return box([[-1, -1], [0.5, -1], [1, 0], [0.5, 1], [-1, 1]]);
    case 'star': {
      const pts: Array<[number, number]> = [];
      for (let i = 0; i < 10; i++) {
        const r = i % 2 === 0 ? 1 : 0.45;
        const a = -Math.PI / 2 + (Math.PI * i) / 5;
        pts.push([r * Math.cos(a), r * Math.sin(a)]);
      }
      return box(pts);
    }
    case 'octagon':
      return regular(8, Math.PI / 8);
    case 'rhomboid':
      return box([[-1, -1], [0.33, -1], [1, 1], [-0.33, 1]]);
    case 'pentagon':
      return regular(5);
    case 'heptagon':
      return regular(7);
    case 'vee':
      return box([[-1, -1], [0, -0.33], [1, -1], [0, 1]]);
  }
}
