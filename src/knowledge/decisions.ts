/**
 * Analysts' decisions over the graph: merge two entities, keep two apart. Never silent: every decision is stored with
 * who, when and why, and the merged entity as it was; always visible: a merged id still answers, with the survivor and
 * the decision; undone by rebuilding: the decisions are replayed when the same documents are ingested again, and a
 * graph rebuilt without them is the uncurated one.
 */
import { KgError } from '../errors';
import { keptApartPair, type Decision, type MergeSummary } from '../graph/decisions';
import type { Entity, GraphStore } from '../graph/port';

/** Longest reason kept with a decision. */
export const MAX_REASON_LENGTH = 2000;
/** Longest analyst name. */
const MAX_ACTOR_LENGTH = 200;
/** Merges followed from an id to its survivor (a chain longer than this is a loop in imported data). */
const MAX_REDIRECTS = 50;

/** Who decided and why, checked before anything is read. */
export interface DecisionInput {
  actor: string;
  reason?: string | null;
}

function checkedInput(input: DecisionInput, ids: Record<string, unknown>): { actor: string; reason: string | null } {
  for (const [argument, id] of Object.entries(ids)) {
    if (typeof id !== 'string' || id.trim() === '') throw new KgError('BAD_USER_INPUT', `\`${argument}\` must name an entity by its id`, { argument });
  }
  const actor = input.actor.trim();
  if (!actor || actor.length > MAX_ACTOR_LENGTH) {
    throw new KgError('BAD_USER_INPUT', `who decides must be named in 1 to ${MAX_ACTOR_LENGTH} characters`, { argument: 'analyst' });
  }
  const reason = input.reason?.trim() || null;
  if (reason && reason.length > MAX_REASON_LENGTH) {
    throw new KgError('BAD_USER_INPUT', `the reason is ${reason.length} characters; at most ${MAX_REASON_LENGTH} are kept`, { argument: 'reason', max: MAX_REASON_LENGTH });
  }
  return { actor, reason };
}

/** Merges `merge` into `keep` and stores the decision; refused with the reasons (graph unchanged) when they cannot be one. */
export async function mergeEntities(
  store: GraphStore,
  request: { keep: string; merge: string } & DecisionInput,
): Promise<{ decision: Decision; summary: MergeSummary }> {
  const { actor, reason } = checkedInput(request, { keep: request.keep, merge: request.merge });
  return store.mergeEntities({ keep: request.keep, merge: request.merge, actor, reason });
}

/** Stores that `a` and `b` are different entities: the pair leaves the duplicates list. */
export async function keepApart(store: GraphStore, request: { a: string; b: string } & DecisionInput): Promise<Decision> {
  const { actor, reason } = checkedInput(request, { a: request.a, b: request.b });
  return store.keepApart({ a: request.a, b: request.b, actor, reason });
}

/** Where an id went: the survivor it was merged into (following later merges), with the merges followed; null when it was never merged. */
export async function redirectOf(store: GraphStore, id: string): Promise<{ survivor: string; merges: Decision[] } | null> {
  const merges: Decision[] = [];
  let current = id;
  for (let i = 0; i < MAX_REDIRECTS; i++) {
    const next = (await store.decisions({ subjects: [current] })).find((d) => d.action === 'merge' && d.subjects[1] === current);
    if (!next) break;
    merges.push(next);
    current = next.subjects[0];
  }
  return merges.length > 0 ? { survivor: current, merges } : null;
}

/** The entity an id names now: itself, or the survivor it was merged into (with the merges followed). */
export async function entityOrSurvivor(store: GraphStore, id: string): Promise<{ entity: Entity; redirectedFrom: string | null; merges: Decision[] } | null> {
  const [entity] = await store.getEntities([id]);
  if (entity) return { entity, redirectedFrom: null, merges: [] };
  const redirect = await redirectOf(store, id);
  if (!redirect) return null;
  const [survivor] = await store.getEntities([redirect.survivor]);
  return survivor ? { entity: survivor, redirectedFrom: id, merges: redirect.merges } : null;
}

/** Pairs kept apart, as `a|b` keys in id order (what the duplicates list leaves out). */
export async function keptApartKeys(store: GraphStore): Promise<Set<string>> {
  return new Set((await store.decisions()).filter((d) => d.action === 'keep-apart').map((d) => d.subjects.join('|')));
}

/** The key keptApartKeys uses for a pair. */
export function pairKeyOf(a: string, b: string): string {
  return keptApartPair(a, b).join('|');
}

/** What replaying the stored decisions did after a document was written. */
export interface Replay {
  /** Merges made again: both entities were back in the graph. */
  replayed: { decision: string; keep: string; merged: string }[];
  /** Merges that could not be made again, with why (the documents changed since). */
  refused: { decision: string; keep: string; merged: string; reason: string }[];
}

/**
 * Replays stored merges whose two entities are both in the graph, and preferred claims whose claim is (oldest first,
 * so a chain replays in order and a preference meets its claim before a later merge moves it): the graph rebuilt from
 * the same documents becomes the curated one. A merge that can no longer be made is reported, never forced.
 */
export async function replayDecisions(store: GraphStore): Promise<Replay> {
  const decisions = (await store.decisions()).filter((d) => d.action !== 'keep-apart');
  const merges = decisions.filter((d) => d.action === 'merge');
  const replay: Replay = { replayed: [], refused: [] };
  if (decisions.length === 0) return replay;
  const present = new Set(
    (await store.getEntities([...new Set(merges.flatMap((d) => d.subjects))])).flatMap((e) => (e ? [e.id] : [])),
  );
  for (const decision of decisions) {
    if (decision.action === 'prefer-claim') {
      await replayPreference(store, decision);
      continue;
    }
    const [keep, merged] = decision.subjects;
    if (!present.has(keep) || !present.has(merged)) continue;
    try {
      await store.mergeEntities({ keep, merge: merged, actor: decision.actor, reason: decision.reason, replay: decision });
      present.delete(merged);
      replay.replayed.push({ decision: decision.id, keep, merged });
    } catch (e) {
      if (!(e instanceof KgError)) throw e;
      replay.refused.push({ decision: decision.id, keep, merged, reason: e.message });
    }
  }
  return replay;
}

/** Marks a stored preference's claim preferred again when the claim is in the graph and not already so marked. */
async function replayPreference(store: GraphStore, decision: Decision): Promise<void> {
  const [subject, claimId] = decision.subjects;
  const [claims] = await store.claimsOf([subject]);
  const claim = claims?.find((c) => c.id === claimId);
  if (!claim || (claim.preferred?.by === decision.actor && claim.preferred.at === decision.at)) return;
  await store.preferClaim(claimId, { by: decision.actor, at: decision.at, why: decision.reason });
}
