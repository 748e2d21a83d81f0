/**
 * The ontology: every node kind, every relationship type (with the kinds it may join) and every property.
 * Engine DDL, Neo4j constraints, facts validation and GraphQL coverage checks are all derived from here,
 * so adding a kind or a relationship type is a change in this file only.
 */

export type PropertyType = 'string' | 'number' | 'boolean' | 'string[]';

export interface PropertySpec {
  type: PropertyType;
  description: string;
}

export interface KindSpec {
  description: string;
  properties: Record<string, PropertySpec>;
}

export interface RelationshipSpec {
  description: string;
  from: readonly KindName[];
  to: readonly KindName[];
  properties: Record<string, PropertySpec>;
}

const money = {
  amount: { type: 'number', description: 'Monetary amount in units of `currency` (25000000000, not "$25 billion").' },
  currency: { type: 'string', description: 'ISO 4217 currency code of `amount`.' },
} as const satisfies Record<string, PropertySpec>;

const status = { type: 'string', description: 'Stage as the source states it, e.g. "under construction".' } as const;

export const KINDS = {
  Person: {
    description: 'A named or described individual.',
    properties: { role: { type: 'string', description: 'Office or function as the source gives it.' } },
  },
  Organization: {
    description: 'An institution, agency, company or standing body.',
    properties: { recurrence: { type: 'string', description: 'How often the body meets, e.g. "annual".' } },
  },
  Group: {
    description: 'A collective of actors that the source names without listing them (a delegation, "regional states").',
    properties: {
      size: { type: 'number', description: 'Number of members as stated.' },
      sizeQualifier: { type: 'string', description: 'How exact `size` is, e.g. "about".' },
    },
  },
  Country: { description: 'A sovereign state.', properties: {} },
  Place: {
    description: 'A city, region, site or natural resource with a location.',
    properties: { placeType: { type: 'string', description: 'City, oil fields, region …' } },
  },
  Project: {
    description: 'A piece of work with a goal: infrastructure, a plant, a programme.',
    properties: { status, purpose: { type: 'string', description: 'What the project is for, as stated.' } },
  },
  Agreement: {
    description: 'A memorandum, treaty, contract or deal.',
    properties: { ...money, status, agreementType: { type: 'string', description: 'Memorandum, treaty, contract …' } },
  },
  Event: {
    description: 'Something that happens: an exercise, a meeting, a visit, talks.',
    properties: {
      eventType: { type: 'string', description: 'Exercise, meeting, talks, visit …' },
      recurrence: { type: 'string', description: 'How often it recurs, e.g. "annual".' },
      status,
    },
  },
  Investment: {
    description: 'Money put into something by an actor.',
    properties: {
      ...money,
      expectedAmount: { type: 'number', description: 'Total amount expected, in `currency`.' },
    },
  },
  Policy: {
    description: 'A measure such as a tariff or sanction, proposed or in force.',
    properties: { status },
  },
  Sector: { description: 'A field of activity: energy, transport, banking …', properties: {} },
} as const satisfies Record<string, KindSpec>;

export type KindName = keyof typeof KINDS;

const actor = ['Person', 'Organization', 'Group', 'Country'] as const satisfies readonly KindName[];
const role = { role: { type: 'string', description: 'The part played, as stated.' } } as const;

export const RELATIONSHIP_TYPES = {
  ENVOY_OF: { description: 'A diplomat represents a country.', from: ['Person'], to: ['Country'], properties: {} },
  POSTED_TO: { description: 'A diplomat is posted to a place.', from: ['Person'], to: ['Place', 'Country'], properties: {} },
  OFFICIAL_OF: { description: 'A person holds office in a country or organization.', from: ['Person'], to: ['Country', 'Organization'], properties: role },
  MET_WITH: {
    description: 'Two people held discussions.',
    from: ['Person'],
    to: ['Person'],
    properties: { topics: { type: 'string[]', description: 'What was discussed.' } },
  },
  VISITED: { description: 'An actor travelled to a place.', from: ['Person', 'Group'], to: ['Place', 'Country'], properties: {} },
  PARTICIPATES_IN: { description: 'An actor takes part in a project or event.', from: actor, to: ['Project', 'Event'], properties: role },
  PARTY_TO: { description: 'An actor is a party to an agreement.', from: ['Country', 'Organization'], to: ['Agreement'], properties: role },
  MEMBER_OF: { description: 'An actor belongs to an organization or group.', from: actor, to: ['Organization', 'Group'], properties: {} },
  REPRESENTS: { description: 'A person or group acts for a country or organization.', from: ['Person', 'Group'], to: ['Country', 'Organization'], properties: {} },
  HELD_IN: { description: 'An event takes place in a place.', from: ['Event'], to: ['Place', 'Country'], properties: {} },
  CONVENED_BY: { description: 'An event is a meeting of an organization.', from: ['Event'], to: ['Organization'], properties: {} },
  IMPLEMENTS: {
    description: 'An organization carries out a project or agreement.',
    from: ['Organization', 'Country'],
    to: ['Project', 'Agreement'],
    properties: { status },
  },
  PART_OF: { description: 'A component belongs to a larger whole.', from: ['Project', 'Place'], to: ['Project', 'Place'], properties: {} },
  CONNECTS: { description: 'Infrastructure links a place.', from: ['Project'], to: ['Place'], properties: {} },
  LOCATED_IN: { description: 'Something lies within a place or country.', from: ['Place', 'Project'], to: ['Place', 'Country'], properties: {} },
  IN_SECTOR: {
    description: 'Something belongs to a field of activity.',
    from: ['Agreement', 'Project', 'Event', 'Investment', 'Organization'],
    to: ['Sector'],
    properties: {},
  },
  DISCUSSED: { description: 'An actor or event discussed cooperation in a sector.', from: ['Person', 'Group', 'Event'], to: ['Sector'], properties: {} },
  COOPERATES_WITH: {
    description: 'Two actors cooperate.',
    from: ['Country', 'Organization'],
    to: ['Country', 'Organization'],
    properties: { areas: { type: 'string[]', description: 'Fields of cooperation named by the source.' } },
  },
  INVESTOR_IN: {
    description: 'An actor invests in a country or makes an investment.',
    from: ['Country', 'Organization'],
    to: ['Investment', 'Country'],
    properties: { rank: { type: 'string', description: 'Standing among investors, as stated.' } },
  },
  FUNDS: { description: 'An investment goes into a place or project.', from: ['Investment'], to: ['Place', 'Project'], properties: {} },
  PROPOSED: { description: 'An actor proposes a policy.', from: ['Country', 'Organization', 'Person'], to: ['Policy'], properties: {} },
  TARGETS: {
    description: 'A policy is aimed at a country or its trading partners.',
    from: ['Policy'],
    to: ['Country'],
    properties: { scope: { type: 'string', description: 'Whom the policy hits, as stated.' } },
  },
} as const satisfies Record<string, RelationshipSpec>;

export type RelationshipTypeName = keyof typeof RELATIONSHIP_TYPES;

/** The source-to-entity link; kept out of RELATIONSHIP_TYPES because it is provenance, not a stated tie. */
export const MENTIONS = 'MENTIONS';

/** Labels used by both engines for the two node tables. */
export const ENTITY_LABEL = 'Entity';
export const SOURCE_LABEL = 'Source';

export const kindNames = Object.keys(KINDS) as KindName[];
export const relationshipTypeNames = Object.keys(RELATIONSHIP_TYPES) as RelationshipTypeName[];

/** True when `name` is a declared node kind. */
export function isKind(name: string): name is KindName {
  return Object.prototype.hasOwnProperty.call(KINDS, name);
}

/** True when `name` is a declared relationship type. */
export function isRelationshipType(name: string): name is RelationshipTypeName {
  return Object.prototype.hasOwnProperty.call(RELATIONSHIP_TYPES, name);
}

/** Every entity property across kinds, with one type each (the embedded engine stores entities in one table). */
export function entityPropertyColumns(): Record<string, PropertySpec> {
  const columns: Record<string, PropertySpec> = {};
  for (const kind of kindNames) {
    for (const [name, spec] of Object.entries(KINDS[kind].properties as Record<string, PropertySpec>)) {
      const seen = columns[name];
      if (seen && seen.type !== spec.type) {
        throw new Error(`ontology: property "${name}" is declared as ${seen.type} and ${spec.type}`);
      }
      columns[name] = spec;
    }
  }
  return columns;
}

/** Core fields every entity has, stored beside the kind's own properties. */
export const ENTITY_CORE_FIELDS = ['id', 'kind', 'name', 'aliases', 'description'] as const;

/** Fields every stated relationship carries: parallel lists of quotes and the sources they come from. */
export const RELATIONSHIP_CORE_FIELDS = ['evidence', 'sources'] as const;

/** Properties a kind may carry. */
export function kindProperties(kind: KindName): Record<string, PropertySpec> {
  return KINDS[kind].properties as Record<string, PropertySpec>;
}

/** Properties a relationship type may carry. */
export function relationshipProperties(type: RelationshipTypeName): Record<string, PropertySpec> {
  return RELATIONSHIP_TYPES[type].properties as Record<string, PropertySpec>;
}

/** Whether the ontology lets `type` join an entity of kind `from` to one of kind `to`. */
export function allowsRelationship(type: RelationshipTypeName, from: KindName, to: KindName): boolean {
  const spec = RELATIONSHIP_TYPES[type];
  return (spec.from as readonly string[]).includes(from) && (spec.to as readonly string[]).includes(to);
}
