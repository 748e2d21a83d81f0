/**
 * GraphQL object types for the ontology's kinds, generated so that adding a kind is a change in the
 * ontology only. `npm run schema` writes the output to graphql/kinds.graphql; a test keeps them equal.
 */
import { KINDS, RELATIONSHIP_TYPES, kindNames, kindProperties, type KindName, type PropertyType, type RelationshipTypeName } from '../ontology/ontology';

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
  "Entities one relationship away, by name; \`first\` defaults to 20; with \`asOf\`, only over relationships that held by that date."
  neighbors(direction: Direction = BOTH, types: [RelationshipType!], kinds: [EntityKind!], first: Int, asOf: Date): [Entity!]!
  "Source documents that mention this entity."
  sources: [Mention!]!
  "Every value stated for this entity's properties, with its sources and quotes; only of \`property\` when given."
  claims(property: String): [Claim!]!`;

/**
 * A typed field that follows relationships of some types in one direction: a project's participants, an
 * agreement's parties, a person's affiliations. Tie types carry the entity at the other end, the stated role
 * and the evidence; `entities` lists the entities at the other end (of `entityType`, when given).
 */
export interface TieField {
  name: string;
  description: string;
  direction: 'OUT' | 'IN';
  types: RelationshipTypeName[];
  returns: 'Participant' | 'Involvement' | 'Affiliation' | 'entities';
  /** For `entities`: the GraphQL type of the items; a kind name also filters the other end to that kind. */
  entityType?: KindName | 'Entity';
}

/** An amount and currency stored as two of the kind's properties, exposed as one `Money`. */
export interface MoneyField {
  name: string;
  description: string;
  amount: string;
  currency: string;
}

const ACTOR_TIES = {
  involvedIn: {
    name: 'involvedIn',
    description: 'Projects, events, agreements and investments this actor takes part in, is party to, carries out or invests in.',
    direction: 'OUT',
    types: ['PARTICIPATES_IN', 'PARTY_TO', 'IMPLEMENTS', 'INVESTOR_IN'],
    returns: 'Involvement',
  },
  affiliations: {
    name: 'affiliations',
    description: 'Countries, organizations and groups this actor serves, represents or belongs to, with the role stated.',
    direction: 'OUT',
    types: ['ENVOY_OF', 'OFFICIAL_OF', 'MEMBER_OF', 'REPRESENTS'],
    returns: 'Affiliation',
  },
} as const satisfies Record<string, TieField>;

const sectors = (description: string): TieField => ({
  name: 'sectors',
  description,
  direction: 'OUT',
  types: ['IN_SECTOR'],
  returns: 'entities',
  entityType: 'Sector',
});

/** The typed relationship fields of each kind; the ontology decides which kinds a relationship may join. */
export const KIND_TIES: Partial<Record<KindName, TieField[]>> = {
  Person: [ACTOR_TIES.affiliations, ACTOR_TIES.involvedIn],
  Group: [ACTOR_TIES.affiliations, ACTOR_TIES.involvedIn],
  Organization: [ACTOR_TIES.affiliations, ACTOR_TIES.involvedIn],
  Country: [
    ACTOR_TIES.involvedIn,
    { ...ACTOR_TIES.affiliations, description: 'Organizations this country belongs to.' },
  ],
  Project: [
    {
      name: 'participants',
      description: 'Actors that take part in or carry out the project (PARTICIPATES_IN, IMPLEMENTS), each with its role and evidence.',
      direction: 'IN',
      types: ['PARTICIPATES_IN', 'IMPLEMENTS'],
      returns: 'Participant',
    },
    { name: 'partOf', description: 'Larger projects or places this project belongs to (PART_OF).', direction: 'OUT', types: ['PART_OF'], returns: 'entities', entityType: 'Entity' },
    { name: 'parts', description: 'Components of this project (PART_OF pointing here).', direction: 'IN', types: ['PART_OF'], returns: 'entities', entityType: 'Entity' },
    { name: 'fundedBy', description: 'Investments that go into this project (FUNDS).', direction: 'IN', types: ['FUNDS'], returns: 'entities', entityType: 'Investment' },
    sectors('Fields of activity the project belongs to.'),
  ],
  Agreement: [
    { name: 'parties', description: 'Countries and organizations party to the agreement (PARTY_TO), each with its role and evidence.', direction: 'IN', types: ['PARTY_TO'], returns: 'Participant' },
    { name: 'implementers', description: 'Organizations or countries that carry the agreement out (IMPLEMENTS).', direction: 'IN', types: ['IMPLEMENTS'], returns: 'Participant' },
    sectors('Fields of activity the agreement covers.'),
  ],
  Event: [
    { name: 'participants', description: 'Actors that take part in the event (PARTICIPATES_IN), each with its role and evidence.', direction: 'IN', types: ['PARTICIPATES_IN'], returns: 'Participant' },
    { name: 'heldIn', description: 'Where the event takes place (HELD_IN).', direction: 'OUT', types: ['HELD_IN'], returns: 'entities', entityType: 'Entity' },
    sectors('Fields of activity the event concerns.'),
  ],
  Investment: [
    { name: 'investors', description: 'Who makes the investment (INVESTOR_IN), each with its standing and evidence.', direction: 'IN', types: ['INVESTOR_IN'], returns: 'Participant' },
    { name: 'funds', description: 'Places or projects the money goes into (FUNDS).', direction: 'OUT', types: ['FUNDS'], returns: 'entities', entityType: 'Entity' },
  ],
};

/** The tie fields of `kind`, each keeping only the relationship types the ontology lets that kind have on its side. */
export function kindTies(kind: KindName): TieField[] {
  return (KIND_TIES[kind] ?? [])
    .map((tie) => ({
      ...tie,
      types: tie.types.filter((t) => ((tie.direction === 'OUT' ? RELATIONSHIP_TYPES[t].from : RELATIONSHIP_TYPES[t].to) as readonly string[]).includes(kind)),
    }))
    .filter((tie) => tie.types.length > 0);
}

/** Money fields of each kind, from its `amount`/`currency`-style properties. */
export const KIND_MONEY: Partial<Record<KindName, MoneyField[]>> = {
  Agreement: [{ name: 'value', description: 'What the agreement is worth, e.g. 25000000000 USD.', amount: 'amount', currency: 'currency' }],
  Investment: [
    { name: 'value', description: 'Amount invested so far.', amount: 'amount', currency: 'currency' },
    { name: 'expectedValue', description: 'Total amount expected to be invested.', amount: 'expectedAmount', currency: 'currency' },
  ],
};

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
      ...(KIND_MONEY[kind] ?? []).map((m) => `  ${sdlString(m.description)}\n  ${m.name}: Money`),
    ],
  ]),
);

/** The SDL of graphql/kinds.graphql. */
export function kindTypeDefs(): string {
  const blocks = kindNames.map((kind) => {
    const own = Object.entries(kindProperties(kind)).map(
      ([name, spec]) => `  "${spec.description.replace(/"/g, '\\"')}"\n  ${name}: ${GRAPHQL_TYPES[spec.type]}`,
    );
    const extra = KIND_EXTRA_FIELDS[kind] ?? [];
    return `"${KINDS[kind].description.replace(/"/g, '\\"')}"\ntype ${kind} implements Entity {\n${[INTERFACE_FIELDS, ...own, ...extra].join('\n')}\n}`;
  });
  return `# Generated from src/ontology/ontology.ts by \`npm run schema\`; do not edit by hand.\n\n${blocks.join('\n\n')}\n`;
}
