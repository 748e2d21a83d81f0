/**
 * Writes cypher/schema.cypher, the Neo4j schema derived from the ontology, for operators who apply it by hand.
 * A test fails when the committed file and the shipped ontology disagree; run `npm run schema` after changing it.
 * (The GraphQL types are derived from the ontology when the server builds its schema; no file holds them.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { neo4jSchemaFile } from '../src/ontology/schema';

const root = path.resolve(__dirname, '..');
fs.writeFileSync(path.join(root, 'cypher', 'schema.cypher'), neo4jSchemaFile());
console.log('wrote cypher/schema.cypher');
