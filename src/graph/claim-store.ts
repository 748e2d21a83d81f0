/**
 * Where claims live in an engine: one `Claim` node per claim (not linked by relationships, so traversals, the
 * adjacency index and stats never meet them), found by its subject's id. The Cypher is the same on both engines.
 */
import { ENTITY_LABEL, SOURCE_LABEL, entityPropertyColumns, isRelationshipType } from '../ontology/ontology';
import { relationshipPropertyColumns } from '../ontology/schema';
import { KgError } from '../errors';
import { RELATIONSHIP_TIME, byProperty, claimId, currentClaim, markCurrent, sortedSources, sourceIdsOf, type SourceDates } from './claim-rule';
import type { Claim, DatePrecision, Entity, Json, Relationship } from './port';
import { parseRelationshipId } from './relationship-key';
import type { Params, Row } from './rows';
import { batches } from './unwind-rows';

/** The node label of claims. */
export const CLAIM_LABEL = 'Claim';

/** Runs one statement (inside a transaction, or a read). */
type Run = (query: string, params?: Params) => Promise<Row[]>;

const COLUMNS = ['id', 'subject', 'property', 'value', 'sources', 'quotes', 'timeDate', 'timeStart', 'timeEnd', 'timePrecision', 'timeStated', 'preferredBy', 'preferredAt', 'preferredWhy'];
const RETURN_COLUMNS = COLUMNS.map((c) => `c.${c} AS ${c}`).join(', ');

/** The row a claim is stored as; a quote the document did not give is '' (a list element is never null). */
export function claimRow(c: Claim): Row {
  return {
    id: c.id,
    subject: c.subject,
    property: c.property,
    value: JSON.stringify(c.value),
    sources: c.sources.map((s) => s.sourceId),
    quotes: c.sources.map((s) => s.quote ?? ''),
    timeDate: c.time?.date ?? null,
    timeStart: c.time?.start ?? null,
    timeEnd: c.time?.end ?? null,
    timePrecision: c.time?.precision ?? null,
    timeStated: c.time?.stated ?? null,
    preferredBy: c.preferred?.by ?? null,
    preferredAt: c.preferred?.at ?? null,
    preferredWhy: c.preferred?.why ?? null,
  };
}

/** A claim from its row. */
export function toClaim(r: Row): Claim {
  const sources = (r.sources as string[] | null) ?? [];
  const quotes = (r.quotes as string[] | null) ?? [];
  const time = {
    date: (r.timeDate as string | null) ?? null,
    start: (r.timeStart as string | null) ?? null,
    end: (r.timeEnd as string | null) ?? null,
    precision: (r.timePrecision as DatePrecision | null) ?? null,
    stated: (r.timeStated as string | null) ?? null,
  };
  return {
    id: r.id as string,
    subject: r.subject as string,
    property: r.property as string,
    value: JSON.parse(r.value as string) as Json,
    sources: sources.map((sourceId, i) => ({ sourceId, quote: quotes[i] ? quotes[i]! : null })),
    time: Object.values(time).some((v) => v !== null) ? time : null,
    preferred: r.preferredBy ? { by: r.preferredBy as string, at: (r.preferredAt as string | null) ?? '', why: (r.preferredWhy as string | null) || null } : null,
  };
}

/** Every claim about the subjects, in one read per thousand subjects. */
export async function readClaims(run: Run, subjects: readonly string[]): Promise<Claim[]> {
  const out: Claim[] = [];
  for (const batch of batches([...new Set(subjects)])) {
    const rows = await run(`MATCH (c:${CLAIM_LABEL}) WHERE c.subject IN $subjects RETURN ${RETURN_COLUMNS} ORDER BY c.subject, c.property, c.id`, { subjects: batch });
    out.push(...rows.map(toClaim));
  }
  return out;
}

/** Every claim of the graph, by subject, property and id. */
export async function readAllClaims(run: Run): Promise<Claim[]> {
  const rows = await run(`MATCH (c:${CLAIM_LABEL}) RETURN ${RETURN_COLUMNS} ORDER BY c.subject, c.property, c.id`);
  return rows.map(toClaim);
}

/** Publication and ingest dates of the sources, by id. */
export async function readSourceDates(run: Run, ids: readonly string[]): Promise<Map<string, SourceDates>> {
  if (ids.length === 0) return new Map();
  const rows = await run(`MATCH (s:${SOURCE_LABEL}) WHERE s.id IN $ids RETURN s.id AS id, s.published AS published, s.ingestedAt AS ingestedAt`, { ids: [...new Set(ids)] });
  return new Map(rows.map((r) => [r.id as string, { published: (r.published as string | null) ?? null, ingestedAt: (r.ingestedAt as string | null) ?? null }]));
}

/** Writes claims (created or changed) by id. */
export async function writeClaims(run: Run, claims: readonly Claim[]): Promise<void> {
  const sets = COLUMNS.filter((c) => c !== 'id').map((c) => `c.${c} = row.${c}`).join(', ');
  for (const batch of batches(claims)) {
    if (batch.length > 0) await run(`UNWIND $rows AS row MERGE (c:${CLAIM_LABEL} {id: row.id}) SET ${sets}`, { rows: batch.map(claimRow) });
  }
}

/** Claims about the subjects, grouped per subject (in the order asked), each marked current by the rule. */
export async function claimsBySubject(run: Run, subjects: readonly string[]): Promise<Claim[][]> {
  if (subjects.length === 0) return [];
  const claims = await readClaims(run, subjects);
  const marked = markCurrent(claims, await readSourceDates(run, sourceIdsOf(claims)));
  const bySubject = new Map<string, Claim[]>();
  for (const c of marked) {
    const list = bySubject.get(c.subject) ?? [];
    list.push(c);
    bySubject.set(c.subject, list);
  }
  return subjects.map((s) => bySubject.get(s) ?? []);
}

/** Subjects and properties with two or more distinct values, the first `first` by subject and property (after `after`). */
export async function conflictKeys(run: Run, first: number, after?: { subject: string; property: string }): Promise<{ subject: string; property: string }[]> {
  const past = after ? ' AND (subject > $afterSubject OR (subject = $afterSubject AND property > $afterProperty))' : '';
  const rows = await run(
    `MATCH (c:${CLAIM_LABEL}) WITH c.subject AS subject, c.property AS property, count(DISTINCT c.value) AS n WHERE n > 1${past} RETURN subject, property ORDER BY subject, property LIMIT $first`,
    after ? { first, afterSubject: after.subject, afterProperty: after.property } : { first },
  );
  return rows.map((r) => ({ subject: r.subject as string, property: r.property as string }));
}

/** One claim by id; null when there is none. */
export async function readClaim(run: Run, id: string): Promise<Claim | null> {
  const rows = await run(`MATCH (c:${CLAIM_LABEL} {id: $id}) RETURN ${RETURN_COLUMNS}`, { id });
  return rows[0] ? toClaim(rows[0]) : null;
}

/** Moves the preferred mark of a property to one claim (every other claim of the property loses it). */
export async function markPreferred(run: Run, claim: Claim, mark: { by: string; at: string; why: string | null }): Promise<void> {
  await run(`MATCH (c:${CLAIM_LABEL}) WHERE c.subject = $subject AND c.property = $property AND c.id <> $id SET c.preferredBy = $cleared, c.preferredAt = $cleared, c.preferredWhy = $cleared`, {
    subject: claim.subject,
    property: claim.property,
    id: claim.id,
    cleared: '',
  });
  await run(`MATCH (c:${CLAIM_LABEL} {id: $id}) SET c.preferredBy = $by, c.preferredAt = $at, c.preferredWhy = $why`, {
    id: claim.id,
    by: mark.by,
    at: mark.at,
    why: mark.why ?? '',
  });
}

/** A property name checked against the ontology before it is written into a statement. */
function checkedProperty(property: string, owner: 'entity' | 'relationship'): string {
  const known = owner === 'entity' ? entityPropertyColumns() : relationshipPropertyColumns();
  if (!(property in known)) throw new KgError('BAD_USER_INPUT', `no ${owner} property "${property}" in the ontology`);
  return property;
}

/** Sets a subject's property to a value (the claim the rule now picks); the time of a relationship is no column. */
export async function setPropertyValue(run: Run, subject: string, property: string, value: Json): Promise<void> {
  if (property === RELATIONSHIP_TIME) return;
  const key = parseRelationshipId(subject);
  if (key && isRelationshipType(key.type)) {
    const name = checkedProperty(property, 'relationship');
    await run(`MATCH (a:${ENTITY_LABEL} {id: $from})-[r:${key.type}]->(b:${ENTITY_LABEL} {id: $to}) SET r.${name} = $value`, { from: key.from, to: key.to, value });
    return;
  }
  const name = checkedProperty(property, 'entity');
  await run(`MATCH (e:${ENTITY_LABEL} {id: $id}) SET e.${name} = $value`, { id: subject, value });
}

/**
 * What the graph holds before a write touches a property without any claim (a graph written before claims were
 * kept): the value becomes a claim with no source, so the write adds beside it and loses nothing.
 */
export function unsourcedClaims(subjects: readonly (Entity | Relationship)[], claimed: readonly Claim[], touched: ReadonlySet<string>): { subject: string; property: string; value: Json }[] {
  const have = new Set(claimed.map((c) => `${c.subject}\u0000${c.property}`));
  const out: { subject: string; property: string; value: Json }[] = [];
  for (const s of subjects) {
    for (const [property, value] of Object.entries(s.properties)) {
      const key = `${s.id}\u0000${property}`;
      if (touched.has(key) && !have.has(key) && value !== null) out.push({ subject: s.id, property, value });
    }
  }
  return out;
}

/** The current value of each subject's property among the claims (`subject\u0000property` → value). */
export function currentValues(claims: readonly Claim[], dates: ReadonlyMap<string, SourceDates>): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const [key, group] of byProperty(claims)) {
    const current = currentClaim(group, dates);
    if (current) out.set(key, current.value);
  }
  return out;
}

/**
 * Claims that follow their subjects to new ids (a merge: the merged entity's and its relationships'), read before the
 * caller's transaction writes; the returned step writes them after. A claim meeting one of the same value already
 * there joins it (sources united); the survivor's own preferred mark outranks a moved one; each touched property then
 * holds the value the rule picks among them all.
 */
export async function prepareClaimMove(run: Run, renames: ReadonlyMap<string, string>): Promise<() => Promise<void>> {
  const moving = await readClaims(run, [...renames.keys()]);
  if (moving.length === 0) return async () => undefined;
  const staying = await readClaims(run, [...new Set(renames.values())]);
  const dates = await readSourceDates(run, sourceIdsOf([...moving, ...staying]));
  const preferredThere = new Set(staying.filter((c) => c.preferred).map((c) => `${c.subject}\u0000${c.property}`));
  const byId = new Map(staying.map((c) => [c.id, c]));
  for (const c of moving) {
    const subject = renames.get(c.subject)!;
    const id = claimId(subject, c.property, c.value, c.time);
    const there = byId.get(id);
    const preferred = there?.preferred ?? (preferredThere.has(`${subject}\u0000${c.property}`) ? null : c.preferred);
    byId.set(id, { ...c, id, subject, sources: sortedSources([...(there?.sources ?? []), ...c.sources]), preferred });
  }
  const claims = [...byId.values()];
  const values = currentValues(claims, dates);
  return async () => {
    await run(`MATCH (c:${CLAIM_LABEL}) WHERE c.id IN $ids DELETE c`, { ids: moving.map((c) => c.id) });
    await writeClaims(run, claims);
    for (const [key, value] of values) {
      const [subject, property] = key.split('\u0000') as [string, string];
      await setPropertyValue(run, subject, property, value);
    }
  };
}
