/**
 * Claims and time in the details panel: every value stated for a property with its sources and quotes (the current
 * one marked, properties whose sources disagree flagged), and an entity's time line (its dated ties on a horizontal
 * axis, each a button to the tie's evidence). Each section loads itself after the panel is drawn.
 */
import { graphql } from './api';
import { append, el, replaceChildren } from './dom';
import { formatValue, humanise, readableType } from './format';
import { sourceHref } from './reader-route';

interface TimeRecord {
  date: string | null;
  start: string | null;
  end: string | null;
  precision: string | null;
  stated: string | null;
}

interface ClaimRecord {
  id: string;
  property: string;
  value: unknown;
  current: boolean;
  corroboration: number;
  time: TimeRecord | null;
  preferred: { by: string; at: string; why: string | null } | null;
  sources: { quote: string | null; source: { id: string; title: string; published: string | null } }[];
}

interface TimelineRecord {
  at: string;
  time: TimeRecord;
  relationship: { id: string; type: string; from: { id: string; name: string }; to: { id: string; name: string } } | null;
  claim: { property: string; value: unknown; sources: ClaimRecord['sources'] };
}

const CLAIM_FIELDS = 'id property value current corroboration time { date start end precision stated } preferred { by at why } sources { quote source { id title published } }';
/** The property a relationship's time is claimed under. */
const TIME_PROPERTY = '@time';

/** When, as a person reads it: the date or span, and the words the source used. */
export function describeTime(time: TimeRecord | null): string {
  if (!time) return '';
  const when = time.date ?? (time.start || time.end ? `${time.start ?? '…'} – ${time.end ?? '…'}` : null);
  if (when && time.stated) return `${when} (“${time.stated}”)`;
  return when ?? (time.stated ? `“${time.stated}” (no date given)` : '');
}

/** The claims of `subject` (an entity id or a relationship id), loaded into the returned section. */
export function claimsSection(subject: string): HTMLElement {
  const section = el('section', { className: 'claims', 'data-subject': subject }, el('h3', {}, 'What the sources say'), el('p', { className: 'muted' }, 'Loading claims…'));
  void graphql<{ claims: ClaimRecord[] }>(`query($subject: ID!) { claims(subject: $subject) { ${CLAIM_FIELDS} } }`, { subject })
    .then(({ claims }) => renderClaims(section, claims))
    .catch((e: Error) => replaceChildren(section, el('h3', {}, 'What the sources say'), el('p', { className: 'muted' }, `Claims could not be loaded: ${e.message}`)));
  return section;
}

function renderClaims(section: HTMLElement, claims: ClaimRecord[]): void {
  const byProperty = new Map<string, ClaimRecord[]>();
  for (const c of claims) byProperty.set(c.property, [...(byProperty.get(c.property) ?? []), c]);
  const conflicts = [...byProperty.values()].filter((list) => new Set(list.map((c) => JSON.stringify(c.value))).size > 1).length;
  replaceChildren(
    section,
    el('h3', {}, 'What the sources say'),
    claims.length === 0 ? el('p', { className: 'muted' }, 'No property values are recorded.') : null,
    conflicts > 0 ? el('p', { className: 'conflict-note', role: 'note' }, `Sources disagree on ${conflicts} propert${conflicts === 1 ? 'y' : 'ies'}.`) : null,
    ...[...byProperty.entries()].map(([property, list]) => {
      const disagree = new Set(list.map((c) => JSON.stringify(c.value))).size > 1;
      return el(
        'div',
        { className: `claim-property${disagree ? ' conflict' : ''}`, 'data-property': property },
        el('h4', {}, property === TIME_PROPERTY ? 'When' : humanise(property), disagree ? el('span', { className: 'conflict-mark', title: 'The sources give different values' }, ' ⚠ sources disagree') : null),
        el('ul', {}, ...[...list].sort((a, b) => Number(b.current) - Number(a.current)).map((c) => claimItem(c))),
      );
    }),
  );
}

function claimItem(c: ClaimRecord): HTMLElement {
  const value = c.property === TIME_PROPERTY ? describeTime(c.time) : formatValue(c.property, c.value);
  const when = c.property === TIME_PROPERTY ? '' : describeTime(c.time);
  return el(
    'li',
    { className: `claim${c.current ? ' current' : ''}`, 'data-claim-id': c.id },
    el('p', { className: 'claim-value' }, el('strong', {}, value), c.current ? el('span', { className: 'badge' }, 'current') : null, when ? el('span', { className: 'muted' }, ` · ${when}`) : null),
    el('p', { className: 'muted corroboration' }, `stated by ${c.corroboration} source${c.corroboration === 1 ? '' : 's'}`),
    c.preferred ? el('p', { className: 'preferred' }, `Preferred by ${c.preferred.by} (${c.preferred.at.slice(0, 10)})${c.preferred.why ? `: ${c.preferred.why}` : ''}`) : null,
    el(
      'ul',
      { className: 'claim-sources' },
      ...c.sources.map((s) =>
        el(
          'li',
          {},
          s.quote ? el('blockquote', {}, `“${s.quote}”`) : null,
          el('p', { className: 'source' }, '— ', el('cite', {}, el('a', { href: sourceHref(s.source.id), className: 'source-link' }, s.source.title)), s.source.published ? ` (${s.source.published})` : ''),
        ),
      ),
    ),
  );
}

/** The entity's time line, loaded into the returned section; `select` opens a dated tie's evidence. */
export function timelineSection(entityId: string, select: (relationshipId: string) => void): HTMLElement {
  const section = el('section', { className: 'timeline', 'data-entity': entityId }, el('h3', {}, 'Time line'), el('p', { className: 'muted' }, 'Loading…'));
  void graphql<{ timeline: TimelineRecord[] }>(
    `query($id: ID!) { timeline(entity: $id) { at time { date start end precision stated } relationship { id type from { id name } to { id name } } claim { property value sources { quote source { id title published } } } } }`,
    { id: entityId },
  )
    .then(({ timeline }) => renderTimeline(section, entityId, timeline, select))
    .catch((e: Error) => replaceChildren(section, el('h3', {}, 'Time line'), el('p', { className: 'muted' }, `The time line could not be loaded: ${e.message}`)));
  return section;
}

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

function renderTimeline(section: HTMLElement, entityId: string, entries: TimelineRecord[], select: (id: string) => void): void {
  if (entries.length === 0) {
    replaceChildren(section, el('h3', {}, 'Time line'), el('p', { className: 'muted' }, 'No dated ties or values.'));
    return;
  }
  const [first, last] = [dayNumber(entries[0]!.at), dayNumber(entries[entries.length - 1]!.at)];
  const span = Math.max(1, last - first);
  const label = (e: TimelineRecord) => {
    const r = e.relationship;
    if (!r) return `${humanise(e.claim.property)}: ${formatValue(e.claim.property, e.claim.value)}`;
    // Read from this entity: "party to Iran" when it points out, "Iran party to" when it is pointed at.
    return r.from.id === entityId ? `${readableType(r.type)} ${r.to.name}` : `${r.from.name} ${readableType(r.type)}`;
  };
  const open = (e: TimelineRecord) => (e.relationship ? () => select(e.relationship!.id) : undefined);
  // Ties of one day are stacked upwards, so each stays a mark of its own to click.
  const stacked = new Map<string, number>();
  const level = entries.map((e) => {
    const n = stacked.get(e.at) ?? 0;
    stacked.set(e.at, n + 1);
    return n;
  });
  const axis = el('div', { className: 'timeline-axis', role: 'group', 'aria-label': `Time line from ${entries[0]!.at} to ${entries[entries.length - 1]!.at}` });
  axis.style.height = `${Math.max(...stacked.values()) * 1.1 + 0.6}em`;
  append(
    axis,
    ...entries.map((e, i) => {
      const mark = el('button', {
        type: 'button',
        className: 'timeline-mark',
        title: `${describeTime(e.time)}: ${label(e)}`,
        'aria-label': `${describeTime(e.time)}: ${label(e)}`,
        'data-at': e.at,
        onclick: open(e),
        disabled: !e.relationship,
      });
      // Placed through the style object: the page's CSP refuses inline style attributes.
      mark.style.left = `${last === first ? 50 : ((dayNumber(e.at) - first) / span) * 100}%`;
      mark.style.bottom = `${level[i]! * 1.1 - 0.45}em`;
      return mark;
    }),
  );
  replaceChildren(
    section,
    el('h3', {}, `Time line (${entries.length})`),
    axis,
    el('p', { className: 'timeline-ends muted' }, el('span', {}, entries[0]!.at), el('span', {}, entries[entries.length - 1]!.at)),
    el(
      'ol',
      { className: 'timeline-list' },
      ...entries.map((e) =>
        el(
          'li',
          {},
          el('span', { className: 'timeline-date' }, describeTime(e.time)),
          ' ',
          e.relationship ? el('button', { type: 'button', className: 'link', 'data-relationship-id': e.relationship.id, onclick: open(e) }, label(e)) : label(e),
        ),
      ),
    ),
  );
}
