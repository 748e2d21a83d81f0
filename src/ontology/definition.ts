/**
 * The shape of an ontology file (YAML), as a zod schema: what each field may hold. Rules that join two parts of the
 * file (a relationship's kinds exist, a typed field's types allow its kind …) are in load.ts, after this shape passes.
 */
import { z } from 'zod';

/** Property value types an ontology may declare; each engine and GraphQL map them in one table of their own. */
export const PROPERTY_TYPES = ['string', 'number', 'boolean', 'string[]'] as const;

/** Node shapes the explorer draws (cytoscape's names) and its legend reproduces. */
export const KIND_SHAPES = [
  'ellipse', 'round-rectangle', 'barrel', 'hexagon', 'triangle', 'diamond', 'tag', 'star', 'octagon', 'rhomboid', 'pentagon', 'vee', 'heptagon',
] as const;

/** What a tie field returns: the tie types of graphql/schema.graphql, any entity, or entities of one kind. */
export const TIE_RETURNS = ['Participant', 'Involvement', 'Affiliation', 'Entity'] as const;

// Names become Cypher labels, table and column names and GraphQL names unquoted, so each has a strict grammar.
const kindName = z.string().regex(/^[A-Z][A-Za-z0-9]{0,63}$/, 'a kind is a name in PascalCase (letters and digits, starting with a capital), e.g. Company');
const typeName = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'a relationship type is in UPPER_SNAKE_CASE, e.g. DIRECTOR_OF');
const propertyName = z.string().regex(/^[a-z][A-Za-z0-9]{0,63}$/, 'a property or field is a name in camelCase (letters and digits, starting lower-case), e.g. share');
const description = z.string().trim().min(1, 'a description is required (it becomes the GraphQL field description)');

const property = z.strictObject({
  type: z.enum(PROPERTY_TYPES),
  description,
  /** Values the synthetic generator picks from. */
  examples: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1).optional(),
});

const properties = z.record(propertyName, property).default({});

const style = z.strictObject({
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is written #rrggbb'),
  shape: z.enum(KIND_SHAPES),
});

/** A typed GraphQL field: ties of some types in one direction, or an amount and currency read as one Money. */
const field = z.strictObject({
  description,
  direction: z.enum(['OUT', 'IN']).optional(),
  types: z.array(typeName).min(1).optional(),
  returns: z.string().optional(),
  money: z.strictObject({ amount: propertyName, currency: propertyName }).optional(),
});

const kind = z.strictObject({
  description,
  display: z.string().trim().min(1).optional(),
  style: style.optional(),
  properties,
  fields: z.record(propertyName, field).default({}),
  /** A root query field listing the kind in id order; `filter` names an entity whose ties of `types` lead to it. */
  list: z.strictObject({ field: propertyName, filter: propertyName, types: z.array(typeName).min(1), description }).optional(),
  generator: z
    .strictObject({
      /** Share of generated entities (relative to the other kinds). */
      share: z.number().positive().optional(),
      /** A few entities that many link to: clamp(round(sqrt(total) / divisor), min, max) of them. */
      hub: z.strictObject({ min: z.number().int().min(1), max: z.number().int().min(1), divisor: z.number().positive() }).optional(),
    })
    .optional(),
});

const relationship = z.strictObject({
  description,
  /** How the type reads between its ends: "<from> holds office in <to>". */
  display: z.string().trim().min(1).optional(),
  from: z.array(kindName).min(1),
  to: z.array(kindName).min(1),
  properties,
  generator: z.strictObject({ weight: z.number().min(0) }).optional(),
});

/** A whole ontology file. */
export const ontologyFileSchema = z.strictObject({
  version: z.literal(1),
  kinds: z.record(kindName, kind).refine((k) => Object.keys(k).length > 0, 'an ontology declares at least one kind'),
  relationships: z.record(typeName, relationship).default({}),
});

export type OntologyFile = z.infer<typeof ontologyFileSchema>;
