/**
 * Deep links: the location hash names what the explorer shows, so a view can be shared and the
 * browser's back button walks through re-centrings and paths.
 */

/** What the explorer shows: nothing yet, one entity's neighbourhood, or the shortest path between two. */
export type Route =
  | { view: 'home' }
  | { view: 'entity'; id: string }
  | { view: 'path'; from: string; to: string };

/** Reads a hash such as `#/entity/russia` or `#/path/vladimir-putin/rasht-astara-railway`; anything else is home. */
export function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((p) => p !== '')
    .map(decodeSegment);
  if (parts.some((p) => p === null)) return { view: 'home' };
  const [view, a, b] = parts as string[];
  if (view === 'entity' && a && parts.length === 2) return { view: 'entity', id: a };
  if (view === 'path' && a && b && parts.length === 3) return { view: 'path', from: a, to: b };
  return { view: 'home' };
}

/** The hash for a route; ids are percent-encoded so any id round-trips. */
export function formatRoute(route: Route): string {
  switch (route.view) {
    case 'home':
      return '#/';
    case 'entity':
      return `#/entity/${encodeURIComponent(route.id)}`;
    case 'path':
      return `#/path/${encodeURIComponent(route.from)}/${encodeURIComponent(route.to)}`;
  }
}

/** Whether two routes show the same thing. */
export function sameRoute(a: Route, b: Route): boolean {
  return formatRoute(a) === formatRoute(b);
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null; // a malformed escape is not a link we made; fall back to home
  }
}
