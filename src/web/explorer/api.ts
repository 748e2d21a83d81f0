/**
 * The explorer's only way to the server: GraphQL over POST /graphql, with the operations it needs.
 */

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
  source: { title: string };
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
  sources: Array<{ title: string; mentions: number }>;
  relationships: RelationshipRecord[];
  neighbours: EntityRecord[];
  /** How many relationships the entity has in all (more than `relationships` when capped). */
  totalCount: number;
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
}

/** What the server says about the whole graph. */
export interface GraphOverview {
  kinds: string[];
  relationshipTypes: string[];
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
  ) {
    super(message);
  }
}

const ENTITY_FIELDS = 'id kind name aliases description properties';
const RELATIONSHIP_FIELDS = 'id type from { id } to { id } properties evidence { quote source { title } }';
/** Relationships fetched per page, and the most fetched for one entity (the rest are counted, not drawn). */
const PAGE = 50;
const MAX_RELATIONSHIPS_PER_ENTITY = 500;
/**
 * Entities whose relationships one request asks for when linking what is drawn: each costs about 650 of the
 * server's default KG_MAX_QUERY_COST (5000) with the other ends, so 8 was refused.
 */
export const LINK_BATCH = 6;

/** Posts one operation and returns its data, or throws ApiError with the server's message. */
export async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      // JSON plus Apollo's preflight header: what the server's cross-site request protection asks of a browser.
      headers: { 'content-type': 'application/json', accept: 'application/json', 'apollo-require-preflight': 'true' },
      body: JSON.stringify({ query, variables }),
    });
  } catch (e) {
    throw new ApiError(`The server cannot be reached (${(e as Error).message})`, 'NETWORK');
  }
  let body: { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new ApiError(`The server answered ${response.status} ${response.statusText} without GraphQL`, 'HTTP');
  }
  if (body.errors?.length) throw new ApiError(body.errors.map((e) => e.message).join('; '), body.errors[0]!.extensions?.code);
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

/** Kinds, relationship types and counts, for the legend and filters. */
export async function fetchOverview(): Promise<GraphOverview> {
  const data = await graphql<{
    kinds: { enumValues: Array<{ name: string }> } | null;
    types: { enumValues: Array<{ name: string }> } | null;
    stats: { entities: number; relationships: number; sources: number; engine: string };
  }>(`query ExplorerOverview {
    kinds: __type(name: "EntityKind") { enumValues { name } }
    types: __type(name: "RelationshipType") { enumValues { name } }
    stats { entities relationships sources engine }
  }`);
  return {
    kinds: data.kinds?.enumValues.map((v) => v.name) ?? [],
    relationshipTypes: data.types?.enumValues.map((v) => v.name) ?? [],
    ...data.stats,
  };
}

/** Entities matching `text` (names, aliases, descriptions; the server folds case, accents and dashes). */
export async function searchEntities(text: string, first = 8): Promise<SearchHit[]> {
  const data = await graphql<{ search: SearchHit[] }>(
    `query ExplorerSearch($text: String!, $first: Int) {
      search(text: $text, first: $first) { score matchedField entity { ${ENTITY_FIELDS} } }
    }`,
    { text, first },
  );
  return data.search.map((hit) => ({ ...hit, entity: entity(hit.entity) }));
}

/** An entity and its relationships with the entities at their other ends; null when the id is unknown. */
export async function fetchNeighbourhood(id: string): Promise<Neighbourhood | null> {
  const relationships = new Map<string, RelationshipRecord>();
  const neighbours = new Map<string, EntityRecord>();
  let after: string | null = null;
  let result: Neighbourhood | null = null;
  do {
    const data: {
      entity:
        | (EntityRecord & {
            sources: Array<{ source: { title: string }; offsets: number[] }>;
            relationships: {
              totalCount: number;
              pageInfo: { hasNextPage: boolean; endCursor: string | null };
              edges: Array<{ node: RawRelationship; other: EntityRecord }>;
            };
          })
        | null;
    } = await graphql(
      `query ExplorerNeighbourhood($id: ID!, $first: Int, $after: String) {
        entity(id: $id) {
          ${ENTITY_FIELDS}
          sources { source { title } offsets }
          relationships(first: $first, after: $after) {
            totalCount
            pageInfo { hasNextPage endCursor }
            edges { node { ${RELATIONSHIP_FIELDS} } other { ${ENTITY_FIELDS} } }
          }
        }
      }`,
      after ? { id, first: PAGE, after } : { id, first: PAGE },
    );
    if (!data.entity) return null;
    for (const edge of data.entity.relationships.edges) {
      relationships.set(edge.node.id, relationship(edge.node));
      neighbours.set(edge.other.id, entity(edge.other));
    }
    const { sources, relationships: page, ...fields } = data.entity;
    result = {
      entity: entity(fields),
      sources: sources.map((s) => ({ title: s.source.title, mentions: s.offsets.length })),
      relationships: [],
      neighbours: [],
      totalCount: page.totalCount,
    };
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after && relationships.size < MAX_RELATIONSHIPS_PER_ENTITY);
  result.relationships = [...relationships.values()];
  result.neighbours = [...neighbours.values()];
  return result;
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
}

/** The operation asking for the first page of relationships of `count` entities ($id0, $id1, …), optionally with their other ends. */
export function relationshipsOfQuery(count: number, withNeighbours: boolean): string {
  const edge = withNeighbours ? `node { ${RELATIONSHIP_FIELDS} } other { ${ENTITY_FIELDS} }` : `node { ${RELATIONSHIP_FIELDS} }`;
  const slots = Array.from({ length: count }, (_, i) => i);
  return `query ExplorerRelationshipsOf(${slots.map((i) => `$id${i}: ID!`).join(', ')}) {\n${slots
    .map((i) => `e${i}: entity(id: $id${i}) { relationships(first: ${PAGE}) { pageInfo { hasNextPage } edges { ${edge} } } }`)
    .join('\n')}\n}`;
}

/**
 * The relationships (first page of each) of several entities, a few entities per request, optionally with
 * the entities at their other ends. Used to draw ties between entities on screen and to expand many at once.
 */
export async function fetchRelationshipsOf(ids: string[], withNeighbours = false): Promise<Map<string, RelationshipsPage>> {
  const batches: string[][] = [];
  for (let start = 0; start < ids.length; start += LINK_BATCH) batches.push(ids.slice(start, start + LINK_BATCH));
  type Answer = Record<string, { relationships: { pageInfo: { hasNextPage: boolean }; edges: Array<{ node: RawRelationship; other?: EntityRecord }> } } | null>;
  const answers = await Promise.all(
    batches.map((batch) =>
      graphql<Answer>(
        relationshipsOfQuery(batch.length, withNeighbours),
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
      });
    }),
  );
  return result;
}
