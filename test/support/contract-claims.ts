/**
 * The claims part of the engine contract: property values kept as claims with their sources and quotes, the
 * current-value rule, conflicts, an analyst's preferred mark, export/import, and the graph as of a date. The
 * expectations are read from the example documents (examples/conflicting-amounts, examples/, seed/), not copied.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { RELATIONSHIP_TIME } from '../../src/graph/claim-rule';
import type { Claim, GraphStore } from '../../src/graph/port';
import { heldBy, relationshipsAsOf, shortestPathAsOf, connectionsAsOf, neighborsAsOf } from '../../src/knowledge/as-of';
import { Ingestion } from '../../src/knowledge/ingest';
import { loadFactsFile } from '../../src/knowledge/load';
import { timelineOf } from '../../src/knowledge/timeline';
import { EXAMPLES_DIR, SEED_DIR, openSeeded, type EngineUnderTest } from './engines';

const PAIR_DIR = path.join(EXAMPLES_DIR, 'conflicting-amounts');
const EARLY = path.join(PAIR_DIR, 'oil-investment-2023.facts.yaml');
const LATE = path.join(PAIR_DIR, 'oil-investment-2024.facts.yaml');
const read = (file: string) => YAML.parse(fs.readFileSync(file, 'utf8'));
const INVESTMENT = 'russian-investment-in-iranian-oil-fields';

/** A document's statement of one entity's property: value, quote (null when not given) and source. */
function stated(file: string, entityId: string, property: string) {
  const doc = read(file);
  const entity = doc.entities.find((e: { id?: string }) => e.id === entityId);
  return { value: entity.properties[property], quote: entity.claims?.[property]?.quote ?? null, sourceId: doc.source.id as string, published: doc.source.published as string };
}

const ofProperty = (claims: Claim[], property: string) => claims.filter((c) => c.property === property);

/** Declares the claims contract for one engine. */
export function claimsContract(engine: EngineUnderTest): void {
  describe(`claims on ${engine.name}`, () => {
    let forward: GraphStore;
    let backward: GraphStore;
    beforeAll(async () => {
      [forward, backward] = await Promise.all([engine.open(), engine.open()]);
      for (const file of [EARLY, LATE]) await loadFactsFile(forward, file);
      for (const file of [LATE, EARLY]) await loadFactsFile(backward, file);
    });
    afterAll(async () => Promise.all([forward?.close(), backward?.close()]));

    it('keeps both disagreeing amounts as claims with their sources and quotes, the same whichever was ingested first', async () => {
      const [early, late] = [stated(EARLY, INVESTMENT, 'amount'), stated(LATE, INVESTMENT, 'amount')];
      expect(early.value).not.toEqual(late.value);
      const [[a], [b]] = await Promise.all([forward.claimsOf([INVESTMENT]), backward.claimsOf([INVESTMENT])]);
      expect(a).toEqual(b);
      const amounts = ofProperty(a!, 'amount');
      expect(amounts.map((c) => ({ value: c.value, sources: c.sources })).sort((x, y) => Number(x.value) - Number(y.value))).toEqual(
        [early, late].map((s) => ({ value: s.value, sources: [{ sourceId: s.sourceId, quote: s.quote }] })).sort((x, y) => Number(x.value) - Number(y.value)),
      );
    });

    it('the current value is the later-published source\'s, in either order, and the property holds it', async () => {
      const [early, late] = [stated(EARLY, INVESTMENT, 'amount'), stated(LATE, INVESTMENT, 'amount')];
      const latest = early.published > late.published ? early : late;
      for (const store of [forward, backward]) {
        const [[claims], [entity]] = await Promise.all([store.claimsOf([INVESTMENT]), store.getEntities([INVESTMENT])]);
        expect(ofProperty(claims!, 'amount').filter((c) => c.current).map((c) => c.value)).toEqual([latest.value]);
        expect(entity!.properties.amount).toBe(latest.value);
      }
    });

    it('counts every source that states the same value (corroboration) and keeps a value only one states', async () => {
      const [claims] = await forward.claimsOf([INVESTMENT]);
      const currency = ofProperty(claims!, 'currency');
      expect(currency).toHaveLength(1);
      expect(currency[0]!.sources.map((s) => s.sourceId).sort()).toEqual([stated(EARLY, INVESTMENT, 'currency').sourceId, stated(LATE, INVESTMENT, 'currency').sourceId].sort());
      expect(ofProperty(claims!, 'expectedAmount').map((c) => c.value)).toEqual([stated(EARLY, INVESTMENT, 'expectedAmount').value]);
    });

    it('resolves "this month" against the source\'s publication date', async () => {
      const early = stated(EARLY, INVESTMENT, 'amount');
      const [claims] = await forward.claimsOf([INVESTMENT]);
      const claim = ofProperty(claims!, 'amount').find((c) => c.value === early.value)!;
      expect(claim.time).toEqual({ date: early.published.slice(0, 7), start: null, end: null, precision: 'month', stated: 'this month' });
    });

    it('ingesting both again changes nothing', async () => {
      const [before] = await forward.claimsOf([INVESTMENT]);
      for (const file of [EARLY, LATE]) {
        expect(await loadFactsFile(forward, file)).toMatchObject({ entitiesCreated: 0, entitiesUpdated: 0, relationshipsCreated: 0, relationshipsUpdated: 0 });
      }
      expect((await forward.claimsOf([INVESTMENT]))[0]).toEqual(before);
    });

    it('lists the conflict with each value\'s sources and quotes', async () => {
      const conflicts = await forward.conflicts({ first: 10 });
      expect(conflicts.map((c) => `${c.subject}.${c.property}`)).toEqual([`${INVESTMENT}.amount`]);
      expect(conflicts[0]!.claims.flatMap((c) => c.sources.map((s) => s.quote)).sort()).toEqual(
        [stated(EARLY, INVESTMENT, 'amount').quote, stated(LATE, INVESTMENT, 'amount').quote].sort(),
      );
      expect(await forward.conflicts({ first: 0 }).catch((e: Error) => e.message)).toMatch(/batch|first|size|at least/i);
    });

    it('an analyst\'s preferred claim wins over the later source, is recorded with who, when and why, and survives a later ingest', async () => {
      const early = stated(EARLY, INVESTMENT, 'amount');
      const [claims] = await backward.claimsOf([INVESTMENT]);
      const older = ofProperty(claims!, 'amount').find((c) => c.value === early.value)!;
      expect(older.current).toBe(false);
      const at = new Date().toISOString();
      const marked = await backward.preferClaim(older.id, { by: 'analyst-1', at, why: 'the later figure is not confirmed' });
      expect(marked).toMatchObject({ id: older.id, current: true, preferred: { by: 'analyst-1', at, why: 'the later figure is not confirmed' } });
      expect((await backward.getEntities([INVESTMENT]))[0]!.properties.amount).toBe(early.value);
      await loadFactsFile(backward, LATE);
      const [after] = await backward.claimsOf([INVESTMENT]);
      expect(ofProperty(after!, 'amount').filter((c) => c.current).map((c) => c.value)).toEqual([early.value]);
      expect((await backward.getEntities([INVESTMENT]))[0]!.properties.amount).toBe(early.value);
      expect(await backward.preferClaim('c-no-such-claim', { by: 'x', at, why: null })).toBeNull();
      // Recorded like any decision: who, when, why, about the claim's subject.
      expect(await backward.decisions({ subjects: [INVESTMENT] })).toEqual([
        { id: expect.any(String), action: 'prefer-claim', subjects: [INVESTMENT, older.id], actor: 'analyst-1', at, reason: 'the later figure is not confirmed', merged: null },
      ]);
    });

    it('a graph rebuilt from the same documents with the exported decisions prefers the same claim again', async () => {
      const { decisions } = await backward.exportGraph();
      expect(decisions?.map((d) => d.action)).toContain('prefer-claim');
      const rebuilt = await engine.open();
      try {
        await rebuilt.importGraph({ sources: [], entities: [], relationships: [], mentions: [], decisions });
        for (const file of [LATE, EARLY]) await loadFactsFile(rebuilt, file);
        const [[again], [curated]] = await Promise.all([rebuilt.claimsOf([INVESTMENT]), backward.claimsOf([INVESTMENT])]);
        expect(again).toEqual(curated);
        expect((await rebuilt.getEntities([INVESTMENT]))[0]!.properties).toEqual((await backward.getEntities([INVESTMENT]))[0]!.properties);
      } finally {
        await rebuilt.close();
      }
    });

    it('export and import keep every claim, its sources, quotes, time and preferred mark', async () => {
      const dump = await backward.exportGraph();
      expect(dump.claims!.length).toBeGreaterThan(0);
      const copy = await engine.open();
      try {
        await copy.importGraph(dump);
        const again = await copy.exportGraph();
        expect(again.claims).toEqual(dump.claims);
        expect(again.entities).toEqual(dump.entities);
        // Importing the same dump a second time adds nothing.
        await copy.importGraph(dump);
        expect((await copy.exportGraph()).claims).toEqual(dump.claims);
      } finally {
        await copy.close();
      }
    });

    it('keeps disagreeing relationship properties as claims, and a preferred one is written onto the relationship', async () => {
      const store = await engine.open();
      try {
        const doc = (id: string, published: string, role: string) => ({
          source: { id, title: id, published, text: `Ana Ruiz chaired the Tide Project as ${role}.` },
          entities: [
            { id: 'ana-ruiz', kind: 'Person', name: 'Ana Ruiz' },
            { id: 'tide-project', kind: 'Project', name: 'Tide Project' },
          ],
          relationships: [{ type: 'PARTICIPATES_IN', from: 'ana-ruiz', to: 'tide-project', properties: { role }, claims: { role: { quote: `as ${role}` } }, evidence: 'Ana Ruiz chaired the Tide Project' }],
        });
        const ingestion = new Ingestion(store);
        await ingestion.ingest('later', doc('later-report', '2024-06-01', 'chair'));
        await ingestion.ingest('earlier', doc('earlier-report', '2024-01-01', 'acting chair'));
        const id = 'ana-ruiz|PARTICIPATES_IN|tide-project';
        expect((await store.getRelationships([id]))[0]!.properties.role).toBe('chair');
        const [claims] = await store.claimsOf([id]);
        expect(ofProperty(claims!, 'role').map((c) => [c.value, c.current, c.sources]).sort()).toEqual([
          ['acting chair', false, [{ sourceId: 'earlier-report', quote: 'as acting chair' }]],
          ['chair', true, [{ sourceId: 'later-report', quote: 'as chair' }]],
        ]);
        const acting = ofProperty(claims!, 'role').find((c) => c.value === 'acting chair')!;
        await store.preferClaim(acting.id, { by: 'analyst-2', at: new Date().toISOString(), why: null });
        expect((await store.getRelationships([id]))[0]!.properties.role).toBe('acting chair');
        expect((await store.relationshipsOf('ana-ruiz', { direction: 'OUT', first: 5 })).items[0]!.relationship.properties.role).toBe('acting chair');
      } finally {
        await store.close();
      }
    });

    it('an undated tie counts from the publication of the first source stating it', async () => {
      const published = [read(EARLY).source.published as string, read(LATE).source.published as string].sort();
      const dayBefore = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      const options = { direction: 'BOTH' as const, first: 10 };
      expect((await relationshipsAsOf(forward, INVESTMENT, options, dayBefore(published[0]!))).items).toEqual([]);
      expect((await relationshipsAsOf(forward, INVESTMENT, options, published[0]!)).items.map((e) => e.other.id)).toEqual(['russia']);
      expect(heldBy(null, [null], '2100-01-01')).toBe(false);
    });
  });

  describe(`time on the seed and example documents on ${engine.name}`, () => {
    let store: GraphStore;
    beforeAll(async () => {
      store = await openSeeded(engine, { examples: true });
    });
    afterAll(async () => store?.close());

    const railwayDoc = () => read(path.join(EXAMPLES_DIR, 'rasht-astara-railway-agreement.facts.yaml'));
    const dated = () => (railwayDoc().relationships as { type: string; from: string; to: string; date?: string }[]).filter((r) => r.date);

    it('a dated tie is absent the day before its date and present on it (relationships, neighbors, paths, connections)', async () => {
      const ties = dated();
      expect(ties.length).toBeGreaterThan(0);
      const agreement = 'rasht-astara-railway-agreement';
      const day = ties.find((t) => t.to === agreement)!.date!;
      const before = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      const partyTies = (await relationshipsAsOf(store, agreement, { direction: 'IN', types: ['PARTY_TO'], first: 10 }, day)).items;
      expect(partyTies.map((e) => e.other.id).sort()).toEqual(['iran', 'russia']);
      expect((await relationshipsAsOf(store, agreement, { direction: 'IN', types: ['PARTY_TO'], first: 10 }, before)).items).toEqual([]);
      expect((await neighborsAsOf(store, agreement, { direction: 'BOTH', first: 50 }, before)).map((e) => e.id)).toEqual([]);
      expect((await neighborsAsOf(store, agreement, { direction: 'IN', types: ['PARTY_TO'], first: 50 }, day)).map((e) => e.id).sort()).toEqual(['iran', 'russia']);
      expect(await shortestPathAsOf(store, 'russia', agreement, { maxHops: 4 }, before)).toBeNull();
      const path = await shortestPathAsOf(store, 'russia', agreement, { maxHops: 4 }, day);
      expect(path!.relationships.map((r) => r.id)).toEqual([`russia|PARTY_TO|${agreement}`]);
      expect((await connectionsAsOf(store, agreement, { maxHops: 2, first: 100 }, before))).toEqual([]);
      expect((await connectionsAsOf(store, agreement, { maxHops: 1, first: 100 }, day)).map((c) => c.entity.id).sort()).toEqual(expect.arrayContaining(['iran', 'russia']));
    });

    it('the interview\'s "this year" stays unresolved: it has no date, so its tie is never held as of any date', async () => {
      const interview = read(path.join(SEED_DIR, 'iran-russia-envoy-interview.facts.yaml'));
      expect(interview.source.published).toBeUndefined();
      const tie = (interview.relationships as { type: string; from: string; to: string; stated?: string }[]).find((r) => r.stated && /year/i.test(r.stated))!;
      const id = `${tie.from}|${tie.type}|${tie.to}`;
      const [claims] = await store.claimsOf([id]);
      expect(claims!.find((c) => c.property === RELATIONSHIP_TIME)!.time).toEqual({ date: null, start: null, end: null, precision: null, stated: tie.stated });
      expect((await relationshipsAsOf(store, tie.to, { direction: 'IN', types: [tie.type as never], first: 10 }, '2100-01-01')).items).toEqual([]);
    });

    it('the time line lists dated ties in order, each with its quote and source, and only within from..to', async () => {
      const line = await timelineOf(store, 'rasht-astara-railway-agreement');
      expect(line.length).toBeGreaterThan(0);
      expect(line.map((e) => e.at)).toEqual([...line.map((e) => e.at)].sort());
      for (const entry of line) {
        expect(entry.relationship).not.toBeNull();
        expect(entry.claim.sources[0]).toMatchObject({ sourceId: railwayDoc().source.id, quote: expect.any(String) });
      }
      const day = line[0]!.at;
      expect(await timelineOf(store, 'rasht-astara-railway-agreement', { to: new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10) })).toEqual([]);
      expect((await timelineOf(store, 'rasht-astara-railway-agreement', { from: day, to: day })).length).toBe(line.length);
    });
  });
}
