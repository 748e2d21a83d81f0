/**
 * The GraphQL SDL derived from the ontology when the schema is built: the EntityKind and RelationshipType enums and
 * one object type per kind (the Entity interface's fields, the kind's own properties, its typed fields). Adding a kind
 * or a typed field is a change in the ontology file only.
 */
import { KINDS, RELATIONSHIP_TYPES, kindNames, kindProperties, relationshipTypeNames, type KindName, type MoneyField, type PropertyType, type TieField } from '../ontology/ontology';

export type { MoneyField, TieField };

const GRAPHQL_TYPES: Record<PropertyType, string> = {
  string: 'String',
  number: 'Float',
  boolean: 'Boolean',
  'string[]': '[String!]',
};

/** Fields every entity type repeats from the Entity interface. */
const INTERFACE_FIELDS = `  "Stable, human-readable slug id."
  id: ID!
  "The entity's kind."
  kind: EntityKind!
  "Name as the sources write it."
  name: String!
  "Other names the sources use."
  aliases: [String!]!
  "One-sentence description drawn from the sources."
  description: String
  "The kind's own properties (amounts, status, role …)."
  properties: JSON!
  "Relationships of this entity, each with the entity at the other end and its evidence; \`first\` defaults to 20; with \`asOf\`, only those that held, or had been stated, by that date."
  relationships(direction: Direction = BOTH, types: [RelationshipType!], first: Int, after: String, asOf: Date): RelationshipConnection!
  "Entities one relationship away, by name then id, as a Relay connection; \`first\` defaults to 20; with \`asOf\`, only over relationships that held by that date."
  neighbors(direction: Direction = BOTH, types: [RelationshipType!], kinds: [EntityKind!], first: Int, after: String, asOf: Date): NeighborConnection!
  "Source documents that mention this entity."
  sources: [Mention!]!
  "Every value stated for this entity's properties, with its sources and quotes; only of \`property\` when given."
  claims(property: String): [Claim!]!`;

/** The tie fields of `kind` (declared under the kind's `fields` in the ontology file). */
export function kindTies(kind: KindName): TieField[] {
  return KINDS[kind]?.ties ?? [];
}

/** The money fields of `kind`, each reading an amount and a currency property as one `Money`. */
export function kindMoney(kind: KindName): MoneyField[] {
  return KINDS[kind]?.money ?? [];
}

const sdlString = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Extra typed fields some kinds carry (SDL lines), resolved in resolvers/kinds.ts. */
export const KIND_EXTRA_FIELDS: Partial<Record<string, string[]>> = Object.fromEntries(
  kindNames.map((kind) => [
    kind,
    [
      ...kindTies(kind).map(
        (t) =>
          `  ${sdlString(`${t.description} The first \`first\` (default 20); page further with \`relationships(types:, direction:)\`.`)}\n` +
          `  ${t.name}(first: Int): [${t.returns === 'entities' ? t.entityType ?? 'Entity' : t.returns}!]!`,
      ),
      ...kindMoney(kind).map((m) => `  ${sdlString(m.description)}\n  ${m.name}: Money`),
    ],
  ]),
);

/** The kinds' object types (SDL). */
export function kindTypeDefs(): string {
  const blocks = kindNames.map((kind) => {
    const own = Object.entries(kindProperties(kind)).map(([name, spec]) => `  ${sdlString(spec.description)}\n  ${name}: ${GRAPHQL_TYPES[spec.type]}`);
    const extra = KIND_EXTRA_FIELDS[kind] ?? [];
    return `${sdlString(KINDS[kind]!.description)}\ntype ${kind} implements Entity {\n${[INTERFACE_FIELDS, ...own, ...extra].join('\n')}\n}`;
  });
  return `${blocks.join('\n\n')}\n`;
}

/** The EntityKind and RelationshipType enums (SDL), in the ontology's order, each value with its description. */
export function ontologyEnumTypeDefs(): string {
  const values = (names: readonly string[], describe: (name: string) => string) => names.map((n) => `  ${sdlString(describe(n))}\n  ${n}`).join('\n');
  return [
    `"What kind of thing an entity is (the ontology's node kinds)."\nenum EntityKind {\n${values(kindNames, (k) => KINDS[k]!.description)}\n}`,
    `"The typed relationships of the ontology; each is directed."\nenum RelationshipType {\n${values(relationshipTypeNames, (t) => RELATIONSHIP_TYPES[t]!.description)}\n}`,
    '',
  ].join('\n\n');
}

/** The names of the connection and edge types of a kind's root list (`ProjectConnection`, `ProjectEdge` …). */
export function kindListTypeNames(kind: KindName): { connection: string; edge: string } {
  return { connection: `${kind}Connection`, edge: `${kind}Edge` };
}

/**
 * The root query fields that list a kind (the ontology's `list`: `projects(participant:, first:, after:)` …), each a
 * Relay connection of its own type so `node` stays the kind's type; `totalCount` is null when filtered by an entity.
 */
export function kindListTypeDefs(): string {
  const listed = kindNames.flatMap((kind) => {
    const list = KINDS[kind]!.list;
    return list ? [{ kind, list, ...kindListTypeNames(kind) }] : [];
  });
  if (listed.length === 0) return '';
  const fields = listed.map(({ list, connection }) => `  ${sdlString(list.description)}\n  ${list.field}(${list.filter}: ID, first: Int, after: String): ${connection}!`);
  const types = listed.map(
    ({ kind, list, connection, edge }) =>
      `${sdlString(`A ${kind} in a page of \`${list.field}\`.`)}\ntype ${edge} {\n  "Opaque cursor for pagination."\n  cursor: String!\n  ${sdlString(`The ${kind}.`)}\n  node: ${kind}!\n}\n\n` +
      `${sdlString(`A page of \`${list.field}\`, in id order.`)}\ntype ${connection} {\n  ${sdlString(`The ${kind} entities of this page, each with its cursor.`)}\n  edges: [${edge}!]!\n  "Where this page sits."\n  pageInfo: PageInfo!\n` +
      `  ${sdlString(`How many ${kind} entities there are in all; null when \`${list.filter}\` is given (counting an entity's ties costs what reading them does).`)}\n  totalCount: Int\n}`,
  );
  return `\nextend type Query {\n${fields.join('\n')}\n}\n\n${types.join('\n\n')}\n`;
}

/** Every SDL the ontology contributes to the served schema. */
export function ontologyTypeDefs(): string {
  return `${ontologyEnumTypeDefs()}${kindTypeDefs()}${kindListTypeDefs()}`;
}
