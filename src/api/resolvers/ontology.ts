/** The `ontology` query: the loaded ontology as the explorer's legend and filters read it (src/ontology/legend.ts). */
import path from 'node:path';
import { ONTOLOGY } from '../../ontology/ontology';
import { legendKinds, legendRelationshipTypes } from '../../ontology/legend';
import type { Resolvers } from '../generated/graphql';

export const ontologyResolvers = {
  Query: {
    ontology: () => ({ file: path.basename(ONTOLOGY.file), kinds: legendKinds(), relationshipTypes: legendRelationshipTypes() }),
  },
} satisfies Resolvers;
