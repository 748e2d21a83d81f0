/**
 * The JSON graph file: the whole graph (sources, entities, relationships with their evidence, mentions) in
 * one lossless document that `kg import` rebuilds. One record per line, so large graphs stream and diff well.
 */
import { z } from 'zod';
import { InvalidDocumentError, KgError, type DocumentProblem } from '../errors';
import { decisionId, keptApartPair } from '../graph/decisions';
import { parseRelationshipId, relationshipId } from '../graph/relationship-key';
import type { EngineName, GraphDump, Json } from '../graph/port';
import {
  isKind,
  isRelationshipType,
  kindProperties,
  relationshipProperties,
  type KindName,
} from '../ontology/ontology';
import { quoteOccursIn } from '../text/normalise';
import { RELATIONSHIP_TIME, claimId } from '../graph/claim-rule';
import { STATED_DATE_RULE, datePrecision } from '../knowledge/dates';
import { checkProperties, formatPath } from '../knowledge/validate';
import { endsProblem, kindProblem, relationshipTypeProblem } from '../ontology/checks';

/** Marks a file as a knowledge-graph export, so `kg import` can refuse anything else with a clear message. */
export const GRAPH_FILE_FORMAT = 'kg-graph';
export const GRAPH_FILE_VERSION = 1;

const json: z.ZodType<Json> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]));

/** An analyst's decision as the file holds it (src/graph/decisions.ts); a merge carries the merged entity as it was. */
const decisionSchema = z
  .object({
    id: z.string().min(1),
    action: z.enum(['merge', 'keep-apart', 'prefer-claim']),
    subjects: z.tuple([z.string().min(1), z.string().min(1)]),
    actor: z.string().min(1),
    at: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date and time, e.g. 2026-11-29T17:30:00.000Z' }),
    reason: z.string().nullable(),
    merged: z
      .object({ id: z.string().min(1), kind: z.string().min(1), name: z.string().min(1), aliases: z.array(z.string()), description: z.string().nullable(), properties: z.record(z.string(), json) })
      .strict()
      .nullable(),
  })
  .strict();

const dateText = z.string().refine((d) => datePrecision(d) !== null, STATED_DATE_RULE).nullable();

/** A claim as the graph file writes it (src/graph/port.ts Claim; its id is derived again on import). */
const claimRecord = z
  .object({
    id: z.string().optional(),
    subject: z.string().min(1),
    property: z.string().min(1),
    value: json,
    sources: z.array(z.object({ sourceId: z.string().min(1), quote: z.string().min(1).nullable() }).strict()),
    time: z
      .object({ date: dateText, start: dateText, end: dateText, precision: z.enum(['day', 'month', 'year']).nullable(), stated: z.string().nullable() })
      .strict()
      .nullable(),
    preferred: z.object({ by: z.string().min(1), at: z.string().min(1), why: z.string().nullable() }).strict().nullable(),
  })
  .strict();

const graphFileSchema = z
  .object({
    format: z.literal(GRAPH_FILE_FORMAT, { message: `not a graph file: "format" must be "${GRAPH_FILE_FORMAT}" (write one with \`kg export --format json\`)` }),
    version: z.literal(GRAPH_FILE_VERSION, { message: `this kg reads graph files of version ${GRAPH_FILE_VERSION}` }),
    engine: z.enum(['embedded', 'neo4j']).optional(),
    sources: z.array(
      z
        .object({
          id: z.string().min(1),
          title: z.string(),
          url: z.string().nullable(),
          publisher: z.string().nullable(),
          published: z.string().nullable(),
          text: z.string(),
          /** Absent in files written before ingest times were recorded. */
          ingestedAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date and time, e.g. 2026-11-29T17:30:00.000Z' }).nullable().optional(),
        })
        .strict(),
    ),
    entities: z.array(
      z
        .object({
          id: z.string().min(1),
          kind: z.string().min(1),
          name: z.string().min(1),
          aliases: z.array(z.string()),
          description: z.string().nullable(),
          properties: z.record(z.string(), json),
        })
        .strict(),
    ),
    relationships: z.array(
      z
        .object({
          /** Written for readers; derived again from type and ends on import. */
          id: z.string().optional(),
          type: z.string().min(1),
          from: z.string().min(1),
          to: z.string().min(1),
          properties: z.record(z.string(), json),
          evidence: z.array(z.object({ quote: z.string().min(1), sourceId: z.string().min(1) }).strict()),
        })
        .strict(),
    ),
    mentions: z.array(
      z
        .object({
          sourceId: z.string().min(1),
          entityId: z.string().min(1),
          offsets: z.array(z.number().int().nonnegative()),
        })
        .strict(),
    ),
    /** Analysts' decisions; absent in files of graphs without any (and in files written before decisions were kept). */
    decisions: z.array(decisionSchema).optional(),
    /** Absent in files written before claims were kept. */
    claims: z.array(claimRecord).optional(),
  })
  .strict();

/** The graph file's text, produced piece by piece: a header, then one record per line. */
export function* graphJsonChunks(dump: GraphDump, engine: EngineName): Generator<string> {
  yield `{"format": ${JSON.stringify(GRAPH_FILE_FORMAT)}, "version": ${GRAPH_FILE_VERSION}, "engine": ${JSON.stringify(engine)}`;
  const sections: [string, unknown[]][] = [
    ['sources', dump.sources],
    ['entities', dump.entities],
    ['relationships', dump.relationships],
    ['mentions', dump.mentions],
    // Only when there are some: a file without decisions stays readable by a kg that predates them.
    ...(dump.decisions?.length ? [['decisions', dump.decisions] as [string, unknown[]]] : []),
    ['claims', (dump.claims ?? []).map(({ current: _current, ...claim }) => claim)],
  ];
  for (const [name, records] of sections) {
    yield `,\n"${name}": [`;
    for (let i = 0; i < records.length; i++) yield `${i === 0 ? '\n' : ',\n'}${JSON.stringify(records[i])}`;
    yield records.length > 0 ? '\n]' : ']';
  }
  yield '}\n';
}

/** Parses and checks a graph file's text; every problem is named by record and field. */
export function parseGraphJson(name: string, content: string): GraphDump {
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch (e) {
    throw new InvalidDocumentError(name, [{ path: '(document)', message: `bad JSON: ${(e as Error).message}` }]);
  }
  const parsed = graphFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InvalidDocumentError(
      name,
      parsed.error.issues.slice(0, 50).map((i) => ({ path: formatPath(i.path) || '(document)', message: i.message })),
    );
  }
  const file = parsed.data;
  const dump: GraphDump = {
    sources: file.sources,
    entities: file.entities.map((e) => ({ ...e, kind: e.kind as KindName })),
    relationships: file.relationships.map((r) => ({
      id: relationshipId(r.from, r.type, r.to),
      type: r.type as GraphDump['relationships'][number]['type'],
      from: r.from,
      to: r.to,
      properties: r.properties,
      evidence: r.evidence,
    })),
    mentions: file.mentions,
    ...(file.decisions?.length ? { decisions: file.decisions.map((d) => ({ ...d, merged: d.merged ? { ...d.merged, kind: d.merged.kind as KindName } : null })) } : {}),
    claims: (file.claims ?? []).map((c) => ({ ...c, id: claimId(c.subject, c.property, c.value, c.time) })),
  };
  const problems = checkGraph(dump);
  if (problems.length > 0) throw new InvalidDocumentError(name, problems);
  return dump;
}

/** Checks a dump against the ontology and itself: kinds, types, ends, evidence quotes, mentions. */
export function checkGraph(dump: GraphDump): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  const sources = new Map<string, string>();
  dump.sources.forEach((s, i) => {
    if (sources.has(s.id)) problems.push({ path: `sources[${i}] (${s.id}).id`, message: `duplicate source id "${s.id}"` });
    sources.set(s.id, s.text);
  });

  const kinds = new Map<string, KindName>();
  dump.entities.forEach((e, i) => {
    const at = `entities[${i}] (${e.id})`;
    if (kinds.has(e.id)) problems.push({ path: `${at}.id`, message: `duplicate entity id "${e.id}"` });
    if (!isKind(e.kind)) {
      problems.push({ path: `${at}.kind`, message: kindProblem(e.kind)! });
      return;
    }
    kinds.set(e.id, e.kind);
    checkProperties(e.properties, kindProperties(e.kind), `${at}.properties`, `kind ${e.kind}`, problems);
  });

  const seen = new Set<string>();
  dump.relationships.forEach((r, i) => {
    const at = `relationships[${i}] (${r.from} ${r.type} ${r.to})`;
    if (!isRelationshipType(r.type)) {
      problems.push({ path: `${at}.type`, message: relationshipTypeProblem(r.type)! });
      return;
    }
    const fromKind = kinds.get(r.from);
    const toKind = kinds.get(r.to);
    if (!fromKind) problems.push({ path: `${at}.from`, message: `no entity "${r.from}" in this file` });
    if (!toKind) problems.push({ path: `${at}.to`, message: `no entity "${r.to}" in this file` });
    const badEnds = fromKind && toKind ? endsProblem(r.type, fromKind, toKind) : undefined;
    if (badEnds) problems.push({ path: `${at}.type`, message: badEnds });
    if (seen.has(r.id)) problems.push({ path: at, message: 'the same relationship appears twice; give all its evidence in one record' });
    seen.add(r.id);
    checkProperties(r.properties, relationshipProperties(r.type), `${at}.properties`, `relationship ${r.type}`, problems);
    if (r.evidence.length === 0) problems.push({ path: `${at}.evidence`, message: 'a relationship needs at least one quote from a source' });
    r.evidence.forEach((e, q) => {
      const text = sources.get(e.sourceId);
      if (text === undefined) problems.push({ path: `${at}.evidence[${q}].sourceId`, message: `no source "${e.sourceId}" in this file` });
      else if (!quoteOccursIn(e.quote, text)) {
        problems.push({ path: `${at}.evidence[${q}].quote`, message: `quote not found in source "${e.sourceId}": "${e.quote.length > 80 ? `${e.quote.slice(0, 77)}...` : e.quote}"` });
      }
    });
  });

  const mentioned = new Set<string>();
  dump.mentions.forEach((m, i) => {
    const at = `mentions[${i}] (${m.sourceId} -> ${m.entityId})`;
    const text = sources.get(m.sourceId);
    if (text === undefined) problems.push({ path: `${at}.sourceId`, message: `no source "${m.sourceId}" in this file` });
    if (!kinds.has(m.entityId)) problems.push({ path: `${at}.entityId`, message: `no entity "${m.entityId}" in this file` });
    const key = `${m.sourceId}\u0000${m.entityId}`;
    if (mentioned.has(key)) problems.push({ path: at, message: 'the same mention appears twice; give all its offsets in one record' });
    mentioned.add(key);
    const outside = m.offsets.find((o) => text !== undefined && o >= text.length);
    if (outside !== undefined) problems.push({ path: `${at}.offsets`, message: `offset ${outside} lies beyond the end of the source text (${text!.length} characters)` });
  });
  problems.push(...decisionProblems(dump));

  (dump.claims ?? []).forEach((c, i) => {
    const at = `claims[${i}] (${c.subject} ${c.property})`;
    const kind = kinds.get(c.subject);
    const type = seen.has(c.subject) ? parseRelationshipId(c.subject)?.type : undefined;
    if (!kind && !type) problems.push({ path: `${at}.subject`, message: `no entity or relationship "${c.subject}" in this file` });
    // A claim's value must fit its property as the record's own value would (it may become the current one).
    if (kind) checkProperties({ [c.property]: c.value }, kindProperties(kind), at, `kind ${kind}`, problems);
    else if (type && isRelationshipType(type) && c.property !== RELATIONSHIP_TIME) {
      checkProperties({ [c.property]: c.value }, relationshipProperties(type), at, `relationship ${type}`, problems);
    }
    c.sources.forEach((s, q) => {
      const text = sources.get(s.sourceId);
      if (text === undefined) problems.push({ path: `${at}.sources[${q}].sourceId`, message: `no source "${s.sourceId}" in this file` });
      else if (s.quote !== null && !quoteOccursIn(s.quote, text)) {
        problems.push({ path: `${at}.sources[${q}].quote`, message: `quote not found in source "${s.sourceId}": "${s.quote.length > 80 ? `${s.quote.slice(0, 77)}...` : s.quote}"` });
      }
    });
  });
  return problems;
}

/** A decision's id must be the one its action and subjects give, a merge must carry the merged entity, keeping apart must not. */
function decisionProblems(dump: GraphDump): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  const seen = new Set<string>();
  (dump.decisions ?? []).forEach((d, i) => {
    const at = `decisions[${i}] (${d.id})`;
    const subjects = d.action === 'keep-apart' ? keptApartPair(...d.subjects) : d.subjects;
    if (d.id !== decisionId(d.action, subjects) || subjects[0] !== d.subjects[0]) {
      problems.push({ path: `${at}.id`, message: `must be "${decisionId(d.action, subjects)}" (the action and the subjects${d.action === 'keep-apart' ? ' in id order' : ''})` });
    }
    if (d.subjects[0] === d.subjects[1]) problems.push({ path: `${at}.subjects`, message: 'names the same record twice' });
    if (d.action === 'merge' && d.merged?.id !== d.subjects[1]) problems.push({ path: `${at}.merged`, message: `a merge keeps the merged entity as it was: its id must be "${d.subjects[1]}"` });
    if (d.action !== 'merge' && d.merged) problems.push({ path: `${at}.merged`, message: `${d.action === 'keep-apart' ? 'keeping apart' : 'preferring a claim'} merges nothing: must be null` });
    if (seen.has(d.id)) problems.push({ path: at, message: `duplicate decision id "${d.id}"` });
    seen.add(d.id);
  });
  return problems;
}

/** Refuses a dump that is not a whole, consistent graph (used before writing into another engine). */
export function assertConsistent(name: string, dump: GraphDump): void {
  const problems = checkGraph(dump);
  if (problems.length > 0) throw new InvalidDocumentError(name, problems);
}

/** A KgError for a graph file that cannot be read at all. */
export function unreadableFile(file: string, cause: unknown): KgError {
  return new KgError('BAD_USER_INPUT', `cannot read ${file}: ${(cause as Error).message}`, { path: file }, { cause });
}
