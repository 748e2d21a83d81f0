/**
 * Sources as first-class: the newest-first list (a Relay connection), what each source states (counts, and its
 * relationships with the place of each quote), and the ontology's relationship rules for reviewing a draft.
 */
import DataLoader from 'dataloader';
import { sourceCursorKey } from '../../graph/cursor';
import type { Relationship, SourceCounts } from '../../graph/port';
import { RELATIONSHIP_TYPES, relationshipTypeNames } from '../../ontology/ontology';
import { QuoteFinder } from '../../text/quote-span';
import { KgError } from '../../errors';
import type { ApiContext } from '../context';
import type { Resolvers } from '../generated/graphql';
import { pageSize } from '../limits';
import { connectionOf } from '../pagination';

/** A `publishedAfter`/`publishedBefore` argument: a real calendar date written YYYY-MM-DD, or absent. */
export function publishedBound(value: unknown, argument: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== text) {
    throw new KgError('BAD_USER_INPUT', `${argument} must be a date written YYYY-MM-DD, e.g. 2023-05-17 (got "${text}")`, { argument });
  }
  return text;
}

/** Per-request loaders of what sources state, so a page of sources costs one read per field however many ask. */
const loaders = new WeakMap<ApiContext, { counts: DataLoader<string, SourceCounts>; statements: DataLoader<string, Relationship[]> }>();
const loadersOf = (ctx: ApiContext) => {
  let found = loaders.get(ctx);
  if (!found) {
    found = { counts: new DataLoader((ids) => ctx.store.sourceCounts(ids)), statements: new DataLoader((ids) => ctx.store.relationshipsStatedBy(ids)) };
    loaders.set(ctx, found);
  }
  return found;
};
const countsOf = (ctx: ApiContext, id: string) => loadersOf(ctx).counts.load(id);

export const sourceResolvers = {
  Query: {
    sources: async (_, args, ctx) => {
      const first = pageSize(args.first, ctx.config, 'sources');
      const publishedAfter = publishedBound(args.publishedAfter, 'publishedAfter');
      const publishedBefore = publishedBound(args.publishedBefore, 'publishedBefore');
      if (publishedAfter && publishedBefore && publishedAfter > publishedBefore) {
        throw new KgError('BAD_USER_INPUT', `publishedAfter (${publishedAfter}) is later than publishedBefore (${publishedBefore}): no source can match`, { argument: 'publishedAfter' });
      }
      const after = args.after ?? undefined;
      const page = await ctx.store.listSources({ first, after, publishedAfter, publishedBefore });
      page.items.forEach((s) => ctx.sources.prime(s.id, s));
      return connectionOf(page, sourceCursorKey, (node) => ({ node }), after);
    },
    relationshipRules: () =>
      relationshipTypeNames.map((type) => ({
        type,
        from: [...RELATIONSHIP_TYPES[type].from],
        to: [...RELATIONSHIP_TYPES[type].to],
        description: RELATIONSHIP_TYPES[type].description,
      })),
  },
  Source: {
    entityCount: async (s, _a, ctx) => (await countsOf(ctx, s.id)).entities,
    relationshipCount: async (s, _a, ctx) => (await countsOf(ctx, s.id)).relationships,
    statements: async (s, _a, ctx) => {
      const relationships = await loadersOf(ctx).statements.load(s.id);
      const finder = new QuoteFinder(s.text);
      return relationships.map((relationship) => ({
        relationship,
        quotes: relationship.evidence
          .filter((e) => e.sourceId === s.id)
          .map(({ quote }) => {
            const span = finder.spans(quote)[0];
            return { quote, start: span?.start ?? null, end: span?.end ?? null };
          }),
      }));
    },
  },
} satisfies Resolvers;
