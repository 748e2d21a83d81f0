/**
 * What the reader and the add-article page ask the server: pages of sources, one source with its marks, the
 * ontology's relationship rules, a draft of an article (POST /admin/draft) and its dry-run or real ingest.
 * Every GraphQL request goes through api.ts's `graphql` (POST, JSON, Apollo's preflight header).
 */
import { ApiError, graphql, type EntityRecord, type RelationshipRecord } from './api';
import type { RelationshipRule } from './draft-review';

/** A source in the list. */
export interface SourceSummary {
  id: string;
  title: string;
  url: string | null;
  publisher: string | null;
  published: string | null;
  entityCount: number;
  relationshipCount: number;
}

/** A page of the list of sources, newest first. */
export interface SourcePage {
  sources: SourceSummary[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

/** A source with its text, its mentions and the relationships it states, each quote placed in the text. */
export interface SourceReading {
  source: SourceSummary & { text: string };
  mentions: Array<{ entity: EntityRecord; offsets: number[] }>;
  statements: Array<{ relationship: RelationshipRecord; quotes: Array<{ quote: string; start: number | null; end: number | null }> }>;
}

const SUMMARY = 'id title url publisher published entityCount relationshipCount';
const ENTITY = 'id kind name aliases description properties';

/** One page of sources after `after`. */
export async function fetchSources(first: number, after: string | null): Promise<SourcePage> {
  const data = await graphql<{ sources: { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; edges: Array<{ node: SourceSummary }> } }>(
    `query ReaderSources($first: Int, $after: String) { sources(first: $first, after: $after) { totalCount pageInfo { endCursor hasNextPage } edges { node { ${SUMMARY} } } } }`,
    { first, after },
  );
  const s = data.sources;
  return { sources: s.edges.map((e) => e.node), totalCount: s.totalCount, endCursor: s.pageInfo.endCursor, hasNextPage: s.pageInfo.hasNextPage };
}

/** A source for the reader; null when there is none with that id. */
export async function fetchSourceReading(id: string): Promise<SourceReading | null> {
  type Raw = {
    source:
      | (SourceSummary & {
          text: string;
          mentions: Array<{ entity: EntityRecord; offsets: number[] }>;
          statements: Array<{
            relationship: Omit<RelationshipRecord, 'from' | 'to'> & { from: { id: string }; to: { id: string } };
            quotes: Array<{ quote: string; start: number | null; end: number | null }>;
          }>;
        })
      | null;
  };
  const data = await graphql<Raw>(
    `query ReaderSource($id: ID!) { source(id: $id) { ${SUMMARY} text
      mentions { offsets entity { ${ENTITY} } }
      statements { quotes { quote start end } relationship { id type from { ${ENTITY} } to { ${ENTITY} } properties evidence { quote source { id title } } } }
    } }`,
    { id },
  );
  if (!data.source) return null;
  const { mentions, statements, ...source } = data.source;
  return {
    source,
    mentions,
    statements: statements.map((s) => ({
      quotes: s.quotes,
      relationship: { ...s.relationship, from: s.relationship.from.id, to: s.relationship.to.id, properties: s.relationship.properties ?? {} },
    })),
  };
}

/** Each relationship type with the kinds it may join, for the review's type choices. */
export async function fetchRelationshipRules(): Promise<RelationshipRule[]> {
  const data = await graphql<{ relationshipRules: RelationshipRule[] }>('query ReviewRules { relationshipRules { type from to description } }');
  return data.relationshipRules;
}

/** What the server drafts from an article (src/knowledge/draft.ts), as far as the review reads it. */
export interface DraftAnswer {
  sourceId: string;
  title: string;
  entities: Array<{ id: string; kind: string; name: string; known: boolean; offsets: number[] }>;
  evidence: Array<{ sentence: string; offset: number; from: string; to: string; allowedTypes: string[]; type?: string; suggestedType?: string }>;
}

/** A problem the server found in a document, by record and field. */
export interface DocumentProblem {
  path: string;
  message: string;
}

/** An error answer with every problem of a refused document. */
export class RefusedError extends ApiError {
  constructor(
    message: string,
    code: string | undefined,
    readonly problems: DocumentProblem[],
  ) {
    super(message, code);
  }
}

/** Asks the server to draft a facts document from `text` (needs the admin token; reads the graph's names, writes nothing). */
export async function draftArticle(text: string, title: string, sourceId: string | undefined, token: string): Promise<DraftAnswer> {
  let response: Response;
  try {
    response = await fetch('/admin/draft', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ text, title, ...(sourceId ? { sourceId } : {}) }),
    });
  } catch (e) {
    throw new ApiError(`The server cannot be reached (${(e as Error).message})`, 'NETWORK');
  }
  const body = (await response.json().catch(() => null)) as (DraftAnswer & { errors?: Array<{ message: string; extensions?: { code?: string; path?: string } }> }) | null;
  if (!response.ok || !body || body.errors) {
    const error = body?.errors?.[0];
    throw new RefusedError(error?.message ?? `The server answered ${response.status} ${response.statusText}`, error?.extensions?.code, error?.extensions?.path ? [{ path: error.extensions.path, message: error.message }] : []);
  }
  return body;
}

/** What ingesting the reviewed document did, or in a dry run would do. */
export interface IngestAnswer {
  sourceId: string;
  dryRun: boolean;
  entitiesCreated: number;
  entitiesMerged: number;
  entitiesUnchanged: number;
  relationshipsCreated: number;
  relationshipsUpdated: number;
  relationshipsUnchanged: number;
  mentionedEntities: number;
  mentions: number;
  resolutions: Array<{ record: string; name: string; kind: string; givenId: string | null; id: string; outcome: 'KNOWN_ID' | 'MATCHED' | 'VARIANT' | 'NEW'; matchedOn: string | null; existingName: string | null; possibleDuplicates: Array<{ id: string; name: string; why: string }> }>;
  /** The source as the graph holds it before this ingest (a dry run of a new source: null). */
  source: { id: string; title: string } | null;
}

/** Ingests a facts document (dry run: nothing written); a refusal throws RefusedError with every problem. */
export async function ingestArticle(document: unknown, dryRun: boolean, token: string): Promise<IngestAnswer> {
  try {
    const data = await graphql<{ ingestDocument: IngestAnswer }>(
      `mutation ReviewIngest($document: JSON!, $dryRun: Boolean) { ingestDocument(document: $document, dryRun: $dryRun) {
        sourceId dryRun entitiesCreated entitiesMerged entitiesUnchanged relationshipsCreated relationshipsUpdated relationshipsUnchanged mentionedEntities mentions
        resolutions { record name kind givenId id outcome matchedOn existingName possibleDuplicates { id name why } }
        source { id title }
      } }`,
      { document, dryRun },
      token,
    );
    return data.ingestDocument;
  } catch (e) {
    const extensions = (e as ApiError).extensions as { problems?: DocumentProblem[] } | undefined;
    if (e instanceof ApiError && extensions?.problems) throw new RefusedError(e.message, e.code, extensions.problems);
    throw e;
  }
}
