/**
 * The per-kind types: the interface fields, the kind's own properties, and the typed ties declared in
 * the ontology file (a project's participants, an agreement's parties and value, a person's affiliations);
 * plus the root lists the ontology declares (`projects`, `agreements` … in the default) that carry them.
 */
import { decodeCursor } from '../../graph/cursor';
import type { Entity, RelationshipEdge } from '../../graph/port';
import { KINDS, kindNames, kindProperties, type KindName, type RelationshipTypeName } from '../../ontology/ontology';
import type { ApiContext } from '../context';
import type { EntityResolvers, ResolverFn } from '../generated/graphql';
import type { RedirectableEntity } from '../models';
import { notFound } from '../errors';
import { kindMoney, kindTies, type MoneyField, type TieField } from '../kind-types';
import { pageSize } from '../limits';
import { connectionOf, pageOfRead, type ConnectionPage } from '../pagination';
import { entityFields } from './entity';

/**
 * A kind's own fields (its properties, ties and money), typed once for every kind: which fields a kind has depends
 * on the ontology in use, so the generated per-kind types (the shipped default's) cannot name them.
 */
type KindField = ResolverFn<unknown, RedirectableEntity, ApiContext, { first?: number | null }>;

/** The resolvers of one kind's type: the Entity interface's fields and the kind's own. */
export type KindResolvers = Omit<EntityResolvers, '__resolveType'> & { [field: string]: unknown };

/** The arguments of a root list of a kind: a page, and the entity its `filter` argument names. */
type KindListArgs = { first?: number | null; after?: string | null } & { [filter: string]: string | number | null | undefined };

/** A tie as Participant / Involvement / Affiliation: the other end, the stated role, the type and the quotes. */
function tieOf(edge: RelationshipEdge) {
  const { properties } = edge.relationship;
  return {
    entity: edge.other,
    role: (properties.role ?? properties.rank ?? null) as string | null,
    type: edge.relationship.type,
    evidence: edge.relationship.evidence,
    relationship: edge.relationship,
  };
}

/**
 * A typed field reads its first `first` ties from the store's paged path: ties in relationship key order, entities
 * (distinct, of the field's kind) in id order. Further ones page through `relationships(types:, direction:)`.
 */
function tieResolver(tie: TieField): KindField {
  return async (e, args, ctx) => {
    const first = pageSize(args.first, ctx.config, tie.name);
    if (tie.returns !== 'entities') {
      const page = await ctx.relationshipPages.load({ entityId: e.id, direction: tie.direction, types: tie.types, first });
      return page.items.map(tieOf);
    }
    const wanted = tie.entityType && tie.entityType !== 'Entity' ? tie.entityType : undefined;
    return ctx.neighbors.load({ entityId: e.id, direction: tie.direction, types: tie.types, kinds: wanted ? [wanted] : undefined, first, order: { by: 'id' } });
  };
}

function moneyResolver(money: MoneyField): KindField {
  return (e) => {
    const amount = e.properties[money.amount];
    const currency = e.properties[money.currency];
    return typeof amount === 'number' && typeof currency === 'string' ? { amount, currency } : null;
  };
}

/** One resolver map per kind type: the interface fields, the kind's own properties, its ties and money. */
export function kindResolvers(): Record<KindName, KindResolvers> {
  return Object.fromEntries(
    kindNames.map((kind) => {
      const own = Object.fromEntries(Object.keys(kindProperties(kind)).map((p): [string, KindField] => [p, (e) => e.properties[p] ?? null]));
      const ties = Object.fromEntries(kindTies(kind).map((t) => [t.name, tieResolver(t)]));
      const money = Object.fromEntries(kindMoney(kind).map((m) => [m.name, moneyResolver(m)]));
      return [kind, { ...entityFields, ...own, ...ties, ...money }];
    }),
  );
}

/** A page of a root list of a kind: its entities as edges; the total only when the list is not filtered. */
type KindConnection = ConnectionPage<{ node: Entity }, number | undefined>;

/**
 * Entities of one kind in id order, as a Relay connection (the cursor is the id, by the one cursor codec). With
 * `tiedTo`, only those that entity reaches through `tieTypes` (e.g. the projects Russia takes part in), read from its
 * relationships' paged path with one more than asked to know whether a next page exists (no total: a hub's would
 * cost a read of all its ties).
 */
async function listOfKind(
  kind: KindName,
  list: { field: string; filter: string; types: RelationshipTypeName[] },
  args: KindListArgs,
  ctx: ApiContext,
): Promise<KindConnection> {
  const first = pageSize(args.first, ctx.config, list.field);
  const after = args.after ?? undefined;
  const afterId = decodeCursor(after);
  const filter = args[list.filter];
  const tiedTo = filter === null || filter === undefined ? undefined : String(filter);
  if (tiedTo !== undefined) {
    if (!(await ctx.entities.load(tiedTo))) throw notFound(`no entity has the id "${tiedTo}"`, list.filter);
    const read = await ctx.neighbors.load({ entityId: tiedTo, direction: 'OUT', types: list.types, kinds: [kind], first: first + 1, order: { by: 'id', after: afterId } });
    return connectionOf<Entity, { node: Entity }, number | undefined>(pageOfRead(read, first), entityId, (node) => ({ node }), after);
  }
  const page = await ctx.store.listEntities({ kinds: [kind], first, after });
  for (const e of page.items) ctx.entities.prime(e.id, e);
  return connectionOf<Entity, { node: Entity }, number | undefined>(page, entityId, (node) => ({ node }), after);
}

/** An entity's cursor key in a list by id. */
const entityId = (e: Entity) => e.id;

/** The root lists of kinds the ontology declares (`projects(participant:)` …), each from its kind's `list`. */
export function relationalQueryResolvers(): { Query: Record<string, ResolverFn<Promise<KindConnection>, unknown, ApiContext, KindListArgs>> } {
  const fields = kindNames.flatMap((kind) => {
    const list = KINDS[kind]!.list;
    return list ? [[list.field, (_: unknown, args: KindListArgs, ctx: ApiContext) => listOfKind(kind, list, args, ctx)] as const] : [];
  });
  return { Query: Object.fromEntries(fields) };
}
