/**
 * Resolvers shared by every entity type: relationships with evidence, neighbours, mentions.
 */
import { encodeCursor } from '../../graph/cypher-store';
import type { Entity, Evidence, Relationship } from '../../graph/port';
import { kindNames, kindProperties } from '../../ontology/ontology';
import type { ApiContext } from '../context';
import { pageSize } from '../limits';

type Args = Record<string, unknown>;

/** Resolvers common to every implementation of the Entity interface. */
export const entityFields = {
  properties: (e: Entity) => e.properties,
  relationships: async (e: Entity, args: Args, ctx: ApiContext) => {
    const first = pageSize(args.first, ctx.config);
    const page = await ctx.store.relationshipsOf(e.id, {
      direction: (args.direction as 'OUT' | 'IN' | 'BOTH') ?? 'BOTH',
      types: args.types as never,
      first,
      after: (args.after as string | null) ?? undefined,
    });
    const edges = page.items.map((edge) => {
      ctx.entities.prime(edge.other.id, edge.other);
      return {
        cursor: encodeCursor(`${edge.direction}|${edge.relationship.type}|${edge.other.id}`),
        direction: edge.direction,
        type: edge.relationship.type,
        properties: edge.relationship.properties,
        other: edge.other,
        evidence: edge.relationship.evidence,
        node: edge.relationship,
      };
    });
    return {
      edges,
      totalCount: page.totalCount,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: Boolean(args.after),
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    };
  },
  neighbors: async (e: Entity, args: Args, ctx: ApiContext) => {
    const found = await ctx.store.neighbors(e.id, {
      direction: (args.direction as 'OUT' | 'IN' | 'BOTH') ?? 'BOTH',
      types: args.types as never,
      kinds: args.kinds as never,
      first: pageSize(args.first, ctx.config),
    });
    for (const n of found) ctx.entities.prime(n.id, n);
    return found;
  },
  sources: (e: Entity, _args: Args, ctx: ApiContext) => ctx.store.sourcesMentioning(e.id),
};

/** One resolver map per kind type: the interface fields plus the kind's own properties. */
export function kindResolvers(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    kindNames.map((kind) => {
      const own = Object.fromEntries(Object.keys(kindProperties(kind)).map((p) => [p, (e: Entity) => e.properties[p] ?? null]));
      return [kind, { ...entityFields, ...own }];
    }),
  );
}

export const relationshipResolvers = {
  Relationship: {
    from: (r: Relationship, _a: Args, ctx: ApiContext) => ctx.entities.load(r.from),
    to: (r: Relationship, _a: Args, ctx: ApiContext) => ctx.entities.load(r.to),
  },
  Evidence: {
    source: (e: Evidence, _a: Args, ctx: ApiContext) => ctx.sources.load(e.sourceId),
  },
  Source: {
    mentions: (s: { id: string }, _a: Args, ctx: ApiContext) => ctx.store.entitiesMentionedBy(s.id),
  },
  Entity: {
    __resolveType: (e: Entity) => e.kind,
  },
};
