/**
 * GraphQL object types for the ontology's kinds, generated so that adding a kind is a change in the
 * ontology only. `npm run schema` writes the output to graphql/kinds.graphql; a test keeps them equal.
 */
import { KINDS, kindNames, kindProperties, type PropertyType } from '../ontology/ontology';

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
  "Relationships of this entity, each with the entity at the other end and its evidence."
  relationships(direction: Direction = BOTH, types: [RelationshipType!], first: Int = 20, after: String): RelationshipConnection!
  "Entities one relationship away."
  neighbors(direction: Direction = BOTH, types: [RelationshipType!], kinds: [EntityKind!], first: Int = 20): [Entity!]!
  "Source documents that mention this entity."
  sources: [Mention!]!`;

/** Extra typed fields some kinds carry (SDL lines), resolved in resolvers/kinds.ts. */
export const KIND_EXTRA_FIELDS: Partial<Record<string, string[]>> = {};

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
