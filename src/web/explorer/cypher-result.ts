/**
 * Reading a Cypher answer (the API's one shape on both engines: a node is {id, kind, name, properties}, a
 * relationship {type, from, to, properties}, a path {nodes, relationships}) as what the canvas draws, and as
 * the text of a table cell.
 */
import type { CypherAnswer, EntityRecord, RelationshipRecord } from './api';

export type { CypherAnswer };

interface NodeValue {
  id: string;
  kind: string;
  name: string;
  properties: Record<string, unknown>;
}

interface RelationshipValue {
  type: string;
  from: string;
  to: string;
  properties: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isNode(v: unknown): v is NodeValue {
  return isObject(v) && typeof v.id === 'string' && typeof v.kind === 'string' && typeof v.name === 'string' && isObject(v.properties);
}

function isRelationship(v: unknown): v is RelationshipValue {
  return isObject(v) && typeof v.type === 'string' && typeof v.from === 'string' && typeof v.to === 'string' && isObject(v.properties);
}

function isPath(v: unknown): v is { nodes: unknown[]; relationships: unknown[] } {
  return isObject(v) && Array.isArray(v.nodes) && Array.isArray(v.relationships);
}

/** An entity record from a node value; its aliases and description come out of its properties. */
function entityOf(node: NodeValue): EntityRecord {
  const { aliases, description, ...properties } = node.properties as { aliases?: unknown; description?: unknown } & Record<string, unknown>;
  return {
    id: node.id,
    kind: node.kind,
    name: node.name,
    aliases: Array.isArray(aliases) ? aliases.map(String) : [],
    description: typeof description === 'string' ? description : null,
    properties,
  };
}

/** A relationship record from a relationship value; its quotes pair `evidence` with `sources` (source ids). */
function relationshipOf(rel: RelationshipValue): RelationshipRecord {
  const { evidence, sources, ...properties } = rel.properties as { evidence?: unknown; sources?: unknown } & Record<string, unknown>;
  const quotes = Array.isArray(evidence) ? evidence.map(String) : [];
  const from = Array.isArray(sources) ? sources.map(String) : [];
  return {
    id: `${rel.from}|${rel.type}|${rel.to}`,
    type: rel.type,
    from: rel.from,
    to: rel.to,
    properties,
    evidence: quotes.map((quote, i) => ({ quote, source: { title: from[i] ?? '' } })),
  };
}

/**
 * Every entity node, relationship between entities, and path in an answer (inside lists too), each once.
 * Nodes whose kind is not one of `kinds` (sources) are left out, and so are relationships to them.
 */
export function graphOfResult(answer: Pick<CypherAnswer, 'rows'>, kinds: string[]): { entities: EntityRecord[]; relationships: RelationshipRecord[] } {
  const known = new Set(kinds);
  const entities = new Map<string, EntityRecord>();
  const relationships = new Map<string, RelationshipRecord>();
  const visit = (v: unknown, depth: number): void => {
    if (depth > 4) return;
    if (isNode(v)) {
      if (known.has(v.kind)) entities.set(v.id, entityOf(v));
    } else if (isRelationship(v)) {
      if (v.type !== 'MENTIONS') relationships.set(`${v.from}|${v.type}|${v.to}`, relationshipOf(v));
    } else if (isPath(v)) {
      v.nodes.forEach((n) => visit(n, depth + 1));
      v.relationships.forEach((r) => visit(r, depth + 1));
    } else if (Array.isArray(v)) v.forEach((x) => visit(x, depth + 1));
  };
  for (const row of answer.rows) for (const value of row) visit(value, 0);
  return { entities: [...entities.values()], relationships: [...relationships.values()] };
}

/** A value as one line of a table: a node by its name and kind, a relationship as from -TYPE-> to, the rest as JSON. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isNode(v)) return `${v.name} (${v.kind})`;
  if (isRelationship(v)) return `${v.from} -${v.type}-> ${v.to}`;
  if (isPath(v)) return v.nodes.map((n) => (isNode(n) ? n.name : '?')).join(' — ');
  return JSON.stringify(v);
}

/**
 * Entity ids an answer holds in columns named like ids (`id`, `otherId`, `partyIds`): what a named query that
 * returns ids rather than nodes offers to draw. Each once, in order; the page drops ids that are not entities.
 */
export function entityIdsOfResult(answer: Pick<CypherAnswer, 'columns' | 'rows'>): string[] {
  const idColumns = answer.columns.flatMap((c, i) => (/^(id|ids|\w+Ids?)$/.test(c) ? [i] : []));
  const ids = new Set<string>();
  for (const row of answer.rows)
    for (const i of idColumns) {
      const v = row[i];
      for (const id of Array.isArray(v) ? v : [v]) if (typeof id === 'string' && id) ids.add(id);
    }
  return [...ids];
}
