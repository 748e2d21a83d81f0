/**
 * Building DOM nodes from data without innerHTML, so names and quotes from sources can never inject markup.
 */
import { kindStyle, shapePoints } from './kind-style';

type Attributes = Record<string, string | number | boolean | null | undefined | EventListener>;
type Child = Node | string | null | undefined | false;

/** `el('a', { href: '#', onclick: fn }, 'text', child)`: attributes starting with "on" become listeners. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'className') node.className = String(value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, ...children);
  return node;
}

/** Appends children, skipping empty ones. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces every child of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A small picture of a kind's node: its shape filled with its colour, as the graph draws it. */
export function kindSwatch(kind: string, size = 16): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const { color, shape } = kindStyle(kind);
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 20 20');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('swatch');
  const points = shapePoints(shape);
  const outline = points === null ? document.createElementNS(ns, 'circle') : document.createElementNS(ns, 'polygon');
  if (points === null) {
    outline.setAttribute('cx', '10');
    outline.setAttribute('cy', '10');
    outline.setAttribute('r', '9');
  } else outline.setAttribute('points', points);
  outline.setAttribute('fill', color);
  outline.setAttribute('stroke', 'rgba(0,0,0,0.45)');
  outline.setAttribute('stroke-width', '1');
  svg.appendChild(outline);
  return svg;
}

/** Saves a blob as a file through a temporary object URL (no network involved). */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: filename, hidden: true });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
