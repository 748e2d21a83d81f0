/**
 * Resolvers shared by every entity type: relationships with evidence, neighbours, mentions. Each goes through
 * the request's DataLoaders, so a list of entities costs one engine round-trip per field, not one per entity.
 */
import type { Entity, Evidence, MentionLink, Relationship, RelationshipEdge } from '../../graph/port';
import type { KindName, RelationshipTypeName } from '../../ontology/ontology';
import type { ApiContext } from '../context';
import { pageSize } from '../limits';
import { connectionOf, pageAfter } from '../pagination';

type Args = Record<string, unknown>;
type DirectionArg = 'OUT' | 'IN' | 'BOTH';

/** The sort key of an edge seen from its entity (the same order the store returns). */
export const edgeKey = (edge: RelationshipEdge) => `${edge.direction}|${edge.relationship.type}|${edge.other.id}`;

const typesArg = (args: Args) => {
  const types = args.types as RelationshipTypeName[] | null | undefined;
  return types && types.length > 0 ? types : undefined;
};

/** Resolvers common to every implementation of the Entity interface. */
export const entityFields = {
  properties: (e: Entity) => e.properties,
  relationships: async (e: Entity, args: Args, ctx: ApiContext) => {
    const first = pageSize(args.first, ctx.config, 'relationships');
    const after = (args.after as string | null) ?? undefined;
    const edges = await ctx.edges.load({ id: e.id, direction: (args.direction as DirectionArg) ?? 'BOTH', types: typesArg(args) });
    return connectionOf(
      pageAfter(edges, edgeKey, first, after),
      edgeKey,
      (edge) => ({
        direction: edge.direction,
        type: edge.relationship.type,
        properties: edge.relationship.properties,
        other: edge.other,
        evidence: edge.relationship.evidence,
        node: edge.relationship,
      }),
      after,
    );
  },
  neighbors: async (e: Entity, args: Args, ctx: ApiContext) => {
    const first = pageSize(args.first, ctx.config, 'neighbors');
    const kinds = args.kinds as KindName[] | null | undefined;
    const edges = await ctx.edges.load({ id: e.id, direction: (args.direction as DirectionArg) ?? 'BOTH', types: typesArg(args) });
    const seen = new Set<string>([e.id]);
    const found: Entity[] = [];
    for (const { other } of edges) {
      if (seen.has(other.id) || (kinds && kinds.length > 0 && !kinds.includes(other.kind))) continue;
      seen.add(other.id);
      found.push(other);
    }
    // Same order as the store's neighbors(): by name, then id.
    found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return found.slice(0, first);
  },
  sources: (e: Entity, _args: Args, ctx: ApiContext) => ctx.mentionsOfEntity.load(e.id),
};

export const relationshipResolvers = {
  Relationship: {
    from: (r: Relationship, _a: Args, ctx: ApiContext) => ctx.entities.load(r.from),
    to: (r: Relationship, _a: Args, ctx: ApiContext) => ctx.entities.load(r.to),
  },
  Evidence: {
    source: (e: Evidence, _a: Args, ctx: ApiContext) => ctx.sources.load(e.sourceId),
  },
  Source: {
    mentions: (s: { id: string }, _a: Args, ctx: ApiContext) => ctx.mentionsOfSource.load(s.id),
  },
  Mention: {
    source: (m: MentionLink, _a: Args, ctx: ApiContext) => ctx.sources.load(m.sourceId),
  },
  SourceMention: {
    entity: (m: MentionLink, _a: Args, ctx: ApiContext) => ctx.entities.load(m.entityId),
  },
  Entity: {
    __resolveType: (e: Entity) => e.kind,
  },
};
