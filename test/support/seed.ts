/**
 * What the seed facts documents state, read straight from seed/*.facts.yaml and their texts, so tests derive
 * counts, ids and quotes from the documents instead of repeating numbers that change when a document is added.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { SEED_DIR } from './engines';

/** One seed facts document with its source text. */
export interface SeedDocument {
  /** The source id the document declares. */
  id: string;
  title: string;
  text: string;
  entities: { id?: string; kind: string; name: string; aliases?: string[]; properties?: Record<string, unknown> }[];
  relationships: { type: string; from: string; to: string; evidence: string | string[]; properties?: Record<string, unknown> }[];
}

/** The seed documents in load order (file name order, as loadSeed reads them). */
export const SEED_DOCUMENTS: SeedDocument[] = fs
  .readdirSync(SEED_DIR)
  .filter((n) => /\.facts\.(json|ya?ml)$/i.test(n))
  .sort()
  .map((n) => {
    const doc = YAML.parse(fs.readFileSync(path.join(SEED_DIR, n), 'utf8'));
    const text = fs.readFileSync(path.join(SEED_DIR, doc.source.textPath), 'utf8');
    return { id: doc.source.id, title: doc.source.title, text, entities: doc.entities, relationships: doc.relationships };
  });

/** The seed document of a source id. */
export function seedDocument(sourceId: string): SeedDocument {
  const doc = SEED_DOCUMENTS.find((d) => d.id === sourceId);
  if (!doc) throw new Error(`no seed document with source id ${sourceId}`);
  return doc;
}

// An entity declared without an id is one another document declares, found by name (the documents say so),
// so the graph's entities are exactly the declared ids.
const declared = new Map(SEED_DOCUMENTS.flatMap((d) => d.entities.filter((e) => e.id).map((e) => [e.id!, e] as const)));

/** Ids of the seed graph's entities, sorted; only those of `kind` when given. */
export function seedEntityIds(kind?: string): string[] {
  return [...declared.values()].filter((e) => !kind || e.kind === kind).map((e) => e.id!).sort();
}

/** The name a seed document declares for the entity `id`. */
export function seedEntityName(id: string): string {
  const entity = declared.get(id);
  if (!entity) throw new Error(`no seed entity ${id}`);
  return entity.name;
}

/**
 * The entity a reference names: an id, or the name or an alias of an entity declared with an id, possibly after
 * a title ("President Vladimir Putin" is Vladimir Putin).
 */
export function seedRef(ref: string): string {
  if (declared.has(ref)) return ref;
  const names = (e: SeedDocument['entities'][number]) => [e.name, ...(e.aliases ?? [])];
  let named = [...declared.values()].filter((e) => names(e).includes(ref));
  if (named.length === 0) named = [...declared.values()].filter((e) => names(e).some((n) => ref.endsWith(` ${n}`)));
  if (named.length !== 1) throw new Error(`seed reference "${ref}" names ${named.length} entities`);
  return named[0]!.id!;
}

/** The graph entity a seed document's entity is: its id, or the declared entity its name refers to. */
export function seedEntityId(entity: SeedDocument['entities'][number]): string {
  return entity.id ?? seedRef(entity.name);
}

/** Every quote of the seed stating `from|TYPE|to`, with the source that states it, in load order. */
export function seedEvidence(relationshipId: string): { quote: string; sourceId: string }[] {
  return SEED_DOCUMENTS.flatMap((d) =>
    d.relationships
      .filter((r) => `${seedRef(r.from)}|${r.type}|${seedRef(r.to)}` === relationshipId)
      .flatMap((r) => [r.evidence].flat().map((quote) => ({ quote, sourceId: d.id }))),
  );
}

/** Ids (`from|TYPE|to`) of the seed graph's relationships, sorted: a tie stated by several documents is one relationship. */
export function seedRelationshipIds(): string[] {
  return [...new Set(SEED_DOCUMENTS.flatMap((d) => d.relationships.map((r) => `${seedRef(r.from)}|${r.type}|${seedRef(r.to)}`)))].sort();
}
