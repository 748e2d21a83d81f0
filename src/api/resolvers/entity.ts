/**
 * Resolvers shared by every entity type: relationships with evidence, neighbours, mentions. Each goes through
 * the request's DataLoaders, so a list of entities costs one engine round-trip per field, not one per entity.
 */
import type { Entity, Evidence, MentionLink, Relationship, RelationshipEdge } from '../../graph/port';
import { edgeSortKey } from '../../graph/relationship-key';
import type { KindName, RelationshipTypeName } from '../../ontology/ontology';
import type { ApiContext } from '../context';
import { pageSize } from '../limits';
import { connectionOf } from '../pagination';
import { neighborsAsOf, relationshipsAsOf } from '../../knowledge/as-of';
import { entityClaimsField } from './claims';
import { asOfDay } from './timeline';

type Args = Record<string, unknown>;
type DirectionArg = 'OUT' | 'IN' | 'BOTH';

/** The sort key of an edge seen from its entity (the same order the store returns). */
export const edgeKey = (edge: RelationshipEdge) => edgeSortKey(edge.direction, edge.relationship.type, edge.other.id);

const typesArg = (args: Args): RelationshipTypeName[] | undefined => {
  const types = args.types as RelationshipTypeName[] | null | undefined;
  return types && types.length > 0 ? types : undefined;
};

/** Resolvers common to every implementation of the Entity interface. */
export const entityFields = {
  properties: (e: Entity) => e.properties,
  relationships: async (e: Entity, args: Args, ctx: ApiContext) => {
    const first = pageSize(args.first, ctx.config, 'relationships');
    const after = (args.after as string | null) ?? undefined;
    const request = { entityId: e.id, direction: (args.direction as DirectionArg) ?? 'BOTH', types: typesArg(args), first, after };
    const asOf = asOfDay(args);
    // One page, read through the store's paged path (a hub is never read whole); the cursor is the page key.
    // As of a date, the entity's relationships are read whole and filtered (src/knowledge/as-of.ts).
    const page = asOf ? await relationshipsAsOf(ctx.store, e.id, request, asOf) : await ctx.relationshipPages.load(request);
    return connectionOf(
      page,
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
    const request = {
      entityId: e.id,
      direction: (args.direction as DirectionArg) ?? 'BOTH',
      types: typesArg(args),
      kinds: kinds && kinds.length > 0 ? kinds : undefined,
      first,
    };
    const asOf = asOfDay(args);
    return asOf ? neighborsAsOf(ctx.store, e.id, request, asOf) : ctx.neighbors.load(request);
  },
  ...entityClaimsField,
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
