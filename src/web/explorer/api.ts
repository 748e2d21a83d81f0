/**
 * The explorer's only way to the server: GraphQL over POST /graphql, with the operations it needs.
 */
import { useKindStyles } from './kind-style';

/** An entity as the explorer keeps it. */
export interface EntityRecord {
  id: string;
  kind: string;
  name: string;
  aliases: string[];
  description: string | null;
  properties: Record<string, unknown>;
}

/** A quote backing a relationship, with its source's title. */
export interface EvidenceRecord {
  quote: string;
  /** The source's id opens it in the reader (a hub list's row has only the id, standing in for the title). */
  source: { id?: string; title: string };
}

/** A directed relationship as the explorer keeps it. */
export interface RelationshipRecord {
  id: string;
  type: string;
  from: string;
  to: string;
  properties: Record<string, unknown>;
  evidence: EvidenceRecord[];
}

/** An entity with everything one relationship away. */
export interface Neighbourhood {
  entity: EntityRecord;
  sources: Array<{ id: string; title: string; mentions: number }>;
  relationships: RelationshipRecord[];
  neighbours: EntityRecord[];
  /** How many relationships the entity has in all (more than `relationships` when capped). */
  totalCount: number;
  /** Analysts' merges into this entity: who, when, why, and what was merged. */
  merges?: MergeRecord[];
  /** The id asked for, when it named an entity since merged into this one. */
  redirectedFrom?: string | null;
}

/** A merge into an entity, as the details panel shows it. */
export interface MergeRecord {
  analyst: string;
  at: string;
  reason: string | null;
  merged: { id: string; name: string; kind: string } | null;
}

/** A shortest path: entities[i] is joined to entities[i+1] by relationships[i]. */
export interface PathRecord {
  entities: EntityRecord[];
  relationships: RelationshipRecord[];
}

/** One search suggestion. */
export interface SearchHit {
  entity: EntityRecord;
  score: number;
  matchedField: 'name' | 'alias' | 'description';
  /** Why it matched (exact, alias, word, variant, typo, prefix, contains). */
  why?: string;
  /** The name or alias that matched, as the graph writes it (null for text found inside). */
  matchedName?: string | null;
}

/** What the server says about the whole graph. */
export interface GraphOverview {
  kinds: string[];
  relationshipTypes: string[];
  /** Legend names: each kind's and type's display name from the ontology. */
  display: Map<string, string>;
  entities: number;
  relationships: number;
  sources: number;
  engine: string;
}

/** A GraphQL error answer, with the server's code (e.g. HOPS_LIMIT) when it gave one. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    /** The error's extensions: `line` and `column` of a Cypher error. */
    readonly extensions?: GraphqlErrorBody['extensions'],
  ) {
    super(message);
  }
}

const ENTITY_FIELDS = 'id kind name aliases description properties';
const RELATIONSHIP_FIELDS = 'id type from { id } to { id } properties evidence { quote source { id title } }';
/** Most relationships one expansion draws before the rest become a "+ N more" node (the page size of every request). */
export const DEFAULT_HUB_CAP = 50;
/**
 * Entities whose relationships one request asks for when linking what is drawn, at a page of 50: each costs
 * about 650 of the server's default KG_MAX_QUERY_COST (5000) with the other ends, so 8 was refused.
 */
export const LINK_BATCH = 6;

/** Entities per request at a page of `first` relationships: the cost grows with the page, so the batch shrinks. */
export function linkBatch(first: number): number {
  return Math.max(1, Math.floor((LINK_BATCH * DEFAULT_HUB_CAP) / Math.max(first, DEFAULT_HUB_CAP)));
}

/** A GraphQL error as the server sent it, with its code and, for Cypher, where in the query it is. */
export interface GraphqlErrorBody {
  message: string;
  extensions?: { code?: string; line?: number; column?: number };
}

/**
 * Posts one operation and returns its data, or throws ApiError with the server's message. Always a POST with
 * content-type application/json (and Apollo's preflight header): a non-simple request, so it passes the server's
 * CSRF prevention. `token` goes as the bearer token (the workbench's writes).
 */
export async function graphql<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      // JSON plus Apollo's preflight header: what the server's cross-site request protection asks of a browser.
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'apollo-require-preflight': 'true',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
  } catch (e) {
    throw new ApiError(`The server cannot be reached (${(e as Error).message})`, 'NETWORK');
  }
  let body: { data?: T; errors?: GraphqlErrorBody[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new ApiError(`The server answered ${response.status} ${response.statusText} without GraphQL`, 'HTTP');
  }
  if (body.errors?.length) throw new ApiError(body.errors.map((e) => e.message).join('; '), body.errors[0]!.extensions?.code, body.errors[0]!.extensions);
  if (!response.ok || body.data === undefined) throw new ApiError(`The server answered ${response.status} ${response.statusText}`, 'HTTP');
  return body.data;
}

interface RawRelationship {
  id: string;
  type: string;
  from: { id: string };
  to: { id: string };
  properties: Record<string, unknown> | null;
  evidence: EvidenceRecord[];
}

function relationship(raw: RawRelationship): RelationshipRecord {
  return { id: raw.id, type: raw.type, from: raw.from.id, to: raw.to.id, properties: raw.properties ?? {}, evidence: raw.evidence };
}

function entity(raw: EntityRecord): EntityRecord {
  return { ...raw, aliases: raw.aliases ?? [], properties: raw.properties ?? {} };
}

/** Kinds (with their styles), relationship types and counts, for the legend and filters: the ontology the server runs with. */
export async function fetchOverview(): Promise<GraphOverview> {
  const data = await graphql<{
    ontology: { kinds: Array<{ name: string; display: string; color: string; shape: string }>; relationshipTypes: Array<{ name: string; display: string }> };
    stats: { entities: number; relationships: number; sources: number; engine: string };
  }>(`query ExplorerOverview {
    ontology { kinds { name display color shape } relationshipTypes { name display } }
    stats { entities relationships sources engine }
  }`);
  useKindStyles(data.ontology.kinds);
  return {
    kinds: data.ontology.kinds.map((k) => k.name),
    relationshipTypes: data.ontology.relationshipTypes.map((t) => t.name),
    display: new Map([...data.ontology.kinds, ...data.ontology.relationshipTypes].map((d) => [d.name, d.display])),
    ...data.stats,
  };
}

/** Entities matching `text` (names, aliases, descriptions; the server folds case, accents and dashes). */
export async function searchEntities(text: string, first = 8): Promise<SearchHit[]> {
  const data = await graphql<{ search: { edges: { node: SearchHit }[] } }>(
    `query ExplorerSearch($text: String!, $first: Int) {
      search(text: $text, first: $first) { edges { node { score matchedField why matchedName entity { ${ENTITY_FIELDS} } } } }
    }`,
    { text, first },
  );
  return data.search.edges.map(({ node: hit }) => ({ ...hit, entity: entity(hit.entity) }));
}

/**
 * An entity and the first `first` of its relationships (in the server's order: incoming before outgoing, then by
 * type, then by the other end's id) with the entities at their other ends; one request, never a second page.
 * Null when the id is unknown.
 */
export async function fetchNeighbourhood(id: string, first = DEFAULT_HUB_CAP): Promise<Neighbourhood | null> {
  const data: {
    entity:
      | (EntityRecord & {
          sources: Array<{ source: { id: string; title: string }; offsets: number[] }>;
          relationships: { totalCount: number; edges: Array<{ node: RawRelationship; other: EntityRecord }> };
          merges?: MergeRecord[];
          redirectedFrom?: string | null;
        })
      | null;
  } = await graphql(
    `query ExplorerNeighbourhood($id: ID!, $first: Int) {
      entity(id: $id) {
        ${ENTITY_FIELDS}
        sources { source { id title } offsets }
        redirectedFrom merges { analyst at reason merged { id name kind } }
        relationships(first: $first) {
          totalCount
          edges { node { ${RELATIONSHIP_FIELDS} } other { ${ENTITY_FIELDS} } }
        }
      }
    }`,
    { id, first },
  );
  if (!data.entity) return null;
  const { sources, relationships: page, merges, redirectedFrom, ...fields } = data.entity;
  const neighbours = new Map(page.edges.map((e) => [e.other.id, entity(e.other)]));
  return {
    entity: entity(fields),
    sources: sources.map((s) => ({ id: s.source.id, title: s.source.title, mentions: s.offsets.length })),
    relationships: page.edges.map((e) => relationship(e.node)),
    neighbours: [...neighbours.values()],
    totalCount: page.totalCount,
    merges: merges ?? [],
    redirectedFrom: redirectedFrom ?? null,
  };
}

/** The shortest path between two entities, or null when none exists within `maxHops`. */
export async function fetchShortestPath(from: string, to: string, maxHops: number, types?: string[]): Promise<PathRecord | null> {
  const data = await graphql<{ shortestPath: { entities: EntityRecord[]; relationships: RawRelationship[] } | null }>(
    `query ExplorerPath($from: ID!, $to: ID!, $maxHops: Int, $types: [RelationshipType!]) {
      shortestPath(from: $from, to: $to, maxHops: $maxHops, types: $types) {
        entities { ${ENTITY_FIELDS} }
        relationships { ${RELATIONSHIP_FIELDS} }
      }
    }`,
    types ? { from, to, maxHops, types } : { from, to, maxHops },
  );
  if (!data.shortestPath) return null;
  return { entities: data.shortestPath.entities.map(entity), relationships: data.shortestPath.relationships.map(relationship) };
}

/** One entity without its relationships; null when the id is unknown. */
export async function fetchEntity(id: string): Promise<EntityRecord | null> {
  const data = await graphql<{ entity: EntityRecord | null }>(`query ExplorerEntity($id: ID!) { entity(id: $id) { ${ENTITY_FIELDS} } }`, { id });
  return data.entity ? entity(data.entity) : null;
}

/** The first page of one entity's relationships, and the entities at their other ends when asked for. */
export interface RelationshipsPage {
  relationships: RelationshipRecord[];
  neighbours: EntityRecord[];
  /** False when the entity has more relationships than the page holds. */
  complete: boolean;
  /** How many relationships the entity has in all. */
  totalCount: number;
}

/** The operation asking for the first page of relationships of `count` entities ($id0, $id1, …), optionally with their other ends. */
export function relationshipsOfQuery(count: number, withNeighbours: boolean, first = DEFAULT_HUB_CAP): string {
  const edge = withNeighbours ? `node { ${RELATIONSHIP_FIELDS} } other { ${ENTITY_FIELDS} }` : `node { ${RELATIONSHIP_FIELDS} }`;
  const slots = Array.from({ length: count }, (_, i) => i);
  return `query ExplorerRelationshipsOf(${slots.map((i) => `$id${i}: ID!`).join(', ')}) {\n${slots
    .map((i) => `e${i}: entity(id: $id${i}) { relationships(first: ${Math.trunc(first)}) { totalCount pageInfo { hasNextPage } edges { ${edge} } } }`)
    .join('\n')}\n}`;
}

/**
 * The relationships (first page of each) of several entities, a few entities per request, optionally with
 * the entities at their other ends. Used to draw ties between entities on screen and to expand many at once.
 */
export async function fetchRelationshipsOf(ids: string[], withNeighbours = false, first = DEFAULT_HUB_CAP): Promise<Map<string, RelationshipsPage>> {
  const batches: string[][] = [];
  const size = linkBatch(first);
  for (let start = 0; start < ids.length; start += size) batches.push(ids.slice(start, start + size));
  type Answer = Record<
    string,
    { relationships: { totalCount: number; pageInfo: { hasNextPage: boolean }; edges: Array<{ node: RawRelationship; other?: EntityRecord }> } } | null
  >;
  const answers = await Promise.all(
    batches.map((batch) =>
      graphql<Answer>(
        relationshipsOfQuery(batch.length, withNeighbours, first),
        Object.fromEntries(batch.map((id, i) => [`id${i}`, id])),
      ),
    ),
  );
  const result = new Map<string, RelationshipsPage>();
  batches.forEach((batch, b) =>
    batch.forEach((id, i) => {
      const found = answers[b]![`e${i}`];
      const edges = found?.relationships.edges ?? [];
      result.set(id, {
        relationships: edges.map((e) => relationship(e.node)),
        neighbours: edges.flatMap((e) => (e.other ? [entity(e.other)] : [])),
        complete: !found || !found.relationships.pageInfo.hasNextPage,
        totalCount: found?.relationships.totalCount ?? 0,
      });
    }),
  );
  return result;
}

/** Entities by id, in one request; unknown ids are left out. */
export async function fetchEntities(ids: string[]): Promise<EntityRecord[]> {
  if (!ids.length) return [];
  const slots = ids.map((_, i) => i);
  const data = await graphql<Record<string, EntityRecord | null>>(
    `query ExplorerEntities(${slots.map((i) => `$id${i}: ID!`).join(', ')}) {\n${slots.map((i) => `e${i}: entity(id: $id${i}) { ${ENTITY_FIELDS} }`).join('\n')}\n}`,
    Object.fromEntries(ids.map((id, i) => [`id${i}`, id])),
  );
  return slots.flatMap((i) => (data[`e${i}`] ? [entity(data[`e${i}`]!)] : []));
}

/** What the list of a hub's relationships is narrowed to. */
export interface HubFilter {
  types: string[];
  kinds: string[];
  name: string;
}

/** One row of a hub's list: a relationship and the entity at its other end. */
export interface HubRow {
  relationship: RelationshipRecord;
  other: { id: string; kind: string; name: string };
}

/**
 * One page of a hub's relationships through the `relationships-page` named query (by type, then the other
 * end's name): `first` rows from `skip`, narrowed by type, kind of the other end and a text in its name.
 */
export async function fetchHubPage(hub: string, filter: HubFilter, skip: number, first: number): Promise<HubRow[]> {
  const data = await graphql<{ namedQuery: { rows: unknown[][] } }>(
    `query ExplorerHubPage($params: JSON) { namedQuery(name: "relationships-page", params: $params) { rows } }`,
    { params: { entity: hub, types: filter.types.join(','), kinds: filter.kinds.join(','), name: filter.name, skip, first } },
  );
  return data.namedQuery.rows.map(([rel, id, kind, name]) => {
    const r = rel as { type: string; from: string; to: string; properties: Record<string, unknown> };
    const { evidence, sources, ...properties } = r.properties as { evidence?: string[]; sources?: string[] } & Record<string, unknown>;
    return {
      relationship: {
        id: `${r.from}|${r.type}|${r.to}`,
        type: r.type,
        from: r.from,
        to: r.to,
        properties,
        // the source's id stands in for its title until the relationship is fetched with its evidence
        evidence: (evidence ?? []).map((quote, i) => ({ quote, source: { id: sources?.[i], title: sources?.[i] ?? '' } })),
      },
      other: { id: String(id), kind: String(kind), name: String(name) },
    };
  });
}

/** A parameter of a named query, as the server declares it. */
export interface NamedQueryParameter {
  name: string;
  /** string, integer, number, boolean or string[]. */
  type: string;
  description: string;
  required: boolean;
  default: unknown;
  min: number | null;
  max: number | null;
  example: unknown;
}

/** A query of the server's library, offered as a form. */
export interface NamedQueryInfo {
  name: string;
  description: string;
  parameters: NamedQueryParameter[];
  /** The Cypher the server runs for it. */
  text: string;
}

/** The answer of the API's `cypher` and `namedQuery` fields. */
export interface CypherAnswer {
  columns: string[];
  rows: unknown[][];
  rowCount: number;
  truncated: boolean;
  elapsedMs: number;
  engine: string;
}

const ANSWER_FIELDS = 'columns rows rowCount truncated elapsedMs engine';

/** The server's named queries with their declared parameters. */
export async function fetchNamedQueries(): Promise<NamedQueryInfo[]> {
  const data = await graphql<{ namedQueries: NamedQueryInfo[] }>(
    'query WorkbenchNamedQueries { namedQueries { name description text parameters { name type description required default min max example } } }',
  );
  return data.namedQueries;
}

/** Runs a Cypher query; `token` (the admin token) lets a write run. */
export async function runCypher(query: string, token?: string): Promise<CypherAnswer> {
  const data = await graphql<{ cypher: CypherAnswer }>(`query WorkbenchCypher($query: String!) { cypher(query: $query) { ${ANSWER_FIELDS} } }`, { query }, token);
  return data.cypher;
}

/** Runs a named query (always read-only on the server) with parameter values of their declared types. */
export async function runNamedQuery(name: string, params: Record<string, unknown>): Promise<CypherAnswer> {
  const data = await graphql<{ namedQuery: CypherAnswer }>(
    `query WorkbenchNamedQuery($name: String!, $params: JSON) { namedQuery(name: $name, params: $params) { ${ANSWER_FIELDS} } }`,
    { name, params },
  );
  return data.namedQuery;
}

/** An entity of the starting view, with how many relationships it has. */
export interface ConnectedEntity {
  id: string;
  name: string;
  kind: string;
  relationships: number;
}

/** The `first` most connected entities, through the `most-connected` named query. */
export async function fetchMostConnected(first: number): Promise<ConnectedEntity[]> {
  const answer = await runNamedQuery('most-connected', { limit: first });
  return answer.rows.map(([id, name, kind, relationships]) => ({ id: String(id), name: String(name), kind: String(kind), relationships: Number(relationships) }));
}

/** A source of the starting view, with how many entities it mentions. */
export interface SourceSummary {
  id: string;
  title: string;
  published: string | null;
  publisher: string | null;
  entities: number;
}

/** The `first` latest sources, in the API's order: by publication date when the sources give one (undated last), then by id. */
export async function fetchLatestSources(first: number): Promise<SourceSummary[]> {
  // The API's own list (newest first), not a user's Cypher: no query process, and the same order as the reader's list.
  const data = await graphql<{ sources: { edges: Array<{ node: { id: string; title: string; published: string | null; publisher: string | null; entityCount: number } }> } }>(
    `query ExplorerLatestSources($first: Int) { sources(first: $first) { edges { node { id title published publisher entityCount } } } }`,
    { first: Math.trunc(first) },
  );
  return data.sources.edges.map(({ node }) => ({ id: node.id, title: node.title, published: node.published, publisher: node.publisher, entities: node.entityCount }));
}

/** Ids of the entities a source mentions, most mentioned first, at most `first` (the `mentioned-by-source` named query). */
export async function fetchSourceEntityIds(source: string, first: number): Promise<string[]> {
  const data = await graphql<{ namedQuery: { rows: unknown[][] } }>(
    `query ExplorerSourceEntities($params: JSON, $limit: Int) { namedQuery(name: "mentioned-by-source", params: $params, limit: $limit) { rows } }`,
    { params: { source }, limit: Math.trunc(first) },
  );
  return data.namedQuery.rows.map(([id]) => String(id));
}
