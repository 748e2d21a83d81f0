/**
 * An entity's time line: its dated relationships and its dated claims, in order, each with the sources and quotes
 * that state it. Time stated only in words no date could be resolved from ("recently") has no place on it.
 */
import { RELATIONSHIP_TIME } from '../graph/claim-rule';
import type { Claim, GraphStore, Relationship, TimeSpan } from '../graph/port';
import { periodEnd, spanSortKey } from './dates';

/** One dated thing on a time line. */
export interface TimelineEntry {
  /** The day it is placed at (the earliest its date or start can mean). */
  at: string;
  time: TimeSpan;
  /** The claim that dates it: the relationship's time, or a claim about the entity. */
  claim: Claim;
  /** The dated relationship; null for a claim about the entity itself. */
  relationship: Relationship | null;
}

/** The last day a span can reach (its end, else its date or start). */
function lastDay(time: TimeSpan): string {
  return periodEnd(time.end ?? time.date ?? time.start!);
}

/** The time line of an entity, optionally only what overlaps `from`..`to` (YYYY-MM-DD, both inclusive). */
export async function timelineOf(store: GraphStore, entityId: string, window: { from?: string; to?: string } = {}): Promise<TimelineEntry[]> {
  const [edges] = await store.relationshipsOfEach([entityId], { direction: 'BOTH' });
  const relationships = new Map(edges!.map((e) => [e.relationship.id, e.relationship]));
  const subjects = [entityId, ...relationships.keys()];
  const claims = (await store.claimsOf(subjects)).flat();
  const entries: TimelineEntry[] = [];
  for (const claim of claims) {
    const at = claim.time ? spanSortKey(claim.time) : null;
    if (!claim.time || !at) continue;
    if (claim.subject !== entityId && claim.property !== RELATIONSHIP_TIME) continue;
    if (window.to !== undefined && at > window.to) continue;
    if (window.from !== undefined && lastDay(claim.time) < window.from) continue;
    entries.push({ at, time: claim.time, claim, relationship: relationships.get(claim.subject) ?? null });
  }
  return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.claim.subject < b.claim.subject ? -1 : a.claim.subject > b.claim.subject ? 1 : a.claim.id < b.claim.id ? -1 : 1));
}
