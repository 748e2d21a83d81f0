/**
 * Analysts' decisions as data: a merge of two entities, or two entities kept apart. Each is stored in the graph
 * (who, when, what, why) so it is seen, exported with the graph, and replayed when the graph is rebuilt from its
 * documents. What a merge does to the records is planned here, purely, and written by each engine in one transaction.
 */
import { KgError } from '../errors';
import { allowsRelationship, kindProperties, type KindName } from '../ontology/ontology';
import { mergeRelationship } from './merge';
import type { Entity, MentionLink, Relationship } from './port';
import { relationshipId } from './relationship-key';

/** What an analyst decided: two entities are one, two are different, or which stated value of a property to show. */
export type DecisionAction = 'merge' | 'keep-apart' | 'prefer-claim';

/** One analyst's decision, as stored in the graph. */
export interface Decision {
  /** Stable id, derived from the action and subjects (`merge|keep|merged`, `keep-apart|a|b`), so an import never doubles one. */
  id: string;
  action: DecisionAction;
  /** A merge: [survivor, merged]; keeping apart: the two ids in order; a preferred claim: [its subject, the claim id]. */
  subjects: [string, string];
  /** Who decided (the analyst's name as given). */
  actor: string;
  /** When (ISO 8601, UTC). */
  at: string;
  reason: string | null;
  /** A merge: the merged entity as it was before, so nothing it said is lost from sight. */
  merged: Entity | null;
}

/** What a merge moved: counts the report and the API give back. */
export interface MergeSummary {
  relationshipsMoved: number;
  /** Moved relationships that were the same as one the survivor had (same type and other end): their quotes joined it. */
  relationshipsCollapsed: number;
  mentionsMoved: number;
  aliasesAdded: string[];
}

/** Asking for a merge: `merge` goes into `keep`. */
export interface MergeRequest {
  keep: string;
  merge: string;
  actor: string;
  reason?: string | null;
  /** Replaying a stored decision: the decision is already in the graph and is not written again. */
  replay?: Decision;
}

/** Asking to keep two entities apart. */
export interface KeepApartRequest {
  a: string;
  b: string;
  actor: string;
  reason?: string | null;
}

/** What the engines store and answer about decisions; part of the GraphStore port. */
export interface DecisionStore {
  /** Merges one entity into another in one transaction and stores the decision; refuses (graph unchanged) what cannot be reconciled. */
  mergeEntities(request: MergeRequest): Promise<{ decision: Decision; summary: MergeSummary }>;
  /** Stores that two entities are different ones (no change to the entities). */
  keepApart(request: KeepApartRequest): Promise<Decision>;
  /** Every decision, oldest first; with `subjects`, only those about any of these entity ids. */
  decisions(options?: { subjects?: readonly string[] }): Promise<Decision[]>;
  /** Stores decisions (an import); one already stored (same id) stays as it is. Returns how many were new. */
  importDecisions(decisions: readonly Decision[]): Promise<number>;
}

/** The id a decision is stored under. */
export function decisionId(action: DecisionAction, subjects: readonly [string, string]): string {
  return `${action}|${subjects[0]}|${subjects[1]}`;
}

/** Keeping apart is symmetric: the pair in id order. */
export function keptApartPair(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

/** A relationship of the merged entity, with the kinds at its ends (what the ontology check needs). */
export interface KindedRelationship {
  relationship: Relationship;
  fromKind: KindName;
  toKind: KindName;
}

/** The records a merge writes: the survivor, the relationships re-pointed (merged with the survivor's), and mentions. */
export interface MergePlan {
  survivor: Entity;
  relationships: { merged: Relationship; existing: Relationship | null }[];
  mentions: MentionLink[];
  summary: MergeSummary;
}

/**
 * Plans a merge of `merged` into `keep`, or refuses it with every reason (KgError BAD_USER_INPUT, each reason a
 * `problems` entry). `relationships` are every relationship of the merged entity; `survivorRelationships` the survivor's,
 * by id; `mentions` the merged entity's and the survivor's (for the same sources).
 */
export function planMerge(
  keep: Entity,
  merged: Entity,
  edges: readonly KindedRelationship[],
  survivorRelationships: ReadonlyMap<string, Relationship>,
  mentions: readonly MentionLink[],
): MergePlan {
  const reasons = mergeRefusals(keep, merged, edges);
  const relationships = edges.map((e) => e.relationship);
  if (reasons.length > 0) {
    throw new KgError('BAD_USER_INPUT', `cannot merge ${merged.id} into ${keep.id}: ${reasons.join('; ')}`, {
      argument: 'merge',
      problems: reasons.map((message) => ({ path: 'merge', message })),
    });
  }
  const aliases = [...new Set([...keep.aliases, merged.name, ...merged.aliases])].filter((a) => a !== keep.name);
  // The survivor's own values stand; the merged entity fills only what the survivor lacks (its full record stays in the decision).
  const properties = { ...merged.properties, ...keep.properties };
  const survivor: Entity = {
    ...keep,
    aliases,
    description: keep.description ?? merged.description ?? null,
    properties: Object.fromEntries(Object.entries(properties).sort(([a], [b]) => a.localeCompare(b))),
  };
  const moved = new Map<string, { merged: Relationship; existing: Relationship | null }>();
  let collapsed = 0;
  for (const rel of relationships) {
    const from = rel.from === merged.id ? keep.id : rel.from;
    const to = rel.to === merged.id ? keep.id : rel.to;
    const id = relationshipId(from, rel.type, to);
    const repointed: Relationship = { ...rel, id, from, to };
    const before = moved.get(id);
    const existing = before?.merged ?? survivorRelationships.get(id) ?? null;
    if (existing) collapsed++;
    moved.set(id, { merged: mergeRelationship(existing, repointed).merged, existing: before?.existing ?? survivorRelationships.get(id) ?? null });
  }
  const bySource = new Map<string, Set<number>>();
  for (const m of mentions) {
    const offsets = bySource.get(m.sourceId) ?? new Set<number>();
    for (const o of m.offsets) offsets.add(o);
    bySource.set(m.sourceId, offsets);
  }
  const movedMentions = mentions.filter((m) => m.entityId === merged.id).length;
  return {
    survivor,
    relationships: [...moved.values()],
    mentions: [...bySource.entries()]
      .filter(([sourceId]) => mentions.some((m) => m.sourceId === sourceId && m.entityId === merged.id))
      .map(([sourceId, offsets]) => ({ sourceId, entityId: keep.id, offsets: [...offsets].sort((a, b) => a - b) })),
    summary: {
      relationshipsMoved: relationships.length,
      relationshipsCollapsed: collapsed,
      mentionsMoved: movedMentions,
      aliasesAdded: aliases.filter((a) => !keep.aliases.includes(a)),
    },
  };
}

/**
 * Why a merge cannot be made, in the analyst's words (empty when it can). Different kinds are reconciled only when
 * the survivor's kind takes every relationship and property of the merged entity; a relationship between the two
 * means a source speaks of them as two, and merging would tie an entity to itself.
 */
export function mergeRefusals(keep: Entity, merged: Entity, edges: readonly KindedRelationship[]): string[] {
  if (keep.id === merged.id) return ['an entity cannot be merged into itself'];
  const reasons: string[] = [];
  if (keep.kind !== merged.kind) {
    const kind = keep.kind as KindName;
    for (const { relationship: rel, fromKind, toKind } of edges) {
      const from = rel.from === merged.id ? kind : fromKind;
      const to = rel.to === merged.id ? kind : toKind;
      if (!allowsRelationship(rel.type, from, to)) {
        reasons.push(`the ontology does not let \`${rel.type}\` join ${withArticle(from)} to ${withArticle(to)} (\`${rel.from} ${rel.type} ${rel.to}\`; ${merged.id} is ${withArticle(merged.kind)}, ${keep.id} ${withArticle(keep.kind)})`);
      }
    }
    const allowed = kindProperties(kind);
    for (const property of Object.keys(merged.properties)) {
      if (!(property in allowed)) reasons.push(`${withArticle(kind)} has no property \`${property}\` (${merged.id}, ${withArticle(merged.kind)}, has one)`);
    }
  }
  for (const { relationship: rel } of edges) {
    if ((rel.from === keep.id && rel.to === merged.id) || (rel.from === merged.id && rel.to === keep.id)) {
      reasons.push(`a source states \`${rel.from} ${rel.type} ${rel.to}\` between the two (it speaks of them as two; merging would tie ${keep.id} to itself)`);
    }
  }
  return reasons;
}

/** "a Person", "an Organization". */
function withArticle(kind: string): string {
  return `${/^[AEIOU]/.test(kind) ? 'an' : 'a'} ${kind}`;
}
