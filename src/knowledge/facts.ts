/**
 * The facts document: the one door through which the seed and every later article enter the graph.
 * This module only describes its shape; `validate.ts` checks it against the ontology and the source text.
 */
import { z } from 'zod';

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug such as "vladimir-putin"');

/** What a publication date must look like, in the product's words (one home for the rule). */
export const PUBLICATION_DATE_RULE =
  'must be a real ISO date: YYYY-MM-DD, or YYYY-MM / YYYY when only the month or year is known (e.g. 2023-05-17), or a date and time with its zone (2023-05-17T09:30:00Z)';

/**
 * True for a real calendar date written YYYY-MM-DD, YYYY-MM or YYYY ("2023-02-30" and "2023-13" are not), or a
 * day with a time and its zone, as news feeds give them ("2023-05-17T09:30:00+03:30").
 */
export function isPublicationDate(value: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):(\d{2})))?)?)?$/.exec(value);
  if (!m) return false;
  const [year, month = 1, day = 1] = [Number(m[1]), m[2] ? Number(m[2]) : undefined, m[3] ? Number(m[3]) : undefined];
  if (month < 1 || month > 12 || day < 1) return false;
  const [hour, minute, second, zoneHour, zoneMinute] = [m[4], m[5], m[6], m[7], m[8]].map((x) => Number(x ?? 0));
  if (hour! > 23 || minute! > 59 || second! > 59 || zoneHour! > 14 || zoneMinute! > 59) return false;
  // Day 0 of the next month is the last day of this one (UTC, so no time zone shifts it).
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** When a fact held or happened, as stated (all optional; checked together in validate.ts with dates.ts). */
const timeFields = {
  /** When it happened: YYYY-MM-DD, YYYY-MM or YYYY. */
  date: z.string().min(1).optional(),
  /** When it began to hold. */
  start: z.string().min(1).optional(),
  /** When it stopped holding (not before `start`). */
  end: z.string().min(1).optional(),
  /** How exact the dates are; must match how they are written (derived from them when left out). */
  precision: z.enum(['day', 'month', 'year']).optional(),
  /** The words the source uses ("this year", "recently"), resolved against `published` only where they allow it. */
  stated: z.string().trim().min(1).optional(),
};

/** Where one property value comes from: the quote stating it, and when it held. */
const claimSchema = z
  .object({
    /** Verbatim from the source text. */
    quote: z.string().min(1).optional(),
    ...timeFields,
  })
  .strict();

const propertyValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);

export const sourceSchema = z
  .object({
    id: slug,
    title: z.string().min(1),
    /** Where the article was published: an http(s) address. */
    url: z
      .string()
      .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'must be a web address starting with http:// or https://')
      .optional(),
    /** Who published it ("Tehran Times"). */
    publisher: z.string().trim().min(1, 'must not be empty (leave the field out when the publisher is not known)').optional(),
    /** When, as an ISO date: a day, or only the month or year when that is all the article says. */
    published: z.string().refine(isPublicationDate, PUBLICATION_DATE_RULE).optional(),
    /** The article text itself … */
    text: z.string().min(1).optional(),
    /** … or a path to it, relative to the facts document. */
    textPath: z.string().min(1).optional(),
  })
  .strict()
  .refine((s) => Boolean(s.text) !== Boolean(s.textPath), {
    message: 'give exactly one of "text" or "textPath"',
    path: ['text'],
  });

export const entitySchema = z
  .object({
    id: slug.optional(),
    kind: z.string().min(1),
    name: z.string().min(1),
    aliases: z.array(z.string().min(1)).default([]),
    description: z.string().optional(),
    properties: z.record(z.string(), propertyValue).default({}),
    /** This is none of the graph's entities, whatever its name: skip resolution by name (an id is then required). */
    distinct: z.boolean().optional(),
    /** Per property of `properties`: the quote that states its value and when it held. */
    claims: z.record(z.string(), claimSchema).optional(),
  })
  .strict();

export const relationshipSchema = z
  .object({
    type: z.string().min(1),
    /** An entity id (of this document or the graph) or a name the entity goes by. */
    from: z.string().min(1),
    /** An entity id (of this document or the graph) or a name the entity goes by. */
    to: z.string().min(1),
    properties: z.record(z.string(), propertyValue).default({}),
    /** One quote, or several, each verbatim from the source text. */
    evidence: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    /** Per property of `properties`: the quote that states its value and when it held. */
    claims: z.record(z.string(), claimSchema).optional(),
    ...timeFields,
  })
  .strict();

export const factsDocumentSchema = z
  .object({
    source: sourceSchema,
    entities: z.array(entitySchema).default([]),
    relationships: z.array(relationshipSchema).default([]),
    /**
     * Which entities the source is linked to where its text names them: `all` (default) the document's and every
     * entity of the graph; `listed` only the document's own (a draft lists the graph's entities it found, so one
     * deleted from it is not linked).
     */
    mentions: z.enum(['all', 'listed']).default('all'),
  })
  .strict();

export type FactsDocumentInput = z.input<typeof factsDocumentSchema>;
export type FactsDocument = z.output<typeof factsDocumentSchema>;
export type FactsEntity = z.output<typeof entitySchema>;
export type FactsRelationship = z.output<typeof relationshipSchema>;
export type PropertyValue = z.output<typeof propertyValue>;
export type FactsClaim = z.output<typeof claimSchema>;
