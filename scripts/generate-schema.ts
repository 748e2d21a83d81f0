/**
 * Writes the files derived from the ontology: cypher/schema.cypher and graphql/kinds.graphql.
 * Tests fail when the committed files and the ontology disagree; run `npm run schema` after changing it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { neo4jSchemaFile } from '../src/ontology/schema';
import { kindTypeDefs } from '../src/api/kind-types';

const root = path.resolve(__dirname, '..');
fs.writeFileSync(path.join(root, 'cypher', 'schema.cypher'), neo4jSchemaFile());
fs.writeFileSync(path.join(root, 'graphql', 'kinds.graphql'), kindTypeDefs());
console.log('wrote cypher/schema.cypher and graphql/kinds.graphql');
