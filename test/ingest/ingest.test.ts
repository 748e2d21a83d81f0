/**
 * Ingesting documents into a real engine: merges with the seed graph, refusals that leave the graph as it was,
 * dry runs, folders, and mention linking for entities created by earlier documents.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { InvalidDocumentError } from '../../src/errors';
import { LadybugGraphStore } from '../../src/graph/embedded/ladybug-store';
import type { TransactionRun, Row } from '../../src/graph/cypher-store';
import type { GraphStore } from '../../src/graph/port';
import { Ingestion } from '../../src/knowledge/ingest';
import { loadSeed } from '../../src/knowledge/load';
import { SEED_DIR, enginesUnderTest, openSeeded, tempDataDir } from '../support/engines';
import { graphSnapshot } from './snapshot';
import { seedEntityIds } from '../support/seed';

const TEXT =
  'President Vladimir Putin met Iran’s envoy in Moscow. Work at Bushehr continues, the envoy said. ' +
  'Russia\u2019s "North-South" plans were discussed.';

/** A small document about entities the seed graph already holds, some by name only. */
function followUp(overrides: Record<string, unknown> = {}) {
  return {
    source: { id: 'follow-up', title: 'Follow-up', text: TEXT },
    entities: [
      { kind: 'Person', name: 'President Vladimir Putin', description: 'A different description', properties: { role: 'President of Russia' } },
      { id: 'moscow-city', kind: 'Place', name: 'MOSCOW' },
    ],
    relationships: [
      { type: 'VISITED', from: 'President Vladimir Putin', to: 'moscow-city', evidence: 'President Vladimir Putin met Iran\'s envoy in  Moscow' },
    ],
    ...overrides,
  };
}

for (const engine of enginesUnderTest()) {
  describe(`ingest on ${engine.name}`, () => {
    let store: GraphStore;
    beforeAll(async () => {
      store = await openSeeded(engine, { examples: true });
    });
    afterAll(async () => {
      await store.close();
    });

    test('the two seed documents merge into one graph: shared entities, and every source of a restated tie', async () => {
      const [putin] = await store.getEntities(['vladimir-putin']);
      expect(putin!.aliases).toEqual(expect.arrayContaining(['President Vladimir Putin', 'Putin']));
      expect(putin!.properties.role).toBe('President');
      expect(putin!.description).toMatch(/^Held discussions with Iranian officials/);
      const [tie] = await store.getRelationships(['russia|PARTICIPATES_IN|rasht-astara-railway']);
      expect(tie!.evidence.map((e) => e.sourceId)).toEqual(['iran-russia-envoy-interview', 'rasht-astara-railway-agreement']);
      expect(tie!.properties.role).toBe('studies before construction');
      const railway = await store.sourcesMentioning('rasht-astara-railway');
      expect(railway.map((m) => m.source.id)).toEqual(['iran-russia-envoy-interview', 'rasht-astara-railway-agreement']);
      const bushehr = await store.sourcesMentioning('bushehr-nuclear-power-plant');
      expect(bushehr.map((m) => m.source.id)).toEqual(['iran-russia-envoy-interview']);
      for (const { source, offsets } of railway) {
        for (const o of offsets) expect(source.text.slice(o, o + 5)).toBe('Rasht');
      }
      // The railway piece never declares Tehran or the corridor, yet its text names them: they are linked.
      const named = (await store.entitiesMentionedBy('rasht-astara-railway-agreement')).map((m) => m.entity.id);
      expect(named).toEqual(expect.arrayContaining(['tehran', 'north-south-transport-corridor', 'vladimir-putin', 'ebrahim-raisi']));
    });

    test('loading the seed again changes nothing', async () => {
      const summaries = await loadSeed(store, SEED_DIR);
      for (const s of summaries) {
        expect(s.entitiesCreated + s.entitiesUpdated + s.relationshipsCreated + s.relationshipsUpdated).toBe(0);
      }
    });

    test('an ambiguous name is refused with its candidates, and the graph is left exactly as it was', async () => {
      const before = await graphSnapshot(store);
      const doc = {
        source: { id: 'ambiguous', title: 'Ambiguous', text: 'Energy and the energy sector.' },
        entities: [
          { id: 'energy-ministry', kind: 'Organization', name: 'Energy' },
          { kind: 'Sector', name: 'Energy', aliases: ['Nuclear energy'] },
        ],
      };
      await expect(new Ingestion(store).ingest('ambiguous.json', doc)).rejects.toThrow(/ambiguous: "Energy" matches 2 Sector entities: energy \("Energy"\), nuclear-energy \("Nuclear energy"\)/);
      expect(await graphSnapshot(store)).toEqual(before);
    });

    test('evidence missing from the text rejects the whole document, naming the record', async () => {
      const before = await graphSnapshot(store);
      const doc = followUp({
        relationships: [
          { type: 'VISITED', from: 'vladimir-putin', to: 'moscow', evidence: 'met Iran’s envoy in Moscow' },
          { type: 'VISITED', from: 'vladimir-putin', to: 'tehran', evidence: 'Putin flew to Tehran' },
        ],
      });
      const error = await new Ingestion(store).ingest('bad-quote.json', doc).catch((e) => e);
      expect(error).toBeInstanceOf(InvalidDocumentError);
      expect(error.problems).toEqual([
        { path: 'relationships[1] (vladimir-putin VISITED tehran).evidence', message: 'quote not found in the source text: "Putin flew to Tehran"' },
      ]);
      expect(await graphSnapshot(store)).toEqual(before);
    });

    test('a dry run reports what the write then does, and changes nothing', async () => {
      const before = await graphSnapshot(store);
      const planned = await new Ingestion(store, { dryRun: true }).ingest('follow-up.json', followUp());
      expect(await graphSnapshot(store)).toEqual(before);
      const written = await new Ingestion(store).ingest('follow-up.json', followUp());
      expect(planned.summary).toEqual(written.summary);
      expect(planned.resolutions).toEqual(written.resolutions);
      expect(written.summary).toMatchObject({ entitiesCreated: 0, entitiesUpdated: 1, entitiesUnchanged: 1, relationshipsCreated: 1 });
    });

    test('a name-matched entity merges: the description is kept, the newer property wins; ingesting again changes nothing', async () => {
      const report = await new Ingestion(store).ingest('follow-up.json', followUp());
      expect(report.summary).toMatchObject({ entitiesUnchanged: 2, relationshipsUnchanged: 1 });
      expect(report.resolutions.map((r) => [r.name, r.outcome, r.id])).toEqual([
        ['President Vladimir Putin', 'matched', 'vladimir-putin'],
        ['MOSCOW', 'matched', 'moscow'],
      ]);
      const [putin, moscow] = await store.getEntities(['vladimir-putin', 'moscow']);
      expect(putin!.description).toMatch(/^Held discussions/);
      expect(putin!.properties.role).toBe('President of Russia');
      expect(moscow!.aliases).toEqual([]);
      expect((await store.getEntities(['moscow-city']))[0]).toBeNull();
      const [visit] = await store.getRelationships(['vladimir-putin|VISITED|moscow']);
      expect(visit!.evidence).toEqual([{ quote: "President Vladimir Putin met Iran's envoy in  Moscow", sourceId: 'follow-up' }]);
    });

    test('a new source is linked to every known entity its text names, with offsets, even ones it does not declare', async () => {
      const mentions = await store.entitiesMentionedBy('follow-up');
      const offsets = Object.fromEntries(mentions.map((m) => [m.entity.id, m.offsets]));
      expect(offsets['bushehr-nuclear-power-plant']).toEqual([TEXT.indexOf('Bushehr')]);
      expect(offsets.iran).toEqual([TEXT.indexOf('Iran')]);
      expect(offsets.russia).toEqual([TEXT.indexOf('Russia')]);
      expect(offsets['vladimir-putin']).toEqual([TEXT.indexOf('Vladimir')]);
      const bushehr = await store.sourcesMentioning('bushehr-nuclear-power-plant');
      expect(bushehr.map((m) => m.source.id)).toEqual(['follow-up', 'iran-russia-envoy-interview']);
    });
  });
}

describe('ingesting folders', () => {
  let folder: string;
  beforeAll(() => {
    folder = tempDataDir('kg-docs-');
    const a = {
      source: { id: 'doc-a', title: 'A', text: 'Abbas Araghchi met Sergei Lavrov in Tehran.' },
      entities: [{ kind: 'Person', name: 'Sergei Lavrov' }, { kind: 'Person', name: 'Abbas Araghchi' }],
      relationships: [{ type: 'MET_WITH', from: 'Abbas Araghchi', to: 'Sergei Lavrov', evidence: 'Abbas Araghchi met Sergei Lavrov' }],
    };
    // b refers to an entity that only a creates: a dry run must still resolve it.
    const b = {
      source: { id: 'doc-b', title: 'B', text: 'Later, Foreign Minister Sergei Lavrov visited Tehran.' },
      entities: [{ kind: 'Person', name: 'Foreign Minister Sergei Lavrov', aliases: ['Lavrov'] }],
      relationships: [{ type: 'VISITED', from: 'sergei-lavrov', to: 'tehran', evidence: 'Sergei Lavrov visited Tehran' }],
    };
    const bad = { source: { id: 'doc-c', title: 'C', text: 'Nothing.' }, entities: [{ id: 'x', kind: 'Planet', name: 'Mars' }] };
    fs.writeFileSync(path.join(folder, '1-a.json'), JSON.stringify(a));
    fs.mkdirSync(path.join(folder, 'more'));
    fs.writeFileSync(path.join(folder, 'more', '2-b.yaml'), YAML.stringify(b));
    fs.writeFileSync(path.join(folder, '3-bad.yml'), YAML.stringify(bad));
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'not a facts document');
  });

  test('a folder is ingested document by document; a bad one is rejected with its reasons and the rest land', async () => {
    const store = await openSeeded(enginesUnderTest()[0]!, { examples: true });
    try {
      const progress: string[] = [];
      const dry = await new Ingestion(store, { dryRun: true }).ingestPaths([folder]);
      expect(dry.rejected.map((r) => r.document)).toEqual([expect.stringMatching(/3-bad\.yml$/)]);
      expect(dry.totals).toMatchObject({ documents: 3, ingested: 2, rejected: 1, entitiesCreated: 2, entitiesUpdated: 1, relationshipsCreated: 2 });
      expect((await store.stats()).sources).toBe(2);

      const run = await new Ingestion(store, { onProgress: (p) => progress.push(`${p.index}:${p.phase}`) }).ingestPaths([folder]);
      expect(run.totals).toEqual({ ...dry.totals });
      expect(run.rejected[0]!.problems).toEqual([{ path: 'entities[0] (x).kind', message: expect.stringMatching(/^unknown kind "Planet"/) }]);
      expect(progress).toEqual(['0:writing', '0:done', '1:rejected', '2:writing', '2:done']);
      expect(run.documents[1]!.resolutions[0]).toMatchObject({ outcome: 'matched', id: 'sergei-lavrov', name: 'Foreign Minister Sergei Lavrov' });
      expect((await store.getEntities(['sergei-lavrov']))[0]!.aliases).toEqual(['Foreign Minister Sergei Lavrov', 'Lavrov']);
      expect((await store.stats()).sources).toBe(4);
    } finally {
      await store.close();
    }
  });
});

/** The real embedded engine with a fault that can be switched on: it fails after the entities are written, inside the transaction. */
class FailingMidWrite extends LadybugGraphStore {
  failing = false;
  protected override async upsertEntities(run: TransactionRun, rows: Row[], sets: string): Promise<void> {
    await super.upsertEntities(run, rows, sets);
    if (this.failing) throw new Error('disk full (injected after the entities were written)');
  }
}

test('a failure in the middle of a document rolls the whole document back, on a seeded graph', async () => {
  // Built by hand, not by openEmbeddedStore: the store is a subclass that fails on purpose halfway through a write.
  const store = new FailingMidWrite({ dataDir: tempDataDir(), bufferPoolMb: 128 });
  await store.init();
  try {
    await loadSeed(store, SEED_DIR);
    const before = await graphSnapshot(store);
    expect(before.entities).toHaveLength(seedEntityIds().length);
    store.failing = true;
    // The document changes seeded entities (Putin's description and role) and adds new ones and a relationship.
    const doc = followUp();
    doc.entities.push({ id: 'rollback-witness', kind: 'Person', name: 'Rollback Witness' } as never);
    const plan = await new Ingestion(store, { dryRun: true }).ingest('follow-up.json', doc);
    expect(plan.summary).toMatchObject({ entitiesCreated: 1, entitiesUpdated: 1, relationshipsCreated: 1 });
    await expect(new Ingestion(store).ingest('follow-up.json', doc)).rejects.toThrow(/disk full/);
    expect(await graphSnapshot(store)).toEqual(before);
    // The same document goes in once the fault is gone: the graph was left able to take it.
    store.failing = false;
    await new Ingestion(store).ingest('follow-up.json', doc);
    expect(await graphSnapshot(store)).not.toEqual(before);
  } finally {
    await store.close();
  }
});
