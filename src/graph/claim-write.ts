/**
 * Claims inside a write: a document's (or an imported graph's) claims are merged with those the graph holds, and
 * the current value of every property they touch is worked out, so the entity and relationship rows are written
 * with the value the rule picks, not with whatever came last.
 */
import { claimId, mergeClaims, mergeImportedClaims, sourceIdsOf } from './claim-rule';
import { currentValues, readClaims, readSourceDates, unsourcedClaims, writeClaims } from './claim-store';
import type { Claim, Entity, Json, Properties, Relationship, StatedClaim } from './port';
import type { Params, Row } from './rows';

type Run = (query: string, params?: Params) => Promise<Row[]>;

/** What settling claims gives the write: the current value per `subject\u0000property`, and the subjects whose claims changed. */
export interface SettledClaims {
  current: Map<string, Json>;
  changedSubjects: Set<string>;
}

const keyOf = (subject: string, property: string) => `${subject}\u0000${property}`;

/** Merges, writes and settles claims; `stored` are the subjects as the graph holds them before the write. */
async function settle(run: Run, incomingSubjects: string[], touched: Set<string>, stored: readonly (Entity | Relationship)[], merge: (held: Claim[]) => Claim[]): Promise<SettledClaims> {
  if (touched.size === 0) return { current: new Map(), changedSubjects: new Set() };
  const held = await readClaims(run, incomingSubjects);
  const unsourced = unsourcedClaims(stored, held, touched).map((u): Claim => ({ ...u, id: claimId(u.subject, u.property, u.value, null), sources: [], time: null, preferred: null }));
  const changed = merge([...held, ...unsourced]);
  await writeClaims(run, [...unsourced, ...changed]);
  const all = new Map([...held, ...unsourced, ...changed].map((c) => [c.id, c]));
  const relevant = [...all.values()].filter((c) => touched.has(keyOf(c.subject, c.property)));
  const dates = await readSourceDates(run, sourceIdsOf(relevant));
  return { current: currentValues(relevant, dates), changedSubjects: new Set([...unsourced, ...changed].map((c) => c.subject)) };
}

/** Settles what one document's source states. */
export function settleStatedClaims(run: Run, stated: readonly StatedClaim[], sourceId: string, stored: readonly (Entity | Relationship)[]): Promise<SettledClaims> {
  const touched = new Set(stated.map((s) => keyOf(s.subject, s.property)));
  return settle(run, stated.map((s) => s.subject), touched, stored, (held) => mergeClaims(held, stated, sourceId));
}

/** Settles the claims of an imported graph. */
export function settleImportedClaims(run: Run, incoming: readonly Claim[], stored: readonly (Entity | Relationship)[]): Promise<SettledClaims> {
  const touched = new Set(incoming.map((c) => keyOf(c.subject, c.property)));
  return settle(run, incoming.map((c) => c.subject), touched, stored, (held) => mergeImportedClaims(held, incoming));
}

/** A record's properties with each claimed one set to its current value. */
export function withCurrentValues<T extends { id: string; properties: Properties }>(record: T, settled: SettledClaims): T {
  let properties: Properties | undefined;
  for (const name of Object.keys(record.properties)) {
    const value = settled.current.get(keyOf(record.id, name));
    if (value === undefined) continue;
    properties ??= { ...record.properties };
    properties[name] = value;
  }
  return properties ? { ...record, properties } : record;
}
