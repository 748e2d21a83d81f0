/**
 * The one table between the graph's ontology and FollowTheMoney (FtM), the entity model of Aleph/OpenAleph,
 * OpenSanctions and nomenklatura. `kg export --format ftm` writes with it and `kg import --format ftm` reads with
 * it; test/transfer/ftm-mapping.test.ts checks every schema, property and range named here against the model
 * shipped in @opensanctions/followthemoney (the maintained successor of @alephdata/followthemoney).
 */
import type { KindName, RelationshipTypeName } from '../ontology/ontology';

/** How one kind of entity is written as an FtM thing. */
export interface KindMapping {
  schema: string;
  /** Ontology property → FtM property; the kind's other properties go to FALLBACK_PROPERTY.thing as `name: value`. */
  properties: Record<string, string>;
  /** A value written on every entity of the kind that tells it apart from other kinds sharing the schema. */
  marker?: { property: string; value: string };
  /** FtM properties that also receive the entity's name (a schema whose caption is not `name`). */
  nameAlso?: string[];
}

/** How one relationship type is written as an FtM interval (an edge schema) joining its two ends. */
export interface LinkMapping {
  schema: string;
  /** The FtM property naming the relationship's `from` entity. */
  from: string;
  /** The FtM property naming the relationship's `to` entity. */
  to: string;
  /** Ontology property → FtM property; the type's other properties go to FALLBACK_PROPERTY.interval as `name: value`. */
  properties: Record<string, string>;
  /** Fixed values for readers (e.g. a ProjectParticipant's role "implementer"); ignored on import. */
  constants?: Record<string, string>;
  /** Only when the `to` entity is of one of these kinds; without it, any. */
  toKinds?: readonly KindName[];
}

/** Kinds to FtM schemata. Kinds without an FtM schema of their own (Policy, Sector) become a marked Note. */
export const KIND_SCHEMATA: Record<KindName, KindMapping> = {
  Person: { schema: 'Person', properties: { role: 'position' } },
  Organization: { schema: 'Organization', properties: {} },
  // An unlisted collective ("regional states", a delegation): FtM's party of unspecified nature.
  Group: { schema: 'LegalEntity', properties: {} },
  // A sovereign state acting as a party: its national government, marked with FtM's own topic for it.
  Country: { schema: 'PublicBody', properties: {}, marker: { property: 'topics', value: 'gov.national' } },
  Place: { schema: 'Address', properties: {} },
  Project: { schema: 'Project', properties: { status: 'status', purpose: 'goal' } },
  Agreement: { schema: 'Contract', properties: { amount: 'amount', currency: 'currency', status: 'status', agreementType: 'type' }, nameAlso: ['title'] },
  Event: { schema: 'Event', properties: {} },
  Investment: { schema: 'Asset', properties: { amount: 'amount', currency: 'currency' } },
  Policy: { schema: 'Note', properties: {}, marker: { property: 'keywords', value: 'kind: Policy' } },
  Sector: { schema: 'Note', properties: {}, marker: { property: 'keywords', value: 'kind: Sector' } },
};

/** Schemata other tools write that read as one of the graph's kinds (import only). */
export const FOREIGN_SCHEMATA: Record<string, KindName> = {
  Company: 'Organization',
  PublicBody: 'Organization',
  Trip: 'Event',
  License: 'Agreement',
};

/** FtM's generic link: used for every relationship FtM has no interval schema for. */
export const UNKNOWN_LINK: LinkMapping = { schema: 'UnknownLink', from: 'subject', to: 'object', properties: {} };

/** Relationship types to FtM intervals: the first entry whose `toKinds` admits the `to` end wins; UnknownLink otherwise. */
export const RELATIONSHIP_SCHEMATA: Record<RelationshipTypeName, LinkMapping[]> = {
  ENVOY_OF: [{ schema: 'Representation', from: 'agent', to: 'client', properties: {}, constants: { role: 'envoy' } }],
  POSTED_TO: [],
  OFFICIAL_OF: [{ schema: 'Employment', from: 'employee', to: 'employer', properties: { role: 'role' } }],
  MET_WITH: [{ schema: 'Associate', from: 'person', to: 'associate', properties: {}, constants: { relationship: 'met with' } }],
  VISITED: [],
  PARTICIPATES_IN: [
    { schema: 'ProjectParticipant', from: 'participant', to: 'project', properties: { role: 'role' }, toKinds: ['Project'] },
    { ...UNKNOWN_LINK, properties: { role: 'role' } },
  ],
  PARTY_TO: [{ ...UNKNOWN_LINK, properties: { role: 'role' } }],
  MEMBER_OF: [{ schema: 'Membership', from: 'member', to: 'organization', properties: {}, toKinds: ['Organization'] }],
  REPRESENTS: [{ schema: 'Representation', from: 'agent', to: 'client', properties: {} }],
  HELD_IN: [],
  CONVENED_BY: [],
  IMPLEMENTS: [
    { schema: 'ProjectParticipant', from: 'participant', to: 'project', properties: { status: 'status' }, constants: { role: 'implementer' }, toKinds: ['Project'] },
    { ...UNKNOWN_LINK, properties: { status: 'status' } },
  ],
  PART_OF: [],
  CONNECTS: [],
  LOCATED_IN: [],
  IN_SECTOR: [],
  DISCUSSED: [],
  COOPERATES_WITH: [],
  INVESTOR_IN: [{ schema: 'Ownership', from: 'owner', to: 'asset', properties: {}, toKinds: ['Investment'] }],
  FUNDS: [],
  PROPOSED: [],
  TARGETS: [],
};

/** The interval schema a relationship of `type` is written as, given the kind of its `to` end. */
export function linkMappingFor(type: RelationshipTypeName, toKind: KindName): LinkMapping {
  return RELATIONSHIP_SCHEMATA[type].find((m) => !m.toKinds || m.toKinds.includes(toKind)) ?? UNKNOWN_LINK;
}

/** Interval schemata read back without a graph type: the type their relationship is (import of foreign files). */
export const DEFAULT_TYPE_OF_SCHEMA: Record<string, RelationshipTypeName> = {
  ProjectParticipant: 'PARTICIPATES_IN',
  Employment: 'OFFICIAL_OF',
  Associate: 'MET_WITH',
  Membership: 'MEMBER_OF',
  Representation: 'REPRESENTS',
  Ownership: 'INVESTOR_IN',
};

/** Sources: an Article with the full text, so every quote can be checked against it again on import. */
export const SOURCE_SCHEMA = 'Article';
export const SOURCE_PROPERTIES = {
  title: 'title',
  url: 'sourceUrl',
  publisher: 'publisher',
  published: 'publishedAt',
  text: 'bodyText',
  /** FtM: "date and time of the most recent ingestion"; written on export, and an import records its own. */
  ingestedAt: 'processedAt',
} as const;
/** Document schemata whose `bodyText` is read as a source on import. */
export const SOURCE_SCHEMA_BASE = 'Document';

/** Core fields of every entity and statement. */
export const CORE_PROPERTIES = {
  name: 'name',
  aliases: 'alias',
  description: 'description',
  /** The Documents a thing or a statement comes from. */
  proof: 'proof',
  /** On a statement: every quote the proof Document states it with, verbatim. */
  quotes: 'summary',
  /** On a statement: the graph's relationship id `from|TYPE|to`, which carries the type through any schema. */
  relationshipId: 'recordId',
  /** On a Country: its ISO code, where FtM's country list knows the name. */
  countryCode: 'jurisdiction',
  sourceUrl: 'sourceUrl',
  publisher: 'publisher',
} as const;

/** Where ontology properties without an FtM property of their own are kept, as `name: value` strings. */
export const FALLBACK_PROPERTY = { thing: 'keywords', interval: 'description' } as const;

/** Other FtM properties read as aliases on import. */
export const ALIAS_PROPERTIES_ON_IMPORT = ['weakAlias', 'previousName'] as const;

/** FtM schemata that link a Document to an entity it speaks of (import only): the entity joins that source. */
export const DOCUMENT_LINKS: Record<string, { document: string; entity: string }> = {
  Mention: { document: 'document', entity: 'resolved' },
  Documentation: { document: 'document', entity: 'entity' },
};

/** FtM id of a source's Document; a dot keeps it apart from entity ids, which are slugs. */
export const sourceFtmId = (sourceId: string) => `source.${sourceId}`;
