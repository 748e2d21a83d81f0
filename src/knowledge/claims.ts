/**
 * What a facts document claims: every property value it gives (with the quote and time its `claims` field adds)
 * and every relationship's time. The store keeps them beside what other sources claim (src/graph/claim-rule.ts).
 */
import type { DocumentProblem } from '../errors';
import { RELATIONSHIP_TIME } from '../graph/claim-rule';
import type { Json, StatedClaim, TimeSpan } from '../graph/port';
import { normaliseTypography } from '../text/normalise';
import { statedTime, type StatedTime } from './dates';
import type { FactsClaim } from './facts';

/** What checking a record's claims needs: the source's text (typography normalised) and publication date. */
export interface ClaimContext {
  normalisedText: string;
  published: string | null;
  problems: DocumentProblem[];
}

const short = (quote: string) => (quote.length > 80 ? `${quote.slice(0, 77)}...` : quote);

/** One claim per property value of a record; `claims` (keyed by property) adds quotes and time. */
export function propertyClaims(
  subject: string,
  properties: Record<string, Json>,
  claims: Record<string, FactsClaim> | undefined,
  at: string,
  context: ClaimContext,
): StatedClaim[] {
  for (const property of Object.keys(claims ?? {})) {
    if (!Object.hasOwn(properties, property) || properties[property] === null) {
      context.problems.push({ path: `${at}.claims.${property}`, message: `there is no value of "${property}" in properties for this to source` });
    }
  }
  return Object.entries(properties).map(([property, value]) => {
    const given = claims?.[property];
    const path = `${at}.claims.${property}`;
    if (given?.quote && context.normalisedText && !context.normalisedText.includes(normaliseTypography(given.quote))) {
      context.problems.push({ path: `${path}.quote`, message: `quote not found in the source text: "${short(given.quote)}"` });
    }
    return { subject, property, value, quote: given?.quote ?? null, time: given ? statedTime(given, context.published, path, context.problems) : null };
  });
}

/** The claim of a relationship's time, when its record states one; the quote is the record's first evidence. */
export function relationshipTimeClaim(subject: string, time: StatedTime, evidence: readonly string[], at: string, context: ClaimContext): StatedClaim | null {
  const span = statedTime(time, context.published, at, context.problems);
  if (!span) return null;
  return { subject, property: RELATIONSHIP_TIME, value: spanJson(span), quote: evidence[0] ?? null, time: span };
}

/** A time span as a JSON value (the value of a time claim). */
export function spanJson(span: TimeSpan): Json {
  return { date: span.date, start: span.start, end: span.end, precision: span.precision, stated: span.stated };
}
