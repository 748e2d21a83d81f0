/**
 * Search on Neo4j through the full-text index (cypher/schema.cypher, `entity_search`): Lucene narrows the
 * candidates, then the ranking both engines share (search-score.ts) orders them, so results read alike.
 */
import { ENTITY_CORE_FIELDS, ENTITY_LABEL, entityPropertyColumns, type KindName } from '../../ontology/ontology';
import { NEO4J_FULLTEXT_INDEX } from '../../ontology/schema';
import type { Entity, Json, Properties } from '../port';

/** Candidates fetched from the index per query, as many as the embedded engine's scan considers. */
export const FULLTEXT_CANDIDATES = 500;

/** Characters with a meaning in Lucene's query syntax. */
const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

/** A term as Lucene reads it literally. */
export function luceneTerm(term: string): string {
  return term.replace(LUCENE_SPECIAL, '\\$&');
}

/** The words of a folded query that the index can match (letters and digits, two or more). */
export function indexTerms(folded: string): string[] {
  return folded.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length >= 2);
}

/** A Lucene query matching entities that have every term (`all`) or any term, each as a word or a word's start
 * (the exact word is its own clause so that, past the candidate limit, whole words rank first). */
export function luceneQuery(terms: readonly string[], mode: 'all' | 'any'): string {
  const clauses = terms.map((t) => `(${luceneTerm(t)} OR ${luceneTerm(t)}*)`);
  return mode === 'all' ? clauses.map((c) => `+${c}`).join(' ') : clauses.join(' ');
}

const PROPERTY_NAMES = Object.keys(entityPropertyColumns());

/** The Cypher that asks the index for candidate entities, optionally of some kinds. */
export function fullTextQuery(withKinds: boolean): string {
  const projection = [...ENTITY_CORE_FIELDS, ...PROPERTY_NAMES].map((p) => `.${p}`).join(', ');
  return (
    `CALL db.index.fulltext.queryNodes($index, $query, {limit: $limit}) YIELD node, score ` +
    `WHERE node:${ENTITY_LABEL}${withKinds ? ' AND node.kind IN $kinds' : ''} ` +
    `RETURN node {${projection}} AS entity ORDER BY score DESC`
  );
}

/** Parameters of `fullTextQuery`. */
export function fullTextParams(query: string, kinds: readonly KindName[] | undefined): Record<string, unknown> {
  return { index: NEO4J_FULLTEXT_INDEX, query, limit: FULLTEXT_CANDIDATES, ...(kinds ? { kinds } : {}) };
}

/** An entity from the map the full-text query projects (the same shape the shared store reads). */
export function entityFromProjection(map: Record<string, Json>): Entity {
  const kind = map.kind as KindName;
  const properties: Properties = {};
  for (const p of PROPERTY_NAMES) {
    const v = map[p];
    if (v !== null && v !== undefined) properties[p] = v;
  }
  return {
    id: map.id as string,
    kind,
    name: map.name as string,
    aliases: (map.aliases as string[] | null) ?? [],
    description: (map.description as string | null) ?? null,
    properties,
  };
}
