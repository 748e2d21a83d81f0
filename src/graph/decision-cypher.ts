/**
 * Decisions in the Cypher both engines understand: the `Decision` nodes (who, when, what, why) and the merge itself,
 * written in one transaction through the shared store's row writers. Every read of a merge comes before its first
 * write (LadybugDB 0.19 crashes reading untyped relationships in a transaction that has already written some).
 */
import { KgError } from '../errors';
import { ENTITY_LABEL, MENTIONS, SOURCE_LABEL, type KindName } from '../ontology/ontology';
import { prepareClaimMove } from './claim-store';
import { decisionId, keptApartPair, planMerge, type Decision, type KeepApartRequest, type KindedRelationship, type MergeRequest, type MergeSummary } from './decisions';
import type { Dialect } from './dialect';
import type { Entity, Relationship } from './port';
import { entityColumns, relationshipColumns, toEntity, toMention, toRelationship, type Params, type Row } from './rows';

/** The node label decisions are stored under (beside Entity and Source). */
export const DECISION_LABEL = 'Decision';

type Run = (query: string, params?: Params) => Promise<Row[]>;

/** What the shared store lends a merge: its transaction runner, dialect and row writers. */
export interface MergeTools {
  run: Run;
  dialect: Dialect;
  existingRelationships(run: Run, rels: Relationship[]): Promise<Map<string, Relationship>>;
  writeEntity(run: Run, entity: Entity): Promise<void>;
  writeRelationships(run: Run, rels: Relationship[]): Promise<void>;
}

const DECISION_COLUMNS = 'd.id AS id, d.action AS action, d.keep AS keep, d.other AS other, d.actor AS actor, d.at AS at, d.reason AS reason, d.merged AS merged';

/** A decision from its columns. */
function toDecision(row: Row): Decision {
  return {
    id: row.id as string,
    action: row.action as Decision['action'],
    subjects: [row.keep as string, row.other as string],
    actor: row.actor as string,
    at: row.at as string,
    reason: (row.reason as string | null) ?? null,
    merged: row.merged ? (JSON.parse(row.merged as string) as Entity) : null,
  };
}

/** Writes decisions not stored yet (by id); returns how many were new. */
async function storeDecisions(run: Run, decisions: readonly Decision[]): Promise<number> {
  if (decisions.length === 0) return 0;
  const known = new Set((await run(`MATCH (d:${DECISION_LABEL}) WHERE d.id IN $ids RETURN d.id AS id`, { ids: decisions.map((d) => d.id) })).map((r) => r.id as string));
  const rows = decisions
    .filter((d) => !known.has(d.id))
    .map((d) => ({
      id: d.id,
      action: d.action,
      keep: d.subjects[0],
      other: d.subjects[1],
      actor: d.actor,
      at: d.at,
      // Empty text, not null: LadybugDB types a column null in every row as the wrong type; read back as null.
      reason: d.reason ?? '',
      merged: d.merged ? JSON.stringify(d.merged) : '',
    }));
  if (rows.length === 0) return 0;
  await run(
    `UNWIND $rows AS row CREATE (d:${DECISION_LABEL} {id: row.id, action: row.action, keep: row.keep, other: row.other, actor: row.actor, at: row.at, reason: row.reason, merged: row.merged})`,
    { rows },
  );
  return rows.length;
}

/** Every decision, oldest first (ties by id); with `subjects`, those about any of these ids. */
export async function readDecisions(read: Run, subjects?: readonly string[]): Promise<Decision[]> {
  if (subjects && subjects.length === 0) return [];
  const where = subjects ? 'WHERE d.keep IN $ids OR d.other IN $ids' : '';
  const rows = await read(`MATCH (d:${DECISION_LABEL}) ${where} RETURN ${DECISION_COLUMNS} ORDER BY at, id`, subjects ? { ids: [...subjects] } : {});
  return rows.map((r) => ({ ...toDecision(r), reason: (r.reason as string) || null }));
}

/**
 * Records an analyst's preferred claim as a decision, in the caller's transaction. Preferring the same claim again
 * replaces the earlier record, so its time is the latest and a replay in time order ends on the last word.
 */
export async function recordPreference(run: Run, subject: string, claimId: string, mark: { by: string; at: string; why: string | null }): Promise<void> {
  const decision: Decision = { id: decisionId('prefer-claim', [subject, claimId]), action: 'prefer-claim', subjects: [subject, claimId], actor: mark.by, at: mark.at, reason: mark.why, merged: null };
  await run(`MATCH (d:${DECISION_LABEL} {id: $id}) DELETE d`, { id: decision.id });
  await storeDecisions(run, [decision]);
}

/** Stores decisions from an import. */
export function importDecisions(run: Run, decisions: readonly Decision[]): Promise<number> {
  return storeDecisions(run, decisions);
}

/** Stores that two entities are different ones; both must exist. Deciding again answers the decision already stored. */
export async function keepApart(run: Run, request: KeepApartRequest): Promise<Decision> {
  const subjects = keptApartPair(request.a, request.b);
  if (subjects[0] === subjects[1]) throw new KgError('BAD_USER_INPUT', 'an entity cannot be kept apart from itself', { argument: 'b' });
  const found = await run(`MATCH (e:${ENTITY_LABEL}) WHERE e.id IN $ids RETURN e.id AS id, e.kind AS kind`, { ids: subjects });
  for (const [i, id] of subjects.entries()) {
    if (!found.some((r) => r.id === id)) throw new KgError('NOT_FOUND', `no entity with id ${id}`, { argument: request.a === id ? 'a' : 'b', index: i });
  }
  const id = decisionId('keep-apart', subjects);
  const [stored] = await readDecisions(run, subjects).then((list) => list.filter((d) => d.id === id));
  if (stored) return stored;
  const decision: Decision = { id, action: 'keep-apart', subjects, actor: request.actor, at: new Date().toISOString(), reason: request.reason ?? null, merged: null };
  await storeDecisions(run, [decision]);
  return decision;
}

/** Merges `request.merge` into `request.keep` and stores the decision (unless replaying one), all in the caller's transaction. */
export async function mergeEntities(tools: MergeTools, request: MergeRequest): Promise<{ decision: Decision; summary: MergeSummary }> {
  const { run, dialect } = tools;
  const ids = [request.keep, request.merge];
  if (request.keep === request.merge) throw new KgError('BAD_USER_INPUT', 'an entity cannot be merged into itself', { argument: 'merge' });
  const found = await run(`MATCH (e:${ENTITY_LABEL}) WHERE e.id IN $ids RETURN ${entityColumns('e', 'e_')}`, { ids });
  const byId = new Map(found.map((r) => [r.e_id as string, toEntity(r, 'e_')]));
  const keep = byId.get(request.keep);
  const merged = byId.get(request.merge);
  if (!keep) throw new KgError('NOT_FOUND', `no entity with id ${request.keep} to keep`, { argument: 'keep' });
  if (!merged) throw new KgError('NOT_FOUND', `no entity with id ${request.merge} to merge`, { argument: 'merge' });

  const apart = (await readDecisions(run, ids)).find((d) => d.id === decisionId('keep-apart', keptApartPair(keep.id, merged.id)));
  if (apart) {
    const why = apart.reason ? ` ("${apart.reason}")` : '';
    throw new KgError('BAD_USER_INPUT', `cannot merge ${merged.id} into ${keep.id}: ${apart.actor} kept them apart at ${apart.at}${why} (decision ${apart.id})`, { argument: 'merge' });
  }
  // Both directions, with the other end's kind (the ontology check needs it); a loop on the merged entity reads twice.
  const columns = relationshipColumns(dialect, 'r');
  // One after the other: a transaction's statements share one connection.
  const outgoing = await run(`MATCH (x:${ENTITY_LABEL} {id: $id})-[r]->(o:${ENTITY_LABEL}) RETURN o.id AS o_id, o.kind AS o_kind, ${columns}`, { id: merged.id });
  const incoming = await run(`MATCH (x:${ENTITY_LABEL} {id: $id})<-[r]-(o:${ENTITY_LABEL}) RETURN o.id AS o_id, o.kind AS o_kind, ${columns}`, { id: merged.id });
  const edges = new Map<string, KindedRelationship>();
  for (const [rows, out] of [[outgoing, true], [incoming, false]] as const) {
    for (const row of rows) {
      const relationship = toRelationship({ ...row, r_from: out ? merged.id : row.o_id, r_to: out ? row.o_id : merged.id });
      const other = row.o_kind as KindName;
      edges.set(relationship.id, { relationship, fromKind: out ? merged.kind : other, toKind: out ? other : merged.kind });
    }
  }
  const repointed = [...edges.values()].map(({ relationship: r }) => {
    const from = r.from === merged.id ? keep.id : r.from;
    const to = r.to === merged.id ? keep.id : r.to;
    return { ...r, from, to, id: `${from}|${r.type}|${to}` };
  });
  const survivorRelationships = await tools.existingRelationships(run, repointed);
  const mentionRows = await run(
    `MATCH (s:${SOURCE_LABEL})-[m:${MENTIONS}]->(e:${ENTITY_LABEL}) WHERE e.id IN $ids RETURN s.id AS sourceId, e.id AS entityId, m.offsets AS offsets`,
    { ids },
  );
  const plan = planMerge(keep, merged, [...edges.values()], survivorRelationships, mentionRows.map((r) => toMention(r, 'sourceId', 'entityId')));
  // What sources claimed about the merged entity and its ties now speaks of the survivor and the repointed ties.
  const moveClaims = await prepareClaimMove(run, new Map([[merged.id, keep.id], ...[...edges.keys()].map((id, i) => [id, repointed[i]!.id] as const)]));

  // Writes from here on: the merged entity goes with its relationships and mentions, then everything lands on the survivor.
  await run(`MATCH (e:${ENTITY_LABEL} {id: $id}) DETACH DELETE e`, { id: merged.id });
  await tools.writeEntity(run, plan.survivor);
  await tools.writeRelationships(run, plan.relationships.map((r) => r.merged));
  const placed = plan.mentions.filter((m) => m.offsets.length > 0);
  const unplaced = plan.mentions.filter((m) => m.offsets.length === 0);
  const mentionMerge = `UNWIND $rows AS row MATCH (s:${SOURCE_LABEL} {id: row.sourceId}) MATCH (e:${ENTITY_LABEL} {id: row.entityId}) MERGE (s)-[m:${MENTIONS}]->(e)`;
  if (placed.length > 0) await run(`${mentionMerge} SET m.offsets = row.offsets`, { rows: placed });
  // An empty list parameter would type as STRING[] on LadybugDB: an entity described but never named keeps an empty literal.
  if (unplaced.length > 0) await run(`${mentionMerge} SET m.offsets = []`, { rows: unplaced.map(({ sourceId, entityId }) => ({ sourceId, entityId })) });
  await moveClaims();

  const decision: Decision = request.replay ?? {
    id: decisionId('merge', [keep.id, merged.id]),
    action: 'merge',
    subjects: [keep.id, merged.id],
    actor: request.actor,
    at: new Date().toISOString(),
    reason: request.reason ?? null,
    merged,
  };
  if (!request.replay) await storeDecisions(run, [decision]);
  return { decision, summary: plan.summary };
}
