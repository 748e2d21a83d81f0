/**
 * Claims: what each source states of a property, kept side by side (a later source never erases an earlier one),
 * and the one rule that picks the value the property holds. Pure functions, shared by both engines.
 *
 * The current value: a claim an analyst marked preferred wins; otherwise the claim stated by the most recently
 * published source (undated sources count as oldest); ties go to the claim whose source was ingested last, then
 * to the claim id (so two graphs holding the same claims always agree).
 */
import { createHash } from 'node:crypto';
import type { Claim, ClaimSource, Json, StatedClaim, TimeSpan } from './port';

/** The property a relationship's time is claimed under (no ontology property starts with `@`). */
export const RELATIONSHIP_TIME = '@time';

/** What the rule needs of a source: when it was published and when it entered the graph. */
export interface SourceDates {
  published: string | null;
  ingestedAt: string | null;
}

/** JSON with object keys sorted, so equal values have one spelling. */
export function canonicalJson(value: Json | TimeSpan | null): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v as Json)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A time span with every field null is no time at all. */
export function timeOrNull(time: TimeSpan | null | undefined): TimeSpan | null {
  if (!time) return null;
  const span: TimeSpan = { date: time.date ?? null, start: time.start ?? null, end: time.end ?? null, precision: time.precision ?? null, stated: time.stated ?? null };
  return Object.values(span).some((v) => v !== null) ? span : null;
}

/**
 * A claim's id: subject, property, value and time (as Wikidata, a value stated for another time is another
 * statement), hashed so ids stay short whatever the value.
 */
export function claimId(subject: string, property: string, value: Json, time: TimeSpan | null): string {
  const digest = createHash('sha256').update(canonicalJson([subject, property, canonicalJson(value), canonicalJson(timeOrNull(time) as Json)])).digest('hex');
  return `c-${digest.slice(0, 32)}`;
}

/** Sources in one order (source id, then quote), each (source, quote) once. */
export function sortedSources(list: readonly ClaimSource[]): ClaimSource[] {
  const seen = new Map<string, ClaimSource>();
  for (const s of list) seen.set(`${s.sourceId}\u0000${s.quote ?? ''}`, { sourceId: s.sourceId, quote: s.quote ?? null });
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}

/** How many distinct sources state a claim. */
export function corroboration(claim: Pick<Claim, 'sources'>): number {
  return new Set(claim.sources.map((s) => s.sourceId)).size;
}

/**
 * Merges what one source states into the claims the graph holds (of the same subjects): a claim stated again gains
 * the source (and quote), a new value becomes a claim of its own beside the others. Returns the claims that changed.
 */
export function mergeClaims(existing: readonly Claim[], stated: readonly StatedClaim[], sourceId: string): Claim[] {
  const byId = new Map(existing.map((c) => [c.id, c]));
  const changed = new Map<string, Claim>();
  for (const s of stated) {
    const time = timeOrNull(s.time);
    const id = claimId(s.subject, s.property, s.value, time);
    const before = changed.get(id) ?? byId.get(id);
    const sources = sortedSources([...(before?.sources ?? []), { sourceId, quote: s.quote }]);
    if (before && canonicalJson(sources as never) === canonicalJson(before.sources as never)) continue;
    changed.set(id, { id, subject: s.subject, property: s.property, value: s.value, sources, time, preferred: before?.preferred ?? null });
  }
  return [...changed.values()];
}

/** Merges claims of another graph (an import) into those held: sources are united, a preferred mark is kept. */
export function mergeImportedClaims(existing: readonly Claim[], incoming: readonly Claim[]): Claim[] {
  const byId = new Map(existing.map((c) => [c.id, c]));
  const changed: Claim[] = [];
  for (const c of incoming) {
    const time = timeOrNull(c.time);
    const id = claimId(c.subject, c.property, c.value, time);
    const before = byId.get(id);
    const merged: Claim = {
      id,
      subject: c.subject,
      property: c.property,
      value: c.value,
      sources: sortedSources([...(before?.sources ?? []), ...c.sources]),
      time,
      preferred: before?.preferred ?? c.preferred ?? null,
    };
    if (before && canonicalJson(withoutCurrent(before) as never) === canonicalJson(merged as never)) continue;
    byId.set(id, merged);
    changed.push(merged);
  }
  return changed;
}

function withoutCurrent(c: Claim): Claim {
  const { current: _current, ...rest } = c;
  return rest;
}

/** The latest of the claim's sources' values of `field` ('' when none has one: undated sorts first). */
function latest(claim: Claim, dates: ReadonlyMap<string, SourceDates>, field: keyof SourceDates): string {
  return claim.sources.reduce((best, s) => {
    const v = dates.get(s.sourceId)?.[field] ?? '';
    return v > best ? v : best;
  }, '');
}

/** Orders two claims of one property: the one the rule prefers first. */
export function compareByRule(a: Claim, b: Claim, dates: ReadonlyMap<string, SourceDates>): number {
  const preferred = Number(Boolean(b.preferred)) - Number(Boolean(a.preferred));
  if (preferred !== 0) return preferred;
  for (const field of ['published', 'ingestedAt'] as const) {
    const [x, y] = [latest(a, dates, field), latest(b, dates, field)];
    if (x !== y) return x > y ? -1 : 1;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The claim whose value a property holds, among the claims of that one property; null for none. */
export function currentClaim(claims: readonly Claim[], dates: ReadonlyMap<string, SourceDates>): Claim | null {
  return [...claims].sort((a, b) => compareByRule(a, b, dates))[0] ?? null;
}

/** Claims grouped by subject and property (`subject\u0000property`). */
export function byProperty(claims: readonly Claim[]): Map<string, Claim[]> {
  const groups = new Map<string, Claim[]>();
  for (const c of claims) {
    const key = `${c.subject}\u0000${c.property}`;
    const list = groups.get(key) ?? [];
    list.push(c);
    groups.set(key, list);
  }
  return groups;
}

/** Claims with `current` set by the rule, in rule order within each property. */
export function markCurrent(claims: readonly Claim[], dates: ReadonlyMap<string, SourceDates>): Claim[] {
  const out: Claim[] = [];
  for (const group of byProperty(claims).values()) {
    const ordered = [...group].sort((a, b) => compareByRule(a, b, dates));
    ordered.forEach((c, i) => out.push({ ...c, current: i === 0 }));
  }
  return out;
}

/** Every source id the claims name. */
export function sourceIdsOf(claims: readonly Claim[]): string[] {
  return [...new Set(claims.flatMap((c) => c.sources.map((s) => s.sourceId)))];
}
