/**
 * Ingesting facts documents over GraphQL (admin only), and the sentence around each mention.
 */
import { Ingestion, type DocumentReport } from '../../knowledge/ingest';
import { sentenceAt, sentencesOf } from '../../knowledge/mentions';
import type { Resolution } from '../../knowledge/resolve';
import { InvalidDocumentError, KgError } from '../../errors';
import type { ApiContext } from '../context';
import type { Resolvers } from '../generated/graphql';

/** An ingestion's report as the IngestReport type's resolvers receive it. */
export type IngestReportModel = ReturnType<typeof reportToGraphQL>;

/** Refuses a write unless the request carries the admin token; says which of the two is missing and what needed it. */
export function requireAdmin(ctx: ApiContext, action = 'ingesting'): void {
  if (ctx.isAdmin) return;
  if (!ctx.writesEnabled) {
    throw new KgError('FORBIDDEN', 'writes over the API are disabled on this server (KG_ADMIN_TOKEN is not set)');
  }
  throw new KgError('UNAUTHENTICATED', `${action} needs the admin bearer token (Authorization: Bearer <KG_ADMIN_TOKEN>)`);
}

export const ingestResolvers = {
  Mutation: {
    ingestDocument: async (_, args, ctx) => {
      requireAdmin(ctx);
      const raw = args.document as { source?: { id?: unknown; textPath?: unknown } } | null;
      const name = typeof raw?.source?.id === 'string' ? raw.source.id : 'document';
      if (raw?.source && raw.source.textPath !== undefined) {
        // The server never reads files for a client: the text travels with the document.
        throw new InvalidDocumentError(name, [{ path: 'source.textPath', message: 'over the API give the text inline in source.text' }]);
      }
      const report = await new Ingestion(ctx.store, { dryRun: args.dryRun ?? false }).ingest(name, raw);
      return reportToGraphQL(report);
    },
  },
  IngestReport: {
    source: (r, _a, ctx) => ctx.sources.load(r.sourceId),
  },
  EntityResolution: {
    entity: (r, _a, ctx) => ctx.entities.load(r.id),
  },
  Mention: {
    occurrences: async (m, _args, ctx) => {
      const source = await ctx.sources.load(m.sourceId);
      if (!source) return [];
      const sentences = sentencesOf(source.text);
      return m.offsets.map((offset) => {
        const s = sentenceAt(source.text, offset, sentences);
        return { offset, sentence: s?.text ?? '', sentenceOffset: s?.start ?? offset };
      });
    },
  },
} satisfies Resolvers;

function reportToGraphQL(r: DocumentReport) {
  const s = r.summary;
  return {
    sourceId: r.sourceId,
    dryRun: r.dryRun,
    entitiesCreated: s.entitiesCreated,
    entitiesMerged: s.entitiesUpdated,
    entitiesUnchanged: s.entitiesUnchanged,
    relationshipsCreated: s.relationshipsCreated,
    relationshipsUpdated: s.relationshipsUpdated,
    relationshipsUnchanged: s.relationshipsUnchanged,
    mentionedEntities: r.mentions.entities,
    mentions: r.mentions.occurrences,
    decisions: r.decisions,
    resolutions: r.resolutions.map((x: Resolution) => ({
      record: x.at,
      name: x.name,
      kind: x.kind,
      givenId: x.givenId,
      id: x.id,
      outcome: x.outcome === 'known-id' ? ('KNOWN_ID' as const) : x.outcome === 'matched' ? ('MATCHED' as const) : ('NEW' as const),
      possibleDuplicates: x.possibleDuplicates ?? [],
      matchedOn: x.matchedOn,
      existingName: x.existingName,
    })),
  };
}
