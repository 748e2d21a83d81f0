/**
 * Time over GraphQL: the `Date` scalar, an entity's `timeline`, and `asOf` on relationships, neighbours, paths and
 * connections (only what held, or had been stated, by that date; the rule is src/knowledge/as-of.ts).
 */
import { GraphQLScalarType, Kind } from 'graphql';
import { KgError } from '../../errors';
import { STATED_DATE_RULE, datePrecision, periodEnd, periodStart } from '../../knowledge/dates';
import { timelineOf } from '../../knowledge/timeline';
import type { Resolvers } from '../generated/graphql';
import { notFound } from '../errors';

/** A date as GraphQL takes it: a real day, month or year, kept as written. */
function checkedDate(value: unknown): string {
  if (typeof value !== 'string' || !datePrecision(value)) throw new KgError('BAD_USER_INPUT', `a Date ${STATED_DATE_RULE}; got ${JSON.stringify(value)}`);
  return value;
}

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A date: YYYY-MM-DD, or YYYY-MM / YYYY where only the month or year is meant.',
  serialize: (value) => checkedDate(value),
  parseValue: (value) => checkedDate(value),
  parseLiteral: (ast) => checkedDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

/** The last day an `asOf` date can mean ("by 2023" is by its last day); undefined when no date was given. */
export function asOfDay(args: { asOf?: string | null }): string | undefined {
  return typeof args.asOf === 'string' ? periodEnd(args.asOf) : undefined;
}

export const timelineResolvers = {
  Date: DateScalar,
  Query: {
    timeline: async (_, args, ctx) => {
      const id = args.entity;
      if (!(await ctx.entities.load(id))) throw notFound(`no entity has the id "${id}" (argument \`entity\`)`, 'entity');
      const from = typeof args.from === 'string' ? periodStart(args.from) : undefined;
      const to = typeof args.to === 'string' ? periodEnd(args.to) : undefined;
      if (from && to && to < from) throw new KgError('BAD_USER_INPUT', `\`to\` (${String(args.to)}) lies before \`from\` (${String(args.from)})`, { argument: 'to' });
      return timelineOf(ctx.store, id, { from, to });
    },
  },
} satisfies Resolvers;
