/**
 * What the seed facts documents state, read straight from seed/*.facts.yaml and their texts, so tests derive
 * counts, ids and quotes from the documents instead of repeating numbers that change when a document is added.
 * The seed (what `kg seed` and a first start load) is the interview alone; tests that need the second article
 * load examples/ too (`openSeeded(engine, { examples: true })`) and pass `WITH_EXAMPLES` to these functions.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { EXAMPLES_DIR, SEED_DIR } from './engines';

/** One seed facts document with its source text. */
export interface SeedDocument {
  /** The source id the document declares. */
  id: string;
  title: string;
  text: string;
  entities: { id?: string; kind: string; name: string; aliases?: string[]; properties?: Record<string, unknown> }[];
  relationships: { type: string; from: string; to: string; evidence: string | string[]; properties?: Record<string, unknown> }[];
}

/** The facts documents of a folder in load order (file name order, as loadSeed reads them). */
function documentsIn(dir: string): SeedDocument[] {
  return fs
    .readdirSync(dir)
    .filter((n) => /\.facts\.(json|ya?ml)$/i.test(n))
    .sort()
    .map((n) => {
      const doc = YAML.parse(fs.readFileSync(path.join(dir, n), 'utf8'));
      const text = fs.readFileSync(path.join(dir, doc.source.textPath), 'utf8');
      return { id: doc.source.id, title: doc.source.title, text, entities: doc.entities, relationships: doc.relationships };
    });
}

/** The seed documents in load order: what `kg seed` and a server's first start load. */
export const SEED_DOCUMENTS: SeedDocument[] = documentsIn(SEED_DIR);

/** The example articles' documents (examples/), which the README's walkthrough adds to the seed. */
export const EXAMPLE_DOCUMENTS: SeedDocument[] = documentsIn(EXAMPLES_DIR);

/** The seed then the examples: the graph `openSeeded(engine, { examples: true })` holds. */
export const WITH_EXAMPLES: SeedDocument[] = [...SEED_DOCUMENTS, ...EXAMPLE_DOCUMENTS];

/** The seed or example document of a source id. */
export function seedDocument(sourceId: string): SeedDocument {
  const doc = WITH_EXAMPLES.find((d) => d.id === sourceId);
  if (!doc) throw new Error(`no seed or example document with source id ${sourceId}`);
  return doc;
}

// An entity declared without an id is one another document declares, found by name (the documents say so),
// so the graph's entities are exactly the declared ids.
const declaredCache = new Map<SeedDocument[], Map<string, SeedDocument['entities'][number]>>();
function declared(documents: SeedDocument[]): Map<string, SeedDocument['entities'][number]> {
  let found = declaredCache.get(documents);
  if (!found) declaredCache.set(documents, (found = new Map(documents.flatMap((d) => d.entities.filter((e) => e.id).map((e) => [e.id!, e] as const)))));
  return found;
}

/** Ids of the graph's entities that `documents` (default the seed) build, sorted; only those of `kind` when given. */
export function seedEntityIds(kind?: string, documents: SeedDocument[] = SEED_DOCUMENTS): string[] {
  return [...declared(documents).values()].filter((e) => !kind || e.kind === kind).map((e) => e.id!).sort();
}

/** The name a seed (or example) document declares for the entity `id`. */
export function seedEntityName(id: string, documents: SeedDocument[] = WITH_EXAMPLES): string {
  const entity = declared(documents).get(id);
  if (!entity) throw new Error(`no seed entity ${id}`);
  return entity.name;
}

/**
 * The entity a reference names: an id, or the name or an alias of an entity declared with an id, possibly after
 * a title ("President Vladimir Putin" is Vladimir Putin).
 */
export function seedRef(ref: string, documents: SeedDocument[] = WITH_EXAMPLES): string {
  const known = declared(documents);
  if (known.has(ref)) return ref;
  const names = (e: SeedDocument['entities'][number]) => [e.name, ...(e.aliases ?? [])];
  let named = [...known.values()].filter((e) => names(e).includes(ref));
  if (named.length === 0) named = [...known.values()].filter((e) => names(e).some((n) => ref.endsWith(` ${n}`)));
  if (named.length !== 1) throw new Error(`seed reference "${ref}" names ${named.length} entities`);
  return named[0]!.id!;
}

/** The graph entity a seed document's entity is: its id, or the declared entity its name refers to. */
export function seedEntityId(entity: SeedDocument['entities'][number]): string {
  return entity.id ?? seedRef(entity.name);
}

/** Every quote of `documents` (default the seed) stating `from|TYPE|to`, with the source that states it, in load order. */
export function seedEvidence(relationshipId: string, documents: SeedDocument[] = SEED_DOCUMENTS): { quote: string; sourceId: string }[] {
  return documents.flatMap((d) =>
    d.relationships
      .filter((r) => `${seedRef(r.from, documents)}|${r.type}|${seedRef(r.to, documents)}` === relationshipId)
      .flatMap((r) => [r.evidence].flat().map((quote) => ({ quote, sourceId: d.id }))),
  );
}

/** Ids (`from|TYPE|to`) of the relationships `documents` (default the seed) build, sorted: a tie stated by several documents is one. */
export function seedRelationshipIds(documents: SeedDocument[] = SEED_DOCUMENTS): string[] {
  return [...new Set(documents.flatMap((d) => d.relationships.map((r) => `${seedRef(r.from, documents)}|${r.type}|${seedRef(r.to, documents)}`)))].sort();
}
