/**
 * Resolvers shared by every entity type: relationships with evidence, neighbours, mentions. Each goes through
 * the request's DataLoaders, so a list of entities costs one engine round-trip per field, not one per entity.
 */
import type { RelationshipEdge } from '../../graph/port';
import { decodePairCursor, pairCursorKey } from '../../graph/cursor';
import { edgeSortKey } from '../../graph/relationship-key';
import type { RelationshipTypeName } from '../../ontology/ontology';
import { stored } from '../errors';
import type { EntityResolvers, Resolvers } from '../generated/graphql';
import { pageSize } from '../limits';
import { connectionOf, pageAfterItem, pageOfRead } from '../pagination';
import { neighborsAsOf, relationshipsAsOf } from '../../knowledge/as-of';
import { entityClaimsField } from './claims';
import { asOfDay } from './timeline';

/** The sort key of an edge seen from its entity (the same order the store returns). */
export const edgeKey = (edge: RelationshipEdge) => edgeSortKey(edge.direction, edge.relationship.type, edge.other.id);

/** The sort key of a neighbour in a listing by name (its cursor's key). */
const neighbourKey = (e: { name: string; id: string }) => pairCursorKey(e.name, e.id);

/** A list argument (types, kinds) where an empty list means no filter, as an absent one does. */
const listArg = <T>(list: T[] | null | undefined): T[] | undefined => (list && list.length > 0 ? list : undefined);

/** The `types` argument: undefined for every type. */
const typesArg = (args: { types?: RelationshipTypeName[] | null }) => listArg(args.types);

/** Resolvers common to every implementation of the Entity interface. */
export const entityFields = {
  properties: (e) => e.properties,
  relationships: async (e, args, ctx) => {
    const first = pageSize(args.first, ctx.config, 'relationships');
    const after = args.after ?? undefined;
    const request = { entityId: e.id, direction: args.direction, types: typesArg(args), first, after };
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
  neighbors: async (e, args, ctx) => {
    const first = pageSize(args.first, ctx.config, 'neighbors');
    const after = args.after ?? undefined;
    const request = { entityId: e.id, direction: args.direction, types: typesArg(args), kinds: listArg(args.kinds) };
    const asOf = asOfDay(args);
    // As of a date, the entity's relationships are read whole and filtered (src/knowledge/as-of.ts): page that list.
    if (asOf) {
      const all = await neighborsAsOf(ctx.store, e.id, { ...request, first: Number.MAX_SAFE_INTEGER }, asOf);
      return connectionOf(pageAfterItem(all, neighbourKey, first, after), neighbourKey, (node) => ({ node }), after);
    }
    const [name, id] = decodePairCursor(after, 'neighbours') ?? [];
    // One more than asked says whether a next page exists, without counting the neighbours of a hub.
    const order = { by: 'name' as const, after: name === undefined || id === undefined ? undefined : { name, id } };
    const read = await ctx.neighbors.load({ ...request, first: first + 1, order });
    return connectionOf(pageOfRead(read, first), neighbourKey, (node) => ({ node }), after);
  },
  ...entityClaimsField,
  sources: (e, _args, ctx) => ctx.mentionsOfEntity.load(e.id),
} satisfies Omit<EntityResolvers, '__resolveType'>;

export const relationshipResolvers = {
  Relationship: {
    from: (r, _a, ctx) => stored(ctx.entities.load(r.from), `entity ${r.from}`),
    to: (r, _a, ctx) => stored(ctx.entities.load(r.to), `entity ${r.to}`),
  },
  Evidence: {
    source: (e, _a, ctx) => stored(ctx.sources.load(e.sourceId), `source ${e.sourceId}`),
  },
  Source: {
    mentions: (s, _a, ctx) => ctx.mentionsOfSource.load(s.id),
  },
  Mention: {
    source: (m, _a, ctx) => stored(ctx.sources.load(m.sourceId), `source ${m.sourceId}`),
  },
  SourceMention: {
    entity: (m, _a, ctx) => stored(ctx.entities.load(m.entityId), `entity ${m.entityId}`),
  },
  Entity: {
    // A kind of the ontology in use; the generated union lists only the shipped default's kinds.
    __resolveType: (e) => e.kind as ReturnType<EntityResolvers['__resolveType']>,
  },
} satisfies Resolvers;
