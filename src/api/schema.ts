/**
 * The executable schema: every SDL file in graphql/ (each feature may `extend type Query`), the types the ontology
 * derives (kind enums and per-kind types, src/api/kind-types.ts), plus the resolver maps of src/api/resolvers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { mergeResolvers } from '@graphql-tools/merge';
import { JSONResolver } from 'graphql-scalars';
import { parse, type GraphQLSchema } from 'graphql';
import { KgError } from '../errors';
import { KINDS, ONTOLOGY, kindNames } from '../ontology/ontology';
import { kindListTypeNames, ontologyTypeDefs } from './kind-types';
import { cypherResolvers } from './resolvers/cypher';
import { relationshipResolvers } from './resolvers/entity';
import { kindResolvers, relationalQueryResolvers } from './resolvers/kinds';
import { pathResolvers } from './resolvers/paths';
import { queryResolvers } from './resolvers/query';
import { ingestResolvers } from './resolvers/ingest';
import { duplicateResolvers } from './resolvers/duplicates';
import { decisionResolvers, decisionTypeDefs } from './resolvers/decisions';
import { sourceResolvers } from './resolvers/sources';
import { ontologyResolvers } from './resolvers/ontology';
import { claimResolvers } from './resolvers/claims';
import { timelineResolvers } from './resolvers/timeline';

/**
 * Resolver maps of every feature; a new feature adds its map here and its SDL file to graphql/. Each map is checked
 * against the types generated from the served schema (src/api/generated/graphql.ts, `npm run codegen`).
 */
export const RESOLVERS = [
  { JSON: JSONResolver },
  queryResolvers,
  pathResolvers,
  relationshipResolvers,
  kindResolvers(),
  relationalQueryResolvers(),
  cypherResolvers,
  ingestResolvers,
  duplicateResolvers,
  decisionResolvers,
  sourceResolvers,
  ontologyResolvers,
  claimResolvers,
  timelineResolvers,
];

/** Reads every .graphql file of `dir`, schema.graphql first. */
export function readTypeDefs(dir: string): string[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort((a, b) => (a === 'schema.graphql' ? -1 : b === 'schema.graphql' ? 1 : a.localeCompare(b)));
  return files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
}

/** The SDL of `graphqlDir` followed by the ontology's; refuses a kind whose name a file of graphql/ already defines. */
export function schemaTypeDefs(graphqlDir: string): string[] {
  const files = readTypeDefs(graphqlDir);
  const definitions = files.flatMap((sdl) => parse(sdl).definitions);
  const defined = new Set(definitions.flatMap((d) => ('name' in d && d.name && !d.kind.endsWith('Extension') ? [d.name.value] : [])));
  const queryFields = new Set(
    definitions.flatMap((d) => ((d.kind === 'ObjectTypeDefinition' || d.kind === 'ObjectTypeExtension') && d.name.value === 'Query' ? (d.fields ?? []).map((f) => f.name.value) : [])),
  );
  const clashes = [
    ...kindNames.filter((k) => defined.has(k)).map((k) => `kind ${k} would replace the GraphQL type of the same name; rename the kind`),
    ...kindNames.flatMap((k) => {
      const field = KINDS[k]!.list?.field;
      return field && queryFields.has(field) ? [`${k}'s list field "${field}" is already a query of the API; choose another`] : [];
    }),
    ...kindNames.flatMap((k) =>
      KINDS[k]!.list ? Object.values(kindListTypeNames(k)).filter((t) => defined.has(t)).map((t) => `kind ${k}'s list would define ${t}, a GraphQL type the API already has; rename the kind`) : [],
    ),
  ];
  if (clashes.length > 0) throw new KgError('INVALID_ONTOLOGY', `the ontology ${ONTOLOGY.file}: ${clashes.join('; ')}`, { path: ONTOLOGY.file, ontologyProblems: clashes });
  return [files[0]!, ontologyTypeDefs(), ...files.slice(1), decisionTypeDefs()];
}

/** Builds the schema from the SDL in `graphqlDir` and the ontology. */
export function buildSchema(graphqlDir: string): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: schemaTypeDefs(graphqlDir), resolvers: mergeResolvers(RESOLVERS) });
}
