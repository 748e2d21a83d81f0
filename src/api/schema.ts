/**
 * The executable schema: every SDL file in graphql/ (each feature may `extend type Query`) plus the
 * resolver maps of src/api/resolvers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { mergeResolvers } from '@graphql-tools/merge';
import { JSONResolver } from 'graphql-scalars';
import type { GraphQLSchema } from 'graphql';
import { cypherResolvers } from './resolvers/cypher';
import { relationshipResolvers } from './resolvers/entity';
import { kindResolvers, relationalQueryResolvers } from './resolvers/kinds';
import { pathResolvers } from './resolvers/paths';
import { queryResolvers } from './resolvers/query';
import { ingestResolvers } from './resolvers/ingest';
import { duplicateResolvers } from './resolvers/duplicates';
import { sourceResolvers } from './resolvers/sources';
import { claimResolvers } from './resolvers/claims';
import { timelineResolvers } from './resolvers/timeline';

/** Resolver maps of every feature; a new feature adds its map here and its SDL file to graphql/. */
export const RESOLVERS = [
  { JSON: JSONResolver },
  queryResolvers,
  pathResolvers,
  relationshipResolvers,
  kindResolvers(),
  relationalQueryResolvers,
  cypherResolvers,
  ingestResolvers,
  duplicateResolvers,
  sourceResolvers,
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

/** Builds the schema from the SDL in `graphqlDir`. */
export function buildSchema(graphqlDir: string): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: readTypeDefs(graphqlDir), resolvers: mergeResolvers(RESOLVERS as never) });
}
