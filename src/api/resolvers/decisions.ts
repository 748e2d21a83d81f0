/**
 * Analysts' decisions over GraphQL: `mergeEntities` and `keepApart` (admin token), `decisions`, and on every entity
 * `redirectedFrom` (the merged id `entity(id:)` followed) and `merges` (the decisions that merged others into it).
 */
import DataLoader from 'dataloader';
import type { Decision } from '../../graph/decisions';
import { kindNames } from '../../ontology/ontology';
import { entityOrSurvivor, keepApart, mergeEntities } from '../../knowledge/decisions';
import type { ApiContext } from '../context';
import type { EntityResolvers, QueryEntityArgs, Resolvers } from '../generated/graphql';
import type { RedirectableEntity, ShownDecision } from '../models';
import { stored } from '../errors';
import { pageSize } from '../limits';
import { connectionOf, pageAfterItem } from '../pagination';
import { requireAdmin } from './ingest';

const ENTITY_FIELDS = `
  "The id asked for, when it named an entity since merged into this one (\`entity(id:)\` follows merges); null otherwise."
  redirectedFrom: ID
  "Merges of other entities into this one: who, when, why, and each merged entity as it was (a stored merge still waiting for its replay is not listed)."
  merges: [Decision!]!`;

/** The fields decisions add to the Entity interface and to every kind's type (derived from the ontology's kinds). */
export function decisionTypeDefs(): string {
  return [`extend interface Entity {${ENTITY_FIELDS}\n}`, ...kindNames.map((kind) => `extend type ${kind} {${ENTITY_FIELDS}\n}`)].join('\n');
}

/** Each action's name in the schema. */
const ACTION_NAMES: Record<Decision['action'], ShownDecision['action']> = { merge: 'MERGE', 'keep-apart': 'KEEP_APART', 'prefer-claim': 'PREFER_CLAIM' };

/** A decision as the schema shows it. */
function toGraphQL(d: Decision): ShownDecision {
  return { ...d, action: ACTION_NAMES[d.action], analyst: d.actor };
}

/** `entity(id:)`: the entity by id, or the survivor a merged id now names (saying so in `redirectedFrom`). */
export async function entityFollowingMerges(_: unknown, args: QueryEntityArgs, ctx: ApiContext): Promise<RedirectableEntity | null> {
  const id = args.id;
  const found = await ctx.entities.load(id);
  if (found) return found;
  const redirect = await entityOrSurvivor(ctx.store, id);
  return redirect ? { ...redirect.entity, redirectedFrom: id } : null;
}

/** Per request, the merges into each entity asked for, read for all of one level in one query (a list of entities costs one read). */
const mergesOfRequest = new WeakMap<ApiContext, DataLoader<string, Decision[]>>();

function mergesInto(ctx: ApiContext): DataLoader<string, Decision[]> {
  let loader = mergesOfRequest.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const merges = (await ctx.store.decisions({ subjects: ids })).filter((d) => d.action === 'merge' && ids.includes(d.subjects[0]));
      // A stored merge whose merged entity is still there waits for its replay (or could not be made): not a merge yet.
      const waiting = new Set((await ctx.store.getEntities(merges.map((d) => d.subjects[1]))).flatMap((e) => (e ? [e.id] : [])));
      return ids.map((id) => merges.filter((d) => d.subjects[0] === id && !waiting.has(d.subjects[1])));
    });
    mergesOfRequest.set(ctx, loader);
  }
  return loader;
}

const entityFields = {
  redirectedFrom: (e) => e.redirectedFrom ?? null,
  merges: async (e, _a, ctx) => (await mergesInto(ctx).load(e.id)).map(toGraphQL),
} satisfies Pick<EntityResolvers, 'redirectedFrom' | 'merges'>;

export const decisionResolvers = {
  Query: {
    decisions: async (_, args, ctx) => {
      const first = pageSize(args.first, ctx.config, 'decisions');
      const entity = args.entity ?? undefined;
      const after = args.after ?? undefined;
      // Every decision is read (there are as many as analysts made): the page is cut here, the total known.
      const list = await ctx.store.decisions(entity ? { subjects: [entity] } : {});
      return connectionOf(pageAfterItem(list, (d) => d.id, first, after), (d) => d.id, (d) => ({ node: toGraphQL(d) }), after);
    },
  },
  Mutation: {
    mergeEntities: async (_, args, ctx) => {
      requireAdmin(ctx, 'merging entities');
      const { decision, summary } = await mergeEntities(ctx.store, {
        keep: args.keep,
        merge: args.merge,
        actor: args.analyst ?? 'admin',
        reason: args.reason ?? null,
      });
      ctx.entities.clearAll();
      const survivor = await stored(ctx.entities.load(decision.subjects[0]), `entity ${decision.subjects[0]}`);
      return { decision: toGraphQL(decision), survivor, ...summary };
    },
    keepApart: async (_, args, ctx) => {
      requireAdmin(ctx, 'keeping entities apart');
      return toGraphQL(await keepApart(ctx.store, { a: args.a, b: args.b, actor: args.analyst ?? 'admin', reason: args.reason ?? null }));
    },
  },
  IngestReport: {
    decisionsReplayed: (r) => r.decisions?.replayed ?? [],
    decisionsRefused: (r) => r.decisions?.refused ?? [],
  },
  Decision: {
    survivor: async (d, _a, ctx) => (d.action === 'MERGE' ? (await entityOrSurvivor(ctx.store, d.subjects[0]))?.entity ?? null : null),
  },
  ...Object.fromEntries(kindNames.map((kind) => [kind, entityFields])),
} satisfies Resolvers;
