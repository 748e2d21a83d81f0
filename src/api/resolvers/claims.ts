/**
 * Claims over GraphQL: every value stated for a property with its sources and quotes, the current one marked,
 * corroboration counts, conflicts, and an analyst's preferred mark (admin token). Claims of a level of the query
 * are read together: one engine round-trip per level, not one per entity or relationship.
 */
import DataLoader from 'dataloader';
import { RELATIONSHIP_TIME, corroboration } from '../../graph/claim-rule';
import type { Claim, Relationship } from '../../graph/port';
import { parseRelationshipId } from '../../graph/relationship-key';
import { KgError } from '../../errors';
import type { ApiContext } from '../context';
import type { EntityResolvers, Resolvers } from '../generated/graphql';
import { notFound, stored } from '../errors';
import { pageSize } from '../limits';
import { connectionOf, pageOfRead } from '../pagination';
import { decodePairCursor, pairCursorKey } from '../../graph/cursor';
import { requireAdmin } from './ingest';

/** Longest name and reason a preferred mark keeps (a mark is a note, not a document). */
const MARK_BY_MAX = 200;
const MARK_WHY_MAX = 2000;

const loaders = new WeakMap<ApiContext, DataLoader<string, Claim[]>>();

/** The request's claims loader (made on first use, so requests that never ask for claims pay nothing). */
export function claimsLoader(ctx: ApiContext): DataLoader<string, Claim[]> {
  let loader = loaders.get(ctx);
  if (!loader) loaders.set(ctx, (loader = new DataLoader((subjects) => ctx.store.claimsOf(subjects))));
  return loader;
}

/** A subject's claims, the current one of each property first, only of `property` when given. */
async function claimsAbout(ctx: ApiContext, subject: string, property: string | null | undefined): Promise<Claim[]> {
  const claims = await claimsLoader(ctx).load(subject);
  return typeof property === 'string' ? claims.filter((c) => c.property === property) : claims;
}

/** The current time claim's span of a relationship; null when no source dates it. */
async function timeOf(ctx: ApiContext, relationship: Relationship) {
  return (await claimsLoader(ctx).load(relationship.id)).find((c) => c.property === RELATIONSHIP_TIME && c.current)?.time ?? null;
}

/** Distinct sources among a relationship's quotes. */
const statedBy = (relationship: Relationship) => new Set(relationship.evidence.map((e) => e.sourceId)).size;

export const claimResolvers = {
  Claim: {
    sources: (c) => c.sources,
    corroboration: (c) => corroboration(c),
    current: (c) => c.current ?? false,
  },
  ClaimSource: {
    source: (s, _a, ctx) => stored(ctx.sources.load(s.sourceId), `source ${s.sourceId}`),
  },
  Relationship: {
    claims: (r, args, ctx) => claimsAbout(ctx, r.id, args.property),
    corroboration: (r) => statedBy(r),
    time: (r, _a, ctx) => timeOf(ctx, r),
  },
  RelationshipEdge: {
    corroboration: (e) => statedBy(e.node),
    time: (e, _a, ctx) => timeOf(ctx, e.node),
  },
  Conflict: {
    entity: (c, _a, ctx) => (parseRelationshipId(c.subject) ? null : ctx.entities.load(c.subject)),
    relationship: async (c, _a, ctx) => (parseRelationshipId(c.subject) ? (await ctx.store.getRelationships([c.subject]))[0] : null),
  },
  Query: {
    claims: (_, args, ctx) => claimsAbout(ctx, args.subject, args.property),
    conflicts: async (_, args, ctx) => {
      const first = pageSize(args.first, ctx.config, 'conflicts');
      const after = args.after ?? undefined;
      const [subject, property] = decodePairCursor(after, 'conflicts') ?? [];
      // One more than asked says whether a next page exists.
      const read = await ctx.store.conflicts({ first: first + 1, after: subject === undefined || property === undefined ? undefined : { subject, property } });
      return connectionOf(pageOfRead(read, first), (c) => pairCursorKey(c.subject, c.property), (node) => ({ node }), after);
    },
  },
  Mutation: {
    preferClaim: async (_, args, ctx) => {
      requireAdmin(ctx, 'preferring a claim');
      const by = args.by.trim();
      if (!by) throw new KgError('BAD_USER_INPUT', '`by` must name who prefers the claim', { argument: 'by' });
      if (by.length > MARK_BY_MAX) throw new KgError('BAD_USER_INPUT', `\`by\` may be at most ${MARK_BY_MAX} characters`, { argument: 'by' });
      const why = args.why?.trim() || null;
      if (why && why.length > MARK_WHY_MAX) throw new KgError('BAD_USER_INPUT', `\`why\` may be at most ${MARK_WHY_MAX} characters`, { argument: 'why' });
      const claim = await ctx.store.preferClaim(args.claim, { by, at: new Date().toISOString(), why });
      if (!claim) throw notFound(`no claim has the id "${args.claim}" (argument \`claim\`)`, 'claim');
      return claim;
    },
  },
} satisfies Resolvers;

/** The `claims` field every entity type has. */
export const entityClaimsField = {
  claims: (e, args, ctx) => claimsAbout(ctx, e.id, args.property),
} satisfies Pick<EntityResolvers, 'claims'>;

