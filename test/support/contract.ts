/**
 * The engine contract: every engine behind the GraphStore port gives the same answers on the seed graph. An engine
 * plug-in's test calls `engineContract` with a way to open a fresh, empty store of its engine; test/graph/contract.test.ts
 * runs it against the embedded engine always and against Neo4j when NEO4J_URI is set.
 */
import type { GraphDump, GraphSlice, GraphStore } from '../../src/graph/port';
import { loadSeed } from '../../src/knowledge/load';
import { decisionsContract } from './contract-decisions';
import { claimsContract } from './contract-claims';
import { EXAMPLES_DIR, openSeeded, SEED_DIR, type EngineUnderTest } from './engines';
import { WITH_EXAMPLES as SEED_DOCUMENTS, seedEntityIds, seedEntityId, seedEvidence, seedRelationshipIds } from './seed';

/** Fails on anything that is not plain JSON: BigInt, engine Integer/Node objects, Dates, Maps. */
function expectPlainJson(value: unknown, at = 'value'): void {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return;
  if (Array.isArray(value)) return value.forEach((v, i) => expectPlainJson(v, `${at}[${i}]`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value as object)) expectPlainJson(v, `${at}.${k}`);
    return;
  }
  throw new Error(`${at} is not plain JSON: ${typeof value} ${Object.prototype.toString.call(value)}`);
}

/** Declares the contract suite for one engine: `engine.open()` gives a fresh, empty store of it. */
export function engineContract(engine: EngineUnderTest): void {
  decisionsContract(engine);
  claimsContract(engine);
  describe(`GraphStore contract on ${engine.name}`, () => {
    let store: GraphStore;
    beforeAll(async () => {
      // The seed and the example article: the tests below need the second source.
      store = await openSeeded(engine, { examples: true });
    });
    afterAll(async () => store?.close());

    it('holds every seed document: the required entities, typed relationships and one source per document', async () => {
      const ids = ['jalali', 'ali-larijani', 'vladimir-putin', 'atomic-energy-organization', 'north-south-transport-corridor', 'rasht-astara-railway', 'bushehr-nuclear-power-plant', 'iran', 'russia', 'china', 'united-states', 'azerbaijan', 'alexander-novak', 'rasht-astara-railway-agreement'];
      const found = await store.getEntities(ids);
      expect(found.map((e) => e?.id)).toEqual(ids);
      const stats = await store.stats();
      expect(stats.sources).toBe(SEED_DOCUMENTS.length);
      expect(stats.entities).toBe(seedEntityIds(undefined, SEED_DOCUMENTS).length);
      expect(stats.relationships).toBe(seedRelationshipIds(SEED_DOCUMENTS).length);
      expect(Object.keys(stats.relationshipsByType)).not.toContain('RELATED_TO');
      // Each source is linked to every entity it declares; the first one, loaded into an empty graph, to those only.
      let links = 0;
      for (const doc of SEED_DOCUMENTS) {
        const named = (await store.entitiesMentionedBy(doc.id)).map((m) => m.entity.id);
        expect(named).toEqual(expect.arrayContaining(doc.entities.map(seedEntityId)));
        links += named.length;
      }
      expect(stats.mentions).toBe(links);
      const first = SEED_DOCUMENTS[0]!;
      expect((await store.entitiesMentionedBy(first.id)).map((m) => m.entity.id).sort()).toEqual(first.entities.map((e) => e.id).sort());
      const dump = await store.exportGraph();
      expect([...new Set(dump.mentions.map((m) => m.entityId))].sort()).toEqual(seedEntityIds(undefined, SEED_DOCUMENTS));
    });

    it('keeps the quotes of every source that states the same relationship', async () => {
      const id = 'russia|PARTICIPATES_IN|rasht-astara-railway';
      const expected = seedEvidence(id, SEED_DOCUMENTS);
      expect(expected.map((e) => e.sourceId)).toEqual(['iran-russia-envoy-interview', 'rasht-astara-railway-agreement']);
      const [tie] = await store.getRelationships([id]);
      expect(tie!.evidence).toEqual(expected);
      const [cooperation] = await store.getRelationships(['iran|COOPERATES_WITH|russia']);
      expect(cooperation!.evidence).toEqual(seedEvidence('iran|COOPERATES_WITH|russia', SEED_DOCUMENTS));
      expect(new Set(cooperation!.evidence.map((e) => e.sourceId)).size).toBe(2);
    });

    it('loading the seed again changes nothing', async () => {
      const before = await store.stats();
      const [summary] = await loadSeed(store, SEED_DIR);
      const [example] = await loadSeed(store, EXAMPLES_DIR);
      expect(example).toMatchObject({ entitiesCreated: 0, entitiesUpdated: 0, relationshipsCreated: 0, relationshipsUpdated: 0 });
      expect(summary).toMatchObject({ entitiesCreated: 0, entitiesUpdated: 0, relationshipsCreated: 0, relationshipsUpdated: 0 });
      expect(await store.stats()).toEqual(before);
    });

    it('returns an entity with its kind properties as plain JSON', async () => {
      const [memo] = await store.getEntities(['nuclear-energy-memorandum']);
      expect(memo).toMatchObject({ kind: 'Agreement', properties: { amount: 25000000000, currency: 'USD' } });
      expectPlainJson(memo);
    });

    it('gives an entity’s relationships with direction, the other end and verbatim evidence', async () => {
      const page = await store.relationshipsOf('bushehr-nuclear-power-plant', { direction: 'BOTH', first: 50 });
      const russia = page.items.find((e) => e.other.id === 'russia' && e.relationship.type === 'PARTICIPATES_IN');
      expect(russia).toBeDefined();
      expect(russia!.direction).toBe('IN');
      expect(russia!.relationship).toMatchObject({ from: 'russia', to: 'bushehr-nuclear-power-plant' });
      expect(russia!.relationship.evidence.map((e) => e.quote)).toContain('Russia has not withdrawn its personnel from Bushehr and work is continuing normally');
      expect(russia!.relationship.evidence.every((e) => e.sourceId === 'iran-russia-envoy-interview')).toBe(true);
      expectPlainJson(page);
    });

    it('pages relationships without gaps or repeats', async () => {
      const all = await store.relationshipsOf('russia', { direction: 'BOTH', first: 100 });
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.relationshipsOf('russia', { direction: 'BOTH', first: 3, after });
        seen.push(...page.items.map((e) => e.relationship.id));
        if (!page.hasNextPage) break;
        const last = page.items[page.items.length - 1]!;
        after = Buffer.from(`${last.direction}|${last.relationship.type}|${last.other.id}`).toString('base64url');
      }
      expect(seen).toEqual(all.items.map((e) => e.relationship.id));
      expect(new Set(seen).size).toBe(all.totalCount);
    });

    it('filters neighbours by relationship type and kind', async () => {
      const projects = await store.neighbors('russia', { direction: 'OUT', types: ['PARTICIPATES_IN'], kinds: ['Project'], first: 20 });
      expect(projects.map((p) => p.id)).toEqual(expect.arrayContaining(['rasht-astara-railway', 'bushehr-nuclear-power-plant']));
      expect(projects.every((p) => p.kind === 'Project')).toBe(true);
    });

    it('searches names and aliases case-, accent- and dash-insensitively, best match first', async () => {
      const hits = await store.search('north-south', { first: 5 });
      expect(hits[0]!.entity.id).toBe('north-south-transport-corridor');
      expect((await store.search('BUSHEHR', { first: 5 }))[0]!.entity.id).toBe('bushehr-nuclear-power-plant');
      expect((await store.search('Rasht–Astara', { first: 5 }))[0]!.entity.id).toBe('rasht-astara-railway');
      const scores = hits.map((h) => h.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    });

    it('finds the shortest path from Putin to the Rasht–Astara railway, with evidence on every step', async () => {
      const path = await store.shortestPath('vladimir-putin', 'rasht-astara-railway', { maxHops: 6 });
      expect(path).not.toBeNull();
      expect(path!.entities[0]!.id).toBe('vladimir-putin');
      expect(path!.entities[path!.entities.length - 1]!.id).toBe('rasht-astara-railway');
      expect(path!.relationships).toHaveLength(path!.entities.length - 1);
      path!.relationships.forEach((r, i) => {
        expect([r.from, r.to].sort()).toEqual([path!.entities[i]!.id, path!.entities[i + 1]!.id].sort());
        expect(r.evidence.length).toBeGreaterThan(0);
        expect(r.evidence).toEqual(seedEvidence(r.id, SEED_DOCUMENTS));
      });
      // The railway agreement makes Putin Russia's president, and both sources put Russia in the railway.
      expect(path!.entities.map((e) => e.id)).toEqual(['vladimir-putin', 'russia', 'rasht-astara-railway']);
      expect(path!.relationships.map((r) => r.type)).toEqual(['OFFICIAL_OF', 'PARTICIPATES_IN']);
      expect(await store.shortestPath('vladimir-putin', 'rasht-astara-railway', { maxHops: 1 })).toBeNull();
    });

    it('lists connections within k hops, nearest first, each with a path', async () => {
      const found = await store.connectionsWithin('north-south-transport-corridor', { maxHops: 2, first: 100 });
      const byId = new Map(found.map((c) => [c.entity.id, c]));
      expect(byId.get('rasht-astara-railway')?.distance).toBe(1);
      expect(byId.get('russia')?.distance).toBe(1);
      expect(byId.get('rasht')?.distance).toBe(2);
      expect(byId.has('north-south-transport-corridor')).toBe(false);
      const distances = found.map((c) => c.distance);
      expect([...distances].sort((a, b) => a - b)).toEqual(distances);
      for (const c of found) expect(c.path.relationships).toHaveLength(c.distance);
    });

    it('lists entities by kind in pages', async () => {
      const countries = seedEntityIds('Country', SEED_DOCUMENTS);
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.listEntities({ kinds: ['Country'], first: 2, after });
        expect(page.totalCount).toBe(countries.length);
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((e) => e.id));
        expect(page.hasNextPage).toBe(seen.length < countries.length);
        if (!page.hasNextPage) break;
        after = Buffer.from(page.items[page.items.length - 1]!.id).toString('base64url');
      }
      expect(seen).toEqual(countries);
    });

    it('links every entity to the source that mentions it, with offsets into its text', async () => {
      const mentions = await store.sourcesMentioning('bushehr-nuclear-power-plant');
      expect(mentions).toHaveLength(1);
      const { source, offsets } = mentions[0]!;
      expect(offsets.length).toBeGreaterThan(0);
      expect(source.text.slice(offsets[0], offsets[0]! + 'Bushehr'.length)).toBe('Bushehr');
    });

    it('loads a document whose entities leave every numeric property unset', async () => {
      const write = {
        source: { id: 'contract-places', title: 'Places', url: null, publisher: null, published: null, text: 'Rasht and Astara.' },
        entities: [{ id: 'contract-place', kind: 'Place' as const, name: 'Contract place', aliases: [], description: null, properties: {} }],
        relationships: [],
        mentions: { 'contract-place': [] },
      };
      await expect(store.writeDocument(write)).resolves.toMatchObject({ entitiesCreated: 1 });
      expect((await store.getEntities(['contract-place']))[0]).toMatchObject({ kind: 'Place', properties: {} });
    });

    it('exports every entity, relationship, source and mention', async () => {
      const [dump, stats] = await Promise.all([store.exportGraph(), store.stats()]);
      expect(dump.entities).toHaveLength(stats.entities);
      expect(dump.relationships).toHaveLength(stats.relationships);
      expect(dump.sources).toHaveLength(stats.sources);
      expect(dump.mentions).toHaveLength(stats.mentions);
      expectPlainJson(dump);
    });

    it.each([1, 7, 1000])('exports the same graph in slices of %i entities, each relationship with the kind at its far end', async (batchSize) => {
      const dump = await store.exportGraph();
      const joined: GraphDump = { sources: [], entities: [], relationships: [], mentions: [] };
      const kinds = new Map<string, string>();
      const slices: GraphSlice[] = [];
      for await (const slice of store.exportSlices({ batchSize })) {
        slices.push(slice);
        for (const key of ['sources', 'entities', 'relationships', 'mentions'] as const) (joined[key] as unknown[]).push(...slice[key]);
        for (const [id, kind] of Object.entries(slice.kinds)) kinds.set(id, kind);
      }
      expect(joined.sources).toEqual(dump.sources);
      // Slices come in an engine's own order (the embedded one reads storage row ranges); within a slice in id order.
      const byId = <T extends { id: string }>(items: T[]) => [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      expect(byId(joined.entities)).toEqual(dump.entities);
      expect(byId(joined.relationships)).toEqual(byId(dump.relationships));
      for (const slice of slices) {
        expect(slice.entities.map((e) => e.id)).toEqual(byId(slice.entities).map((e) => e.id));
        // Each entity's outgoing relationships in (from, type, to) order, as the whole export lists them.
        expect(slice.relationships).toEqual(dump.relationships.filter((r) => slice.entities.some((e) => e.id === r.from)));
      }
      expect(joined.mentions).toHaveLength(dump.mentions.length);
      const kindOf = new Map(dump.entities.map((e) => [e.id, e.kind as string]));
      for (const r of joined.relationships) expect([r.from, kinds.get(r.to)]).toEqual([r.from, kindOf.get(r.to)]);
    });
  });
}
