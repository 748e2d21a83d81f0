/**
 * The decisions part of the engine contract: merges, keeping apart, refusals that leave the graph as it was,
 * redirects, and replay into an empty graph, on every engine (called with one line from engineContract).
 */
import type { DocumentWrite, GraphDump, GraphStore } from '../../src/graph/port';
import { entityOrSurvivor, keepApart, mergeEntities, replayDecisions } from '../../src/knowledge/decisions';
import { findDuplicates } from '../../src/knowledge/duplicates';
import { loadSeed } from '../../src/knowledge/load';
import { SEED_DIR, type EngineUnderTest } from './engines';
import { seedEvidence, seedRelationshipIds } from './seed';

/** A later article naming the envoy in full: its ENVOY_OF tie is the seed's, its VISITED tie is new. */
const TEXT = "Kazem Jalali, Iran's Envoy to Moscow, travelled across Russia. Kazem Jalali met reporters.";
export const FULL_NAME_DOCUMENT: DocumentWrite = {
  source: { id: 'envoy-full-name', title: 'The envoy by his full name', url: null, publisher: null, published: '2024-05-01', text: TEXT },
  entities: [
    { id: 'kazem-jalali', kind: 'Person', name: 'Kazem Jalali', aliases: ['K. Jalali'], description: 'Iran’s envoy, named in full.', properties: { role: 'Ambassador' } },
    { id: 'iran', kind: 'Country', name: 'Iran', aliases: [], description: null, properties: {} },
    { id: 'russia', kind: 'Country', name: 'Russia', aliases: [], description: null, properties: {} },
  ],
  relationships: [
    { id: 'kazem-jalali|ENVOY_OF|iran', type: 'ENVOY_OF', from: 'kazem-jalali', to: 'iran', properties: {}, evidence: [{ quote: "Kazem Jalali, Iran's Envoy to Moscow", sourceId: 'envoy-full-name' }] },
    { id: 'kazem-jalali|VISITED|russia', type: 'VISITED', from: 'kazem-jalali', to: 'russia', properties: {}, evidence: [{ quote: 'Kazem Jalali, Iran\'s Envoy to Moscow, travelled across Russia', sourceId: 'envoy-full-name' }] },
  ],
  mentions: { 'kazem-jalali': [TEXT.indexOf('Kazem'), TEXT.lastIndexOf('Kazem')], iran: [TEXT.indexOf('Iran')], russia: [TEXT.indexOf('Russia.')] },
  // As ingest states every property value: the role, with its source.
  claims: [{ subject: 'kazem-jalali', property: 'role', value: 'Ambassador', quote: null, time: null }],
};

/** A one-line note naming one person. */
const note = (id: string, name: string): DocumentWrite => ({
  source: { id: `note-${id}`, title: name, url: null, publisher: null, published: null, text: `${name} spoke.` },
  entities: [{ id, kind: 'Person', name, aliases: [], description: null, properties: {} }],
  relationships: [],
  mentions: { [id]: [0] },
});

/** A dump without what differs between two loads of the same documents (ingest times). */
function comparable(dump: GraphDump): GraphDump {
  return { ...dump, sources: dump.sources.map((s) => ({ ...s, ingestedAt: null })) };
}

export function decisionsContract(engine: EngineUnderTest): void {
  describe(`decisions on ${engine.name}`, () => {
    let store: GraphStore;
    beforeAll(async () => {
      store = await engine.open();
      await loadSeed(store, SEED_DIR);
      await store.writeDocument(FULL_NAME_DOCUMENT);
    });
    afterAll(async () => store?.close());

    it('refuses, graph unchanged, a merge the ontology cannot reconcile, one between two the sources tie, and unknown ids', async () => {
      const before = await store.exportGraph();
      // A country into a person: the country's ties (COOPERATES_WITH …) cannot start at a person.
      const crossKind = mergeEntities(store, { keep: 'jalali', merge: 'iran', actor: 'ana' });
      await expect(crossKind).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
      await expect(crossKind).rejects.toThrow(/the ontology does not let `COOPERATES_WITH` join a Person/);
      // Putin MET_WITH Larijani: a source speaks of them as two.
      expect(seedRelationshipIds()).toContain('vladimir-putin|MET_WITH|ali-larijani');
      await expect(mergeEntities(store, { keep: 'vladimir-putin', merge: 'ali-larijani', actor: 'ana' })).rejects.toThrow(
        /a source states `vladimir-putin MET_WITH ali-larijani` between the two/,
      );
      await expect(mergeEntities(store, { keep: 'jalali', merge: 'nobody-of-that-id', actor: 'ana' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(mergeEntities(store, { keep: 'jalali', merge: 'jalali', actor: 'ana' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
      await expect(keepApart(store, { a: 'jalali', b: 'nobody-of-that-id', actor: 'ana' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await store.exportGraph()).toEqual(before);
      expect(await store.decisions()).toEqual([]);
    });

    it('merges: every relationship, quote, source, mention and alias moves to the survivor, identical ties collapse, a redirect stays', async () => {
      const statsBefore = await store.stats();
      const { decision, summary } = await mergeEntities(store, { keep: 'jalali', merge: 'kazem-jalali', actor: 'ana', reason: 'the same envoy, named in full' });
      expect(decision).toMatchObject({ action: 'merge', subjects: ['jalali', 'kazem-jalali'], actor: 'ana', reason: 'the same envoy, named in full' });
      expect(decision.merged).toMatchObject({ id: 'kazem-jalali', name: 'Kazem Jalali', properties: { role: 'Ambassador' } });
      expect(Date.parse(decision.at)).not.toBeNaN();
      expect(summary).toMatchObject({ relationshipsMoved: 2, relationshipsCollapsed: 1, mentionsMoved: 1, aliasesAdded: ['Kazem Jalali', 'K. Jalali'] });

      const [gone, jalali] = await store.getEntities(['kazem-jalali', 'jalali']);
      expect(gone).toBeNull();
      // The survivor's own name and description stand; the merged names become aliases.
      expect(jalali).toMatchObject({ name: 'Jalali', aliases: ['Kazem Jalali', 'K. Jalali'] });
      // What each source claimed of either now speaks of the survivor, side by side; the role holds the claim the rule
      // picks (the dated article over the undated interview), and the two show as a conflict.
      const [claims, left] = await store.claimsOf(['jalali', 'kazem-jalali']);
      expect(left).toEqual([]);
      const roles = claims!.filter((c) => c.property === 'role');
      expect(roles.map((c) => [c.value, c.sources.map((s) => s.sourceId)]).sort()).toEqual([
        ['Ambassador', ['envoy-full-name']],
        ['Envoy to Moscow', ['iran-russia-envoy-interview']],
      ]);
      expect(roles.find((c) => c.current)?.value).toBe('Ambassador');
      expect(jalali!.properties.role).toBe('Ambassador');
      expect(await store.conflicts({ first: 50 })).toEqual(expect.arrayContaining([expect.objectContaining({ subject: 'jalali', property: 'role' })]));
      const [envoy, visited] = await store.getRelationships(['jalali|ENVOY_OF|iran', 'jalali|VISITED|russia']);
      expect(envoy!.evidence).toEqual([...seedEvidence('jalali|ENVOY_OF|iran'), ...FULL_NAME_DOCUMENT.relationships[0]!.evidence]);
      expect(visited!.evidence).toEqual(FULL_NAME_DOCUMENT.relationships[1]!.evidence);
      const mentions = await store.sourcesMentioning('jalali');
      expect(mentions.find((m) => m.source.id === 'envoy-full-name')?.offsets).toEqual(FULL_NAME_DOCUMENT.mentions['kazem-jalali']);
      const stats = await store.stats();
      expect(stats.entities).toBe(statsBefore.entities - 1);
      expect(stats.relationships).toBe(statsBefore.relationships - 1);
      expect(stats.mentions).toBe(statsBefore.mentions); // the source's link moved from one to the other
      // Search and the relationship pages follow the write (the embedded engine's indexes).
      expect((await store.search('Kazem Jalali', { first: 5 }))[0]?.entity.id).toBe('jalali');
      expect((await store.relationshipsOf('jalali', { direction: 'OUT', types: ['VISITED'], first: 5 })).items.map((e) => e.other.id)).toEqual(['russia']);

      const redirect = await entityOrSurvivor(store, 'kazem-jalali');
      expect(redirect).toMatchObject({ entity: { id: 'jalali' }, redirectedFrom: 'kazem-jalali', merges: [{ id: decision.id }] });
      expect(await store.decisions({ subjects: ['kazem-jalali'] })).toEqual([decision]);
    });

    it('follows a chain of merges, and of two merges of the same pair at once one lands and the other finds nothing to merge', async () => {
      for (const [id, name] of [['m-one', 'Mohammad One'], ['m-two', 'Mohammad Two'], ['m-three', 'Mohammad Three']]) await store.writeDocument(note(id!, name!));
      const both = await Promise.allSettled([
        mergeEntities(store, { keep: 'm-two', merge: 'm-one', actor: 'ana' }),
        mergeEntities(store, { keep: 'm-two', merge: 'm-one', actor: 'ben' }),
      ]);
      expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(both.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'NOT_FOUND', message: 'no entity with id m-one to merge' } });
      await mergeEntities(store, { keep: 'm-three', merge: 'm-two', actor: 'ana' });
      expect(await entityOrSurvivor(store, 'm-one')).toMatchObject({ entity: { id: 'm-three', aliases: ['Mohammad Two', 'Mohammad One'] }, redirectedFrom: 'm-one', merges: [{ subjects: ['m-two', 'm-one'] }, { subjects: ['m-three', 'm-two'] }] });
      expect((await store.sourcesMentioning('m-three')).map((m) => m.source.id)).toEqual(['note-m-one', 'note-m-three', 'note-m-two']);
      expect(await entityOrSurvivor(store, 'never-was')).toBeNull();
    });

    it('keeps two apart: stored once, and the pair leaves the duplicates list', async () => {
      const write: DocumentWrite = {
        source: { id: 'two-larijanis', title: 'Another Larijani', url: null, publisher: null, published: null, text: 'Sadegh Larijani spoke.' },
        entities: [{ id: 'sadegh-larijani', kind: 'Person', name: 'Sadegh Larijani', aliases: ['Larijani'], description: null, properties: {} }],
        relationships: [],
        mentions: { 'sadegh-larijani': [0] },
      };
      await store.writeDocument(write);
      const pairOf = async () => (await findDuplicates(store, { kind: 'Person' })).pairs.find((p) => [p.a.entity.id, p.b.entity.id].sort().join() === 'ali-larijani,sadegh-larijani');
      expect(await pairOf()).toBeDefined();
      const decision = await keepApart(store, { a: 'sadegh-larijani', b: 'ali-larijani', actor: 'ben', reason: 'brothers' });
      expect(decision).toMatchObject({ action: 'keep-apart', subjects: ['ali-larijani', 'sadegh-larijani'], actor: 'ben', reason: 'brothers', merged: null });
      expect(await keepApart(store, { a: 'ali-larijani', b: 'sadegh-larijani', actor: 'other' })).toEqual(decision);
      expect(await pairOf()).toBeUndefined();
      // Kept apart, never merged: the merge is refused naming the decision, and nothing changes.
      const before = await store.exportGraph();
      await expect(mergeEntities(store, { keep: 'ali-larijani', merge: 'sadegh-larijani', actor: 'ana' })).rejects.toThrow(
        /^cannot merge sadegh-larijani into ali-larijani: ben kept them apart at .+ \("brothers"\) \(decision keep-apart\|ali-larijani\|sadegh-larijani\)$/,
      );
      expect(await store.exportGraph()).toEqual(before);
      expect((await store.decisions()).map((d) => d.action)).toEqual(['merge', 'merge', 'merge', 'keep-apart']);
    });

    it('replays into an empty graph: the decisions imported, the same documents ingested, the rebuilt graph equals the curated one', async () => {
      const curated = await store.exportGraph();
      const decisions = await store.decisions();
      const rebuilt = await engine.open();
      try {
        expect(await rebuilt.importDecisions(decisions)).toBe(decisions.length);
        expect(await rebuilt.importDecisions(decisions)).toBe(0);
        await loadSeed(rebuilt, SEED_DIR);
        await rebuilt.writeDocument(FULL_NAME_DOCUMENT);
        const replay = await replayDecisions(rebuilt);
        expect(replay).toEqual({ replayed: [{ decision: decisions[0]!.id, keep: 'jalali', merged: 'kazem-jalali' }], refused: [] });
        // The chain's documents in another order: nothing replays until both ends of a merge are back, then in order.
        await rebuilt.writeDocument(note('m-three', 'Mohammad Three'));
        await rebuilt.writeDocument(note('m-one', 'Mohammad One'));
        expect(await replayDecisions(rebuilt)).toEqual({ replayed: [], refused: [] });
        await rebuilt.writeDocument(note('m-two', 'Mohammad Two'));
        expect((await replayDecisions(rebuilt)).replayed.map((r) => `${r.merged}>${r.keep}`)).toEqual(['m-one>m-two', 'm-two>m-three']);
        await rebuilt.writeDocument({
          source: { id: 'two-larijanis', title: 'Another Larijani', url: null, publisher: null, published: null, text: 'Sadegh Larijani spoke.' },
          entities: [{ id: 'sadegh-larijani', kind: 'Person', name: 'Sadegh Larijani', aliases: ['Larijani'], description: null, properties: {} }],
          relationships: [],
          mentions: { 'sadegh-larijani': [0] },
        });
        expect(await replayDecisions(rebuilt)).toEqual({ replayed: [], refused: [] });
        expect(comparable(await rebuilt.exportGraph())).toEqual(comparable(curated));
        expect(await rebuilt.decisions()).toEqual(decisions);
      } finally {
        await rebuilt.close();
      }
    });
  });
}
