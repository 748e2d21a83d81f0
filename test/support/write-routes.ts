/**
 * The write routes of the API, for the tests that check who may use them: a valid call of every mutation, one
 * writing Cypher statement of each kind, and the Authorization headers an anonymous client might send.
 */
import { claimId } from '../../src/graph/claim-rule';
import type { Json } from '../../src/graph/port';
import { enginesUnderTest } from './engines';
import { seedDocument } from './seed';

/** What an anonymous client, or one guessing what an unset token compares equal to, sends. */
export const ANONYMOUS: [string, Record<string, string>][] = [
  ['no Authorization header', {}],
  ['an empty bearer', { authorization: 'Bearer ' }],
  ['"Bearer undefined"', { authorization: 'Bearer undefined' }],
  ['"Bearer null"', { authorization: 'Bearer null' }],
  ['a made-up token', { authorization: 'Bearer let-me-in' }],
];

export const SMALL_DOCUMENT = {
  source: { id: 'anonymous-note', title: 'An anonymous note', text: 'Jalali visited Tehran.' },
  entities: [{ id: 'tehran-visitor', kind: 'Person', name: 'Tehran Visitor' }],
  relationships: [{ type: 'VISITED', from: 'jalali', to: 'tehran', evidence: 'Jalali visited Tehran' }],
};

/**
 * A valid call of every mutation of the schema. A new mutation fails the coverage test below until it is
 * listed here, so no write route escapes test/security/no-token.test.ts.
 */
export const MUTATIONS: Record<string, { query: string; variables: Record<string, unknown> }[]> = {
  ingestDocument: [
    { query: 'mutation($d: JSON!) { ingestDocument(document: $d) { sourceId } }', variables: { d: SMALL_DOCUMENT } },
    { query: 'mutation($d: JSON!) { ingestDocument(document: $d, dryRun: true) { sourceId } }', variables: { d: SMALL_DOCUMENT } },
  ],
  // Seed people no source ties to each other: with the token both decisions are made (token.test.ts), without it neither.
  mergeEntities: [{ query: 'mutation { mergeEntities(keep: "jalali", merge: "ali-larijani", reason: "intruder") { survivor { id } } }', variables: {} }],
  keepApart: [{ query: 'mutation { keepApart(a: "jalali", b: "vladimir-putin", reason: "intruder") { id } }', variables: {} }],
  // The claim of the envoy's role the seed interview states (its id derives from subject, property, value and time).
  preferClaim: [{ query: 'mutation($c: ID!) { preferClaim(claim: $c, by: "intruder") { id } }', variables: { c: claimId('jalali', 'role', seedRole('jalali'), null) } }],
};

/** The role the seed interview gives a person. */
function seedRole(id: string): Json {
  const person = seedDocument('iran-russia-envoy-interview').entities.find((e) => e.id === id);
  return person!.properties!.role as Json;
}

/** One statement of each way Cypher can change the graph or its schema (no-token.test.ts shows each runs when authorised). */
export const WRITING_CYPHER = [
  "CREATE (:Entity {id: 'intruder', kind: 'Person', name: 'Intruder'})",
  "MERGE (e:Entity {id: 'intruder'}) RETURN e.id AS id",
  "MATCH (e:Entity {id: 'russia'}) SET e.name = 'Changed' RETURN e.id AS id",
  "MATCH (e:Entity {id: 'russia'}) SET e.description = NULL",
  "MATCH (e:Entity {id: 'jalali'}) DETACH DELETE e",
  'MATCH (:Entity)-[r]->(:Entity) DELETE r',
  "MATCH (e:Entity) WITH e LIMIT 1 SET e.name = 'x' RETURN count(*) AS n",
  "UNWIND [1, 2] AS i CREATE (:Entity {id: 'n' + string(i), kind: 'Person', name: 'N'})",
  "MATCH (a:Entity {id: 'iran'}), (b:Entity {id: 'china'}) MERGE (a)-[:COOPERATES_WITH]->(b)",
  "MATCH (e:Entity {kind: 'Country'})-[r]->() DELETE r",
  ...(servedEngine() === 'neo4j'
    ? ['CREATE INDEX intruder FOR (e:Entity) ON (e.intruder)', 'DROP CONSTRAINT entity_id IF EXISTS']
    : ['CREATE NODE TABLE Intruder(id STRING, PRIMARY KEY(id))', 'DROP TABLE MENTIONS', 'ALTER TABLE Entity ADD intruder STRING']),
];

export const REFUSED = ['FORBIDDEN', 'CYPHER_WRITE_FORBIDDEN'];

/** The engine startApi serves (Neo4j when NEO4J_URI is set). */
export function servedEngine() {
  return enginesUnderTest()[process.env.NEO4J_URI ? 1 : 0]!.name;
}
