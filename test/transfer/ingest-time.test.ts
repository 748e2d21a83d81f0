// When a source was ingested (the JSON-LD export's prov:Activity): recorded by the ingest on both engines, kept
// from the first ingest, carried by the graph's own JSON export and import, and absent (not invented) for sources
// written before the graph recorded it — including an embedded folder made before the column existed.
import fs from 'node:fs';
import path from 'node:path';
import lbug from '@ladybugdb/core';
import { DATABASE_FILE } from '../../src/graph/embedded/database-file';
import type { GraphStore } from '../../src/graph/port';
import { Ingestion } from '../../src/knowledge/ingest';
import { graphJsonChunks, parseGraphJson } from '../../src/transfer/graph-json';
import { enginesUnderTest, openEmbeddedStore, tempDataDir } from '../support/engines';
import { SEED_DOCUMENTS } from '../support/seed';

const [first] = SEED_DOCUMENTS;
const factsOf = (d: NonNullable<typeof first>) => ({
  source: { id: d.id, title: d.title, text: d.text },
  entities: d.entities,
  relationships: d.relationships,
});

describe.each(enginesUnderTest().map((e) => [e.name, e] as const))('ingest time on %s', (_name, engine) => {
  let store: GraphStore;
  beforeEach(async () => {
    store = await engine.open();
  });
  afterEach(() => store?.close());

  it('is recorded by the ingest, kept from the first ingest, and carried by the JSON export and import', async () => {
    const before = new Date().toISOString();
    await new Ingestion(store).ingest(`${first!.id}.facts.yaml`, factsOf(first!));
    const after = new Date().toISOString();
    const [recorded] = await store.getSources([first!.id]);
    expect(recorded!.ingestedAt! >= before && recorded!.ingestedAt! <= after).toBe(true);

    // Ingesting the same document again is not when the source entered the graph.
    await new Ingestion(store).ingest(`${first!.id}.facts.yaml`, factsOf(first!));
    expect((await store.getSources([first!.id]))[0]!.ingestedAt).toBe(recorded!.ingestedAt);

    const file = [...graphJsonChunks(await store.exportGraph(), store.engine)].join('');
    expect(JSON.parse(file).sources[0].ingestedAt).toBe(recorded!.ingestedAt);
    const elsewhere = await engine.open();
    try {
      await elsewhere.importGraph(parseGraphJson('graph.json', file));
      expect((await elsewhere.getSources([first!.id]))[0]!.ingestedAt).toBe(recorded!.ingestedAt);
    } finally {
      await elsewhere.close();
    }
  });

  it('stays where a file written before ingest times lacks it, and is null for a source that never had one', async () => {
    await new Ingestion(store).ingest(`${first!.id}.facts.yaml`, factsOf(first!));
    const dump = await store.exportGraph();
    const [recorded] = dump.sources;
    const old = JSON.parse([...graphJsonChunks(dump, store.engine)].join(''));
    for (const s of old.sources) delete s.ingestedAt;
    old.sources.push({ id: 'older', title: 'Older', url: null, publisher: null, published: null, text: 'An older source.' });
    await store.importGraph(parseGraphJson('old.json', JSON.stringify(old)));
    expect(await store.getSources([recorded!.id, 'older'])).toEqual([recorded, { id: 'older', title: 'Older', url: null, publisher: null, published: null, text: 'An older source.', ingestedAt: null }]);
  });

  it('refuses a graph file whose ingest time is not a date and time, naming the record', async () => {
    await new Ingestion(store).ingest(`${first!.id}.facts.yaml`, factsOf(first!));
    const file = JSON.parse([...graphJsonChunks(await store.exportGraph(), store.engine)].join(''));
    file.sources[0].ingestedAt = 'yesterday';
    expect(() => parseGraphJson('bad.json', JSON.stringify(file))).toThrow(/sources\[0\]\.ingestedAt: must be an ISO 8601 date and time/);
  });
});

describe('an embedded folder made before sources recorded their ingest time', () => {
  it('opens, gains the column, reads its sources without a time, and records one on the next ingest', async () => {
    const dataDir = tempDataDir('kg-ingest-time-old-');
    // The Source table as the first release created it, with one source in it.
    const db = new lbug.Database(path.join(dataDir, DATABASE_FILE));
    const connection = new lbug.Connection(db);
    await connection.query('CREATE NODE TABLE Source(id STRING, title STRING, url STRING, publisher STRING, published STRING, text STRING, PRIMARY KEY(id))');
    await connection.query("CREATE (:Source {id: 'old', title: 'Old', text: 'Written long ago.'})");
    await connection.close();
    await db.close();
    expect(fs.existsSync(path.join(dataDir, DATABASE_FILE))).toBe(true);

    const store = await openEmbeddedStore({ dataDir });
    try {
      expect(await store.getSources(['old'])).toEqual([{ id: 'old', title: 'Old', url: null, publisher: null, published: null, text: 'Written long ago.', ingestedAt: null }]);
      await new Ingestion(store).ingest(`${first!.id}.facts.yaml`, factsOf(first!));
      expect((await store.getSources([first!.id]))[0]!.ingestedAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    } finally {
      await store.close();
    }
  });
});
