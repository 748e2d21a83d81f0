/**
 * The facts document: the one door through which the seed and every later article enter the graph.
 * This module only describes its shape; `validate.ts` checks it against the ontology and the source text.
 */
import { z } from 'zod';

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug such as "vladimir-putin"');

const propertyValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);

export const sourceSchema = z
  .object({
    id: slug,
    title: z.string().min(1),
    url: z.string().url().optional(),
    publisher: z.string().optional(),
    published: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'must be an ISO date (YYYY-MM-DD)').optional(),
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
