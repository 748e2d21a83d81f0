/**
 * Reads an ontology file (YAML) and checks it whole: its shape (definition.ts) and the rules that join its parts.
 * Every problem is reported at once as INVALID_ONTOLOGY, each line naming the file, the line and the field.
 */
import fs from 'node:fs';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { KgError } from '../errors';
import { PROPERTY_TYPES, TIE_RETURNS, ontologyFileSchema, type KIND_SHAPES } from './definition';

export type PropertyType = (typeof PROPERTY_TYPES)[number];
export type KindShape = (typeof KIND_SHAPES)[number];

export interface PropertySpec {
  type: PropertyType;
  description: string;
  examples?: ReadonlyArray<string | number | boolean>;
}

/** A typed relationship field of a kind's GraphQL type (a project's participants, a person's affiliations). */
export interface TieField {
  name: string;
  description: string;
  direction: 'OUT' | 'IN';
  types: string[];
  returns: 'Participant' | 'Involvement' | 'Affiliation' | 'entities';
  /** For `entities`: the GraphQL type of the items; a kind name also filters the other end to that kind. */
  entityType?: string;
}

/** An amount and currency stored as two of the kind's properties, exposed as one `Money`. */
export interface MoneyField {
  name: string;
  description: string;
  amount: string;
  currency: string;
}

/** A root query field listing a kind in id order; `filter` keeps those an entity reaches through `types` (OUT). */
export interface KindList {
  field: string;
  filter: string;
  types: string[];
  description: string;
}

export interface KindSpec {
  description: string;
  /** The name the explorer's legend shows. */
  display: string;
  style?: { color: string; shape: KindShape };
  properties: Record<string, PropertySpec>;
  ties: TieField[];
  money: MoneyField[];
  /** The root query field that lists the kind (`projects(participant:)`), if any. */
  list?: KindList;
  generator: { share?: number; hub?: { min: number; max: number; divisor: number } };
}

export interface RelationshipSpec {
  description: string;
  /** How the type reads between its ends ("holds office in"). */
  display: string;
  from: readonly string[];
  to: readonly string[];
  properties: Record<string, PropertySpec>;
  generator: { weight?: number };
}

/** A checked ontology: kinds and relationship types in the file's order. */
export interface Ontology {
  /** The file it was read from. */
  file: string;
  kinds: Record<string, KindSpec>;
  relationships: Record<string, RelationshipSpec>;
}

/** Names the engines and the API use for their own nodes, relationships and fields: no ontology may take them. */
const RESERVED_KINDS = new Set(['Entity', 'Source', 'Mention', 'Money', 'Participant', 'Involvement', 'Affiliation', 'Relationship', 'Query', 'Mutation', 'Subscription', 'JSON']);
const RESERVED_TYPES = new Set(['MENTIONS']);
/** Entity columns the store writes itself, and the Entity interface's GraphQL fields. */
const RESERVED_ENTITY_NAMES = new Set(['id', 'kind', 'name', 'aliases', 'description', 'searchText', 'aliasText', 'properties', 'relationships', 'neighbors', 'sources']);
/** Relationship columns the store writes itself, and the Relationship type's GraphQL fields. */
const RESERVED_RELATIONSHIP_NAMES = new Set(['id', 'type', 'from', 'to', 'evidence', 'sources', 'properties', 'offsets']);

/**
 * Cypher's keywords (both engines'), refused in any case as a property or relationship type: they reach DDL and
 * queries unquoted, and
 * LadybugDB refuses `ALTER TABLE Entity ADD order STRING` (checked against the engine for each word).
 */
const CYPHER_KEYWORDS = new Set(
  `ADD ALL ALTER AND ANY AS ASC ASCENDING ATTACH BEGIN BY CALL CASE CAST COLUMN COMMIT CONTAINS COPY COUNT CREATE DEFAULT DELETE
  DESC DESCENDING DETACH DISTINCT DROP ELSE END ENDS EXISTS EXPLAIN EXPORT FALSE FOREACH FROM GROUP IF IMPORT IN INSTALL IS KEY
  LIMIT LOAD MACRO MATCH MERGE NONE NOT NULL ON OPTIONAL OR ORDER PRIMARY PROFILE REMOVE RETURN ROLLBACK SET SHORTEST SINGLE SKIP
  STARTS TABLE THEN TO TRUE UNION UNWIND USE WHEN WHERE WITH XOR YIELD`.split(/\s+/),
);

interface Problem {
  path: Array<string | number>;
  message: string;
}

/** Reads and checks the ontology at `file`; throws INVALID_ONTOLOGY listing every problem with its line. */
export function loadOntologyFile(file: string): Ontology {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new KgError('INVALID_ONTOLOGY', `ontology ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); set KG_ONTOLOGY to an ontology file`, { path: file });
  }
  return parseOntology(text, file);
}

/** Checks the YAML `text` of an ontology (`file` names it in messages). */
export function parseOntology(text: string, file: string): Ontology {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const where = (offset: number | undefined) => (offset === undefined ? file : `${file}:${lineCounter.linePos(offset).line}`);
  if (doc.errors.length > 0) {
    fail(file, doc.errors.map((e) => `${where(e.pos[0])}: ${e.message.split('\n')[0]}`));
  }
  const shaped = ontologyFileSchema.safeParse(doc.toJS({ maxAliasCount: 1000 }));
  const located = (problems: Problem[]) => problems.map((p) => `${where(offsetOf(doc, p.path))}: ${p.path.join('.') || '(top)'}: ${p.message}`);
  if (!shaped.success) {
    fail(
      file,
      located(
        shaped.error.issues.map((issue) => {
          const extra = issue.code === 'unrecognized_keys' ? issue.keys : [];
          const at = extra.length > 0 ? [...issue.path, extra[0]!] : issue.path;
          // A bad key of a record (a kind, type or property name) carries the name rule's own message inside.
          const inner = issue.code === 'invalid_key' ? issue.issues[0]?.message : undefined;
          const message = extra.length > 0 ? `unknown field "${extra.join('", "')}"` : (inner ?? issue.message);
          return { path: at as Array<string | number>, message };
        }),
      ),
    );
  }
  const data = shaped.data!;
  const problems: Problem[] = [];
  const kindNames = Object.keys(data.kinds);
  const keyword = (at: Array<string | number>, name: string) => {
    if (CYPHER_KEYWORDS.has(name.toUpperCase())) problems.push({ path: at, message: `"${name}" is a Cypher keyword; choose another name` });
  };
  // Properties are columns and types are tables of the embedded engine; a kind is only a value there (and a label).
  for (const [kind, spec] of Object.entries(data.kinds)) {
    for (const name of Object.keys(spec.properties)) keyword(['kinds', kind, 'properties', name], name);
  }
  for (const [type, spec] of Object.entries(data.relationships)) {
    keyword(['relationships', type], type);
    for (const name of Object.keys(spec.properties)) keyword(['relationships', type, 'properties', name], name);
  }

  const entityColumns = new Map<string, { type: PropertyType; kind: string }>();
  const kinds: Record<string, KindSpec> = {};
  for (const [kind, spec] of Object.entries(data.kinds)) {
    if (RESERVED_KINDS.has(kind)) problems.push({ path: ['kinds', kind], message: `"${kind}" is a name the product uses itself; choose another` });
    for (const [name, prop] of Object.entries(spec.properties)) {
      if (RESERVED_ENTITY_NAMES.has(name)) problems.push({ path: ['kinds', kind, 'properties', name], message: `"${name}" is a field every entity has; choose another name` });
      // The embedded engine keeps every kind in one table, so a property name has one type across kinds.
      const seen = entityColumns.get(name);
      if (seen && seen.type !== prop.type) {
        problems.push({ path: ['kinds', kind, 'properties', name, 'type'], message: `${prop.type} here, but ${seen.kind}.${name} is ${seen.type}; a property name has one type across kinds` });
      } else entityColumns.set(name, { type: prop.type, kind });
    }
    kinds[kind] = {
      description: spec.description,
      display: spec.display ?? kind,
      style: spec.style,
      properties: spec.properties as Record<string, PropertySpec>,
      ties: [],
      money: [],
      list: spec.list,
      generator: spec.generator ?? {},
    };
  }

  const relationshipColumns = new Map<string, { type: PropertyType; owner: string }>();
  const relationships: Record<string, RelationshipSpec> = {};
  for (const [type, spec] of Object.entries(data.relationships)) {
    if (RESERVED_TYPES.has(type)) problems.push({ path: ['relationships', type], message: `"${type}" is a relationship the product uses itself; choose another` });
    for (const side of ['from', 'to'] as const) {
      spec[side].forEach((k, i) => {
        if (!kinds[k]) problems.push({ path: ['relationships', type, side, i], message: `unknown kind "${k}"; the ontology declares ${kindNames.join(', ')}` });
      });
    }
    for (const [name, prop] of Object.entries(spec.properties)) {
      if (RESERVED_RELATIONSHIP_NAMES.has(name)) problems.push({ path: ['relationships', type, 'properties', name], message: `"${name}" is a field every relationship has; choose another name` });
      const seen = relationshipColumns.get(name);
      if (seen && seen.type !== prop.type) {
        problems.push({ path: ['relationships', type, 'properties', name, 'type'], message: `${prop.type} here, but ${seen.owner}.${name} is ${seen.type}; a relationship property name has one type across types` });
      } else relationshipColumns.set(name, { type: prop.type, owner: type });
    }
    relationships[type] = {
      description: spec.description,
      display: spec.display ?? type.toLowerCase().replace(/_/g, ' '),
      from: spec.from,
      to: spec.to,
      properties: spec.properties as Record<string, PropertySpec>,
      generator: spec.generator ?? {},
    };
  }

  for (const [kind, spec] of Object.entries(data.kinds)) {
    for (const [name, f] of Object.entries(spec.fields)) {
      const at = ['kinds', kind, 'fields', name];
      if (RESERVED_ENTITY_NAMES.has(name) || spec.properties[name]) {
        problems.push({ path: at, message: `"${name}" is already a field of ${kind} (a property or an Entity field); choose another name` });
        continue;
      }
      if (f.money) {
        if (f.direction || f.types || f.returns) problems.push({ path: at, message: 'a field is either money (amount, currency) or ties (direction, types, returns), not both' });
        for (const part of ['amount', 'currency'] as const) {
          const prop = spec.properties[f.money[part]];
          const want = part === 'amount' ? 'number' : 'string';
          if (prop?.type !== want) problems.push({ path: [...at, 'money', part], message: `"${f.money[part]}" must be a ${want} property of ${kind}` });
        }
        kinds[kind]!.money.push({ name, description: f.description, amount: f.money.amount, currency: f.money.currency });
        continue;
      }
      if (!f.direction || !f.types || !f.returns) {
        problems.push({ path: at, message: 'a field needs direction (OUT or IN), types and returns, or money { amount, currency }' });
        continue;
      }
      const side = f.direction === 'OUT' ? 'from' : 'to';
      f.types.forEach((t, i) => {
        const rel = relationships[t];
        if (!rel) problems.push({ path: [...at, 'types', i], message: `unknown relationship type "${t}"` });
        else if (!rel[side].includes(kind)) problems.push({ path: [...at, 'types', i], message: `${t} never has a ${kind} at its ${side} end (it joins ${rel.from.join('|')} to ${rel.to.join('|')})` });
      });
      const returns = f.returns;
      if (!(TIE_RETURNS as readonly string[]).includes(returns) && !kinds[returns]) {
        problems.push({ path: [...at, 'returns'], message: `returns one of ${TIE_RETURNS.join(', ')} or a kind, not "${returns}"` });
      }
      const entities = returns === 'Entity' || Boolean(kinds[returns]);
      kinds[kind]!.ties.push({
        name,
        description: f.description,
        direction: f.direction,
        types: f.types,
        returns: entities ? 'entities' : (returns as TieField['returns']),
        ...(entities ? { entityType: returns } : {}),
      });
    }
  }
  const listFields = new Map<string, string>();
  for (const [kind, spec] of Object.entries(data.kinds)) {
    if (!spec.list) continue;
    const at = ['kinds', kind, 'list'];
    const other = listFields.get(spec.list.field);
    if (other) problems.push({ path: [...at, 'field'], message: `${other} already lists itself as "${spec.list.field}"` });
    listFields.set(spec.list.field, kind);
    spec.list.types.forEach((t, i) => {
      const rel = relationships[t];
      if (!rel) problems.push({ path: [...at, 'types', i], message: `unknown relationship type "${t}"` });
      else if (!rel.to.includes(kind)) problems.push({ path: [...at, 'types', i], message: `${t} never ends at a ${kind} (it joins ${rel.from.join('|')} to ${rel.to.join('|')})` });
    });
  }
  if (problems.length > 0) fail(file, located(problems));
  return { file, kinds, relationships };
}

function fail(file: string, lines: string[]): never {
  const shown = lines.slice(0, 20);
  const more = lines.length > shown.length ? `\n… and ${lines.length - shown.length} more` : '';
  throw new KgError('INVALID_ONTOLOGY', `the ontology ${file} has ${lines.length === 1 ? 'a problem' : `${lines.length} problems`}:\n${shown.map((l) => `  ${l}`).join('\n')}${more}`, {
    path: file,
    ontologyProblems: lines,
  });
}

/** Where `path` starts in the file: the deepest node the path reaches (a key when the value is missing). */
function offsetOf(doc: Document, path: Array<string | number>): number | undefined {
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      // A field is reported at its key's line: the line a reader looks for, even when the value is a block below.
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if ((node as Node | null)?.range) offset = (node as Node).range![0];
    } else break;
  }
  return offset;
}
