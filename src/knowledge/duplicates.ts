/**
 * Duplicate review: likely pairs of entities within a kind (names alike by the name index's blocking keys, see
 * ../text/names/likely-pairs.ts), each with the evidence both sides have (names, aliases, descriptions,
 * neighbours, sources) and scored: the likeness of the names, raised by shared neighbours and sources, lowered by
 * conflicting facts (different countries of office, different roles). Read-only: deciding is an analyst's work.
 */
import type { Entity, GraphStore, Source } from '../graph/port';
import { kindNames, type KindName, type RelationshipTypeName } from '../ontology/ontology';
import { likelyPairs, type NamePair } from '../text/names/likely-pairs';
import type { Likeness } from '../text/names/blocking';
import { latinWords } from '../text/names/name-keys';
import { foldForSearch } from '../text/normalise';
import { keptApartKeys, pairKeyOf } from './decisions';
import { nameKeyTokens } from './resolve';

/** One side of a pair, with what the graph says about it. */
export interface DuplicateSide {
  entity: Entity;
  /** The name or alias that met the other side's. */
  matchedName: string;
  sources: Source[];
  neighbours: Entity[];
  /** Countries the entity holds office in, represents or is an envoy of (ids). */
  countriesOfOffice: string[];
}

/** A likely duplicate pair, best first by `score`. */
export interface DuplicatePair {
  a: DuplicateSide;
  b: DuplicateSide;
  why: Likeness;
  /** 0..1: the likeness of the names, raised by shared neighbours and sources, lowered by conflicts. */
  score: number;
  sharedNeighbours: Entity[];
  sharedSources: Source[];
  /** Facts that disagree, in words ("countries of office: iran / russia"). */
  conflicts: string[];
}

/** How alike the names alone make a pair. */
const NAME_SCORE: Record<Likeness, number> = { 'same-name': 0.9, variant: 0.8, sound: 0.6, 'family-name': 0.4 };
const PER_SHARED_NEIGHBOUR = 0.05;
const SHARED_NEIGHBOURS_MAX = 0.15;
const SHARED_SOURCE = 0.05;
const PER_CONFLICT = 0.3;

/** Ties that say which country a person (or group) acts for. */
const OFFICE_TYPES: RelationshipTypeName[] = ['OFFICIAL_OF', 'ENVOY_OF', 'REPRESENTS'];
/** Words a role shares with any other, which say nothing about it being the same. */
const ROLE_FILLER = new Set(['of', 'the', 'to', 'for', 'and', 'in', 'deputy', 'former', 'acting', 'head', 'chief']);

/** Blocks larger than this (a common family name) are skipped; pairs beyond MAX_PAIRS are not examined. */
export const DUPLICATE_LIMITS = { maxBlock: 50, maxPairs: 2000, neighboursPerSide: 50 } as const;

/** Scores a pair from its sides' evidence (pure): the names' likeness, plus what they share, minus what conflicts. */
export function scorePair(why: Likeness, a: DuplicateSide, b: DuplicateSide): Pick<DuplicatePair, 'score' | 'sharedNeighbours' | 'sharedSources' | 'conflicts'> {
  const bNeighbours = new Set(b.neighbours.map((e) => e.id));
  // Each other as neighbours is no evidence of being one: two people who met are two people.
  const sharedNeighbours = a.neighbours.filter((e) => bNeighbours.has(e.id) && e.id !== a.entity.id && e.id !== b.entity.id);
  const bSources = new Set(b.sources.map((s) => s.id));
  const sharedSources = a.sources.filter((s) => bSources.has(s.id));
  const conflicts: string[] = [];
  if (a.countriesOfOffice.length > 0 && b.countriesOfOffice.length > 0 && !a.countriesOfOffice.some((c) => b.countriesOfOffice.includes(c))) {
    conflicts.push(`countries of office: ${a.countriesOfOffice.join(', ')} / ${b.countriesOfOffice.join(', ')}`);
  }
  const roleA = roleWords(a.entity);
  const roleB = roleWords(b.entity);
  if (roleA.size > 0 && roleB.size > 0 && ![...roleA].some((w) => roleB.has(w))) conflicts.push(`roles: ${String(a.entity.properties.role)} / ${String(b.entity.properties.role)}`);
  const raw =
    NAME_SCORE[why] +
    Math.min(SHARED_NEIGHBOURS_MAX, sharedNeighbours.length * PER_SHARED_NEIGHBOUR) +
    (sharedSources.length > 0 ? SHARED_SOURCE : 0) -
    conflicts.length * PER_CONFLICT;
  return { score: Math.round(Math.max(0, Math.min(1, raw)) * 1000) / 1000, sharedNeighbours, sharedSources, conflicts };
}

function roleWords(e: Entity): Set<string> {
  const role = e.properties.role;
  if (typeof role !== 'string') return new Set();
  return new Set(foldForSearch(role).split(/[^\p{L}\p{N}]+/u).filter((w) => w && !ROLE_FILLER.has(w)));
}

/** The sort key of a pair in the review's order (best score first, then by ids): what a cursor encodes. */
export function pairKey(p: { score: number; a: { entity: { id: string } }; b: { entity: { id: string } } }): string {
  return `${String(1000 - Math.round(p.score * 1000)).padStart(4, '0')}|${p.a.entity.id}|${p.b.entity.id}`;
}

/**
 * Likely duplicate pairs in the graph, within `kind` (every kind when absent), best first; at most
 * DUPLICATE_LIMITS.maxPairs pairs by name likeness are examined.
 */
export async function findDuplicates(store: GraphStore, options: { kind?: KindName } = {}): Promise<{ pairs: DuplicatePair[]; skippedBlocks: number }> {
  const labels = await store.entityLabels();
  const kinds = options.kind ? [options.kind] : kindNames;
  let namePairs: NamePair[] = [];
  let skippedBlocks = 0;
  for (const kind of kinds) {
    const entities = labels
      .filter((l) => l.kind === kind)
      .map((l) => ({ id: l.id, names: [l.name, ...l.aliases].map((label) => ({ label, words: nameKeyTokens(latinWords(label), kind) })) }));
    const found = likelyPairs(entities, { person: kind === 'Person', maxBlock: DUPLICATE_LIMITS.maxBlock, maxPairs: DUPLICATE_LIMITS.maxPairs });
    namePairs = namePairs.concat(found.pairs);
    skippedBlocks += found.skippedBlocks;
  }
  // A pair an analyst kept apart is decided: it leaves the list.
  const apart = await keptApartKeys(store);
  namePairs = namePairs.filter((p) => !apart.has(pairKeyOf(p.a, p.b))).slice(0, DUPLICATE_LIMITS.maxPairs);
  const ids = [...new Set(namePairs.flatMap((p) => [p.a, p.b]))];
  const sides = await evidenceOf(store, ids);
  // An entity deleted since its name was read has no side: its pairs go.
  const pairs = namePairs.flatMap((p) => {
    const [sideA, sideB] = [sides.get(p.a), sides.get(p.b)];
    if (!sideA || !sideB) return [];
    const a = { ...sideA, matchedName: p.names[0] };
    const b = { ...sideB, matchedName: p.names[1] };
    return [{ a, b, why: p.why, ...scorePair(p.why, a, b) }];
  });
  pairs.sort((x, y) => (pairKey(x) < pairKey(y) ? -1 : pairKey(x) > pairKey(y) ? 1 : 0));
  return { pairs, skippedBlocks };
}

/** Each entity's sources, neighbours and countries of office, in a few batched reads. */
async function evidenceOf(store: GraphStore, ids: readonly string[]): Promise<Map<string, Omit<DuplicateSide, 'matchedName'>>> {
  const [entities, mentions, neighbours, offices] = await Promise.all([
    store.getEntities(ids),
    store.mentionsAmong({ entityIds: ids }),
    store.neighborPages(ids.map((entityId) => ({ entityId, direction: 'BOTH' as const, first: DUPLICATE_LIMITS.neighboursPerSide }))),
    store.neighborPages(ids.map((entityId) => ({ entityId, direction: 'OUT' as const, types: OFFICE_TYPES, kinds: ['Country' as KindName], first: DUPLICATE_LIMITS.neighboursPerSide }))),
  ]);
  const sourceIds = [...new Set(mentions.map((m) => m.sourceId))];
  const sources = new Map((await store.getSources(sourceIds)).flatMap((s) => (s ? [[s.id, s] as const] : [])));
  const sourcesOf = new Map<string, Source[]>();
  for (const m of mentions) {
    const s = sources.get(m.sourceId);
    if (s) sourcesOf.set(m.entityId, [...(sourcesOf.get(m.entityId) ?? []), s]);
  }
  const out = new Map<string, Omit<DuplicateSide, 'matchedName'>>();
  ids.forEach((id, i) => {
    const entity = entities[i];
    if (!entity) return;
    out.set(id, { entity, sources: sourcesOf.get(id) ?? [], neighbours: neighbours[i] ?? [], countriesOfOffice: (offices[i] ?? []).map((c) => c.id).sort() });
  });
  return out;
}
