/**
 * The review of a drafted article as data: the rows the analyst accepts, fixes or drops, the facts document they
 * make, the checks the page can make before asking the server, and where each of the server's problems belongs.
 */
import { normaliseTypography, quoteOccursIn } from '../../text/normalise';

/** Which kinds a relationship type may join (the API's `relationshipRules`). */
export interface RelationshipRule {
  type: string;
  from: string[];
  to: string[];
  description: string;
}

/** The article's own fields. */
export interface SourceFields {
  id: string;
  title: string;
  url: string;
  publisher: string;
  published: string;
  text: string;
}

/** One entity of the review: the graph's own (`known`, fixed id, name and kind) or a candidate. */
export interface EntityRow {
  key: string;
  accepted: boolean;
  known: boolean;
  /** The graph's id of a known entity; empty for a candidate (its id is made from its name). */
  id: string;
  name: string;
  kind: string;
  /** Where the text names it (for marking the article). */
  offsets: number[];
}

/** One relationship of the review, between two entity rows (by key). */
export interface RelationshipRow {
  key: string;
  accepted: boolean;
  from: string;
  to: string;
  type: string;
  evidence: string;
}

/** A problem and the field it concerns: `source.title`, `entity:<key>.kind`, `relationship:<key>.type`, `relationship:<key>` … */
export interface FieldProblem {
  target: string;
  message: string;
}

/** The facts document a review makes, and which rows each of its records came from. */
export interface BuiltDocument {
  document: {
    source: Record<string, string>;
    entities: Array<{ id: string; kind: string; name: string }>;
    relationships: Array<{ type: string; from: string; to: string; evidence: string | string[] }>;
  };
  /** entities[i] came from the entity row with this key. */
  entityAt: string[];
  /** relationships[i] came from these relationship rows (one per quote, in evidence order). */
  relationshipAt: string[][];
  problems: FieldProblem[];
}

/** The types the ontology allows from an entity of kind `from` to one of kind `to`, in the ontology's order. */
export function allowedTypes(rules: RelationshipRule[], from: string, to: string): string[] {
  return rules.filter((r) => r.from.includes(from) && r.to.includes(to)).map((r) => r.type);
}

/** A lowercase slug of a name, as facts documents write ids ("Alexey Likhachev" → "alexey-likhachev"). */
export function slugOf(name: string): string {
  return normaliseTypography(name)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The id each entity row goes by in the document: a known entity's own, else a slug of its name, made unique. */
export function rowIds(rows: EntityRow[]): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set(rows.filter((r) => r.known).map((r) => r.id));
  for (const row of rows) {
    if (row.known) {
      ids.set(row.key, row.id);
      continue;
    }
    const base = slugOf(row.name) || 'entity';
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    ids.set(row.key, id);
  }
  return ids;
}

/** Whether a string is a web address the server will take (http or https). */
function isWebAddress(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** Checks the review and builds its facts document; `problems` lists what must be fixed first, each at its field. */
export function buildDocument(source: SourceFields, entities: EntityRow[], relationships: RelationshipRow[], rules: RelationshipRule[]): BuiltDocument {
  const problems: FieldProblem[] = [];
  const at = (target: string, message: string) => problems.push({ target, message });
  if (!source.title.trim()) at('source.title', 'give the article a title');
  if (!source.text.trim()) at('source.text', 'paste or upload the article’s text');
  if (source.url.trim() && !isWebAddress(source.url.trim())) at('source.url', 'not a web address: give one starting with http:// or https://');
  if (source.published && !/^\d{4}-\d{2}-\d{2}$/.test(source.published)) at('source.published', 'give the date as YYYY-MM-DD');
  const sourceId = source.id.trim() || slugOf(source.title);
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(sourceId)) at('source.id', 'the id must be a lowercase slug such as "rosatom-in-iran"');

  const ids = rowIds(entities);
  const rowOf = new Map(entities.map((e) => [e.key, e]));
  const accepted = entities.filter((e) => e.accepted);
  for (const e of accepted) {
    if (!e.name.trim()) at(`entity:${e.key}.name`, 'give the entity a name');
    if (!e.kind) at(`entity:${e.key}.kind`, 'choose a kind');
  }

  const grouped = new Map<string, { type: string; from: string; to: string; quotes: string[]; rows: string[] }>();
  for (const r of relationships.filter((x) => x.accepted)) {
    const [from, to] = [rowOf.get(r.from), rowOf.get(r.to)];
    let fine = true;
    for (const [end, row] of [['from', from], ['to', to]] as const) {
      if (!row) {
        at(`relationship:${r.key}.${end}`, 'choose an entity');
        fine = false;
      } else if (!row.accepted) {
        at(`relationship:${r.key}.${end}`, `${row.name || 'this entity'} is dropped: accept it or drop this relationship`);
        fine = false;
      }
    }
    if (from && to && from.key === to.key) {
      at(`relationship:${r.key}.to`, 'a relationship joins two different entities');
      fine = false;
    }
    if (!r.type) {
      at(`relationship:${r.key}.type`, 'choose a type');
      fine = false;
    } else if (from && to && from.kind && to.kind && !allowedTypes(rules, from.kind, to.kind).includes(r.type)) {
      const allowed = allowedTypes(rules, from.kind, to.kind);
      at(`relationship:${r.key}.type`, `${r.type} cannot join ${from.kind} to ${to.kind}; ${allowed.length ? `choose ${allowed.join(', ')}` : 'no type does: swap the ends or change a kind'}`);
      fine = false;
    }
    if (!normaliseTypography(r.evidence)) {
      at(`relationship:${r.key}.evidence`, 'give the sentence or words of the article that state it');
      fine = false;
    } else if (!quoteOccursIn(r.evidence, source.text)) {
      at(`relationship:${r.key}.evidence`, 'the quote is not in the article’s text: select it in the article');
      fine = false;
    }
    if (!fine || !from || !to) continue;
    const key = `${ids.get(from.key)}|${r.type}|${ids.get(to.key)}`;
    const group = grouped.get(key) ?? { type: r.type, from: ids.get(from.key)!, to: ids.get(to.key)!, quotes: [], rows: [] };
    // The same tie stated twice is one relationship with both quotes.
    if (!group.quotes.includes(r.evidence)) {
      group.quotes.push(r.evidence);
      group.rows.push(r.key);
    }
    grouped.set(key, group);
  }

  const document: BuiltDocument['document'] = {
    source: {
      id: sourceId,
      title: source.title.trim(),
      text: source.text,
      ...(source.url.trim() ? { url: source.url.trim() } : {}),
      ...(source.publisher.trim() ? { publisher: source.publisher.trim() } : {}),
      ...(source.published ? { published: source.published } : {}),
    },
    entities: accepted.map((e) => ({ id: ids.get(e.key)!, kind: e.kind, name: e.name.trim() })),
    relationships: [...grouped.values()].map((g) => ({ type: g.type, from: g.from, to: g.to, evidence: g.quotes.length === 1 ? g.quotes[0]! : g.quotes })),
  };
  return { document, entityAt: accepted.map((e) => e.key), relationshipAt: [...grouped.values()].map((g) => g.rows), problems };
}

/**
 * The field a problem of the server concerns, from its path: `source.url`, `entities[2] (Moscow).kind`,
 * `relationships[0] (a VISITED b).evidence[1]`; anything else is the document's as a whole (`document`).
 */
export function placeProblem(path: string, built: Pick<BuiltDocument, 'entityAt' | 'relationshipAt'>): string {
  const source = /^source\.(\w+)/.exec(path);
  if (source) return `source.${source[1] === 'textPath' ? 'text' : source[1]}`;
  const record = /^(entities|relationships)\[(\d+)\]/.exec(path);
  if (!record) return 'document';
  const index = Number(record[2]);
  const field = /\.(\w+)(?:\[(\d+)\])?$/.exec(path.slice(record[0].length).replace(/^ \(.*\)(?=\.|$)/, ''));
  if (record[1] === 'entities') {
    const key = built.entityAt[index];
    return key === undefined ? 'document' : `entity:${key}${field ? `.${field[1]}` : ''}`;
  }
  const rows = built.relationshipAt[index];
  if (!rows) return 'document';
  const row = field?.[1] === 'evidence' && field[2] !== undefined ? rows[Number(field[2])] ?? rows[0] : rows[0];
  return `relationship:${row}${field ? `.${field[1]}` : ''}`;
}
