/**
 * Ranking of search candidates, shared by both engines: the engine narrows by folded text, this orders.
 */
import { foldForSearch } from '../text/normalise';
import { MATCH_REASONS, NameSearchIndex, type NameMatch } from '../text/names/name-index';
import type { Entity, SearchHit, SearchReason } from './port';

/** Reasons a hit matched, strongest first: the name index's, then text found inside a name or description. */
export const SEARCH_REASONS: readonly SearchReason[] = [...MATCH_REASONS, 'contains'];

/** The folded text an entity is searched by: name, aliases and description, one per line. */
export function searchTextOf(entity: Pick<Entity, 'name' | 'aliases' | 'description'>): string {
  return [entity.name, ...entity.aliases, entity.description ?? ''].map(foldForSearch).join('\n');
}

/** Scores one candidate against a folded query; null when it does not match at all. */
export function scoreEntity(entity: Entity, foldedQuery: string): SearchHit | null {
  const q = foldedQuery;
  if (!q) return null;
  const name = foldForSearch(entity.name);
  const aliases = entity.aliases.map(foldForSearch);
  const description = foldForSearch(entity.description ?? '');
  const candidates: [number, SearchHit['matchedField']][] = [];
  if (name === q) candidates.push([1, 'name']);
  if (aliases.includes(q)) candidates.push([0.95, 'alias']);
  if (name.startsWith(q)) candidates.push([0.9, 'name']);
  if (aliases.some((a) => a.startsWith(q))) candidates.push([0.85, 'alias']);
  if (containsWord(name, q)) candidates.push([0.8, 'name']);
  if (aliases.some((a) => containsWord(a, q))) candidates.push([0.75, 'alias']);
  if (name.includes(q)) candidates.push([0.6, 'name']);
  if (aliases.some((a) => a.includes(q))) candidates.push([0.55, 'alias']);
  if (containsWord(description, q)) candidates.push([0.4, 'description']);
  if (description.includes(q)) candidates.push([0.3, 'description']);
  if (candidates.length === 0) return null;
  const [score, matchedField] = candidates.reduce((best, c) => (c[0] > best[0] ? c : best));
  // Shorter names rank first among equal matches: "Russia" before "Russia's energy minister".
  const tieBreak = Math.min(0.049, q.length / (name.length + 1) / 21);
  return { entity, score: Math.round((score * 0.95 + tieBreak) * 1000) / 1000, matchedField };
}

/**
 * Says why each hit matched (the name index's reasons, asked over just these hits) and orders them: stronger reason
 * first, then the score above. For an engine that narrows candidates its own way (the scan, Neo4j's full-text index).
 */
export function rankHits(hits: SearchHit[], first: number, text: string): SearchHit[] {
  const matches = new Map(new NameSearchIndex(hits.map((h) => h.entity)).search(text, { limit: hits.length }).map((m) => [m.id, m]));
  return orderHits(
    hits.map((h) => withReason(h, matches.get(h.entity.id))),
    first,
  );
}

/** A hit for a name-index match: scored by `scoreEntity` where it matches the text as written, else by closeness. */
export function nameMatchHit(entity: Entity, match: NameMatch, foldedQuery: string): SearchHit {
  const scored = scoreEntity(entity, foldedQuery) ?? { entity, score: Math.round(match.closeness * 500) / 1000, matchedField: match.matchedName === entity.name ? 'name' : 'alias' };
  return withReason(scored, match);
}

/** The hit with its reason; its score becomes reason tier plus the old score within the tier, still 0..1. */
function withReason(hit: SearchHit, match: NameMatch | undefined): SearchHit {
  const why: SearchReason = match?.why ?? 'contains';
  const tier = SEARCH_REASONS.length - 1 - SEARCH_REASONS.indexOf(why);
  const score = Math.round(((tier + Math.min(hit.score, 0.999)) / SEARCH_REASONS.length) * 1000) / 1000;
  return { ...hit, score, why, matchedName: match?.matchedName ?? null };
}

/** Orders hits best first, then by name, and keeps `first`. */
export function orderHits(hits: SearchHit[], first: number): SearchHit[] {
  return hits.sort((a, b) => b.score - a.score || a.entity.name.localeCompare(b.entity.name)).slice(0, first);
}

function containsWord(haystack: string, needle: string): boolean {
  const at = haystack.indexOf(needle);
  if (at < 0) return false;
  const before = at === 0 || !/[\p{L}\p{N}]/u.test(haystack[at - 1]!);
  return before;
}

/** The words of a folded query that are long enough to search by on their own. */
export function queryWords(folded: string): string[] {
  return folded.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3);
}

/**
 * Hits for a query no entity matches as a phrase: each entity scores by the share of the query's words it
 * matches. `candidatesFor` gives the entities that may match one word (engines narrow differently).
 */
export async function wordShareHits(words: string[], candidatesFor: (word: string) => Promise<Entity[]>): Promise<SearchHit[]> {
  const byId = new Map<string, SearchHit>();
  for (const word of words) {
    for (const entity of await candidatesFor(word)) {
      const hit = scoreEntity(entity, word);
      if (!hit) continue;
      const score = (byId.get(entity.id)?.score ?? 0) + hit.score / words.length;
      byId.set(entity.id, { ...hit, score: Math.round(score * 1000) / 1000 });
    }
  }
  return [...byId.values()];
}
