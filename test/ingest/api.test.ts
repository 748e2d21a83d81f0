/**
 * ingestDocument over real HTTP: admin only, dry runs, refusals with problems and no stack trace, and the
 * sentence around each mention.
 */
import { startApi, type ApiUnderTest } from '../support/server';

const TOKEN = 'test-admin-token-7';
const admin = { authorization: `Bearer ${TOKEN}` };

const INGEST = `mutation Ingest($document: JSON!, $dryRun: Boolean) {
  ingestDocument(document: $document, dryRun: $dryRun) {
    sourceId dryRun entitiesCreated entitiesMerged entitiesUnchanged relationshipsCreated relationshipsUpdated relationshipsUnchanged
    mentionedEntities mentions
    resolutions { record name kind givenId id outcome matchedOn existingName entity { id name aliases } }
    source { id title }
  }
}`;

const TEXT = 'On 20 May, President Ebrahim Raisi thanked Russia for its work at Bushehr. Raisi said the railway would follow.';
const document = {
  source: { id: 'raisi-thanks-russia', title: 'Raisi thanks Russia', text: TEXT },
  entities: [{ kind: 'Person', name: 'President Ebrahim Raisi', aliases: ['Raisi'] }],
  relationships: [{ type: 'OFFICIAL_OF', from: 'Ebrahim Raisi', to: 'iran', properties: { role: 'President' }, evidence: 'President Ebrahim Raisi' }],
};

describe('ingestDocument', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApi({ KG_ADMIN_TOKEN: TOKEN }, { examples: true });
  });
  afterAll(async () => {
    await api.close();
  });

  test('without the admin token it is refused and nothing changes', async () => {
    const before = await api.store.stats();
    for (const headers of [{}, { authorization: 'Bearer wrong' }] as Record<string, string>[]) {
      const { body } = await api.graphql(INGEST, { document }, headers);
      expect(body.data).toBeNull();
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    expect(await api.store.stats()).toEqual(before);
  });

  test('a dry run reports the resolution and the counts, and changes nothing', async () => {
    const before = await api.store.stats();
    const { body } = await api.graphql(INGEST, { document, dryRun: true }, admin);
    expect(body.errors).toBeUndefined();
    const r = body.data.ingestDocument;
    expect(r).toMatchObject({ dryRun: true, entitiesCreated: 0, entitiesMerged: 1, relationshipsCreated: 0, relationshipsUpdated: 1, source: null });
    expect(r.resolutions).toEqual([
      {
        record: 'entities[0] (President Ebrahim Raisi)',
        name: 'President Ebrahim Raisi',
        kind: 'Person',
        givenId: null,
        id: 'ebrahim-raisi',
        outcome: 'MATCHED',
        matchedOn: 'President Ebrahim Raisi',
        existingName: 'Ebrahim Raisi',
        entity: { id: 'ebrahim-raisi', name: 'Ebrahim Raisi', aliases: [] },
      },
    ]);
    expect(await api.store.stats()).toEqual(before);
  });

  test('with the token the document merges into the graph, and every mention shows its sentence', async () => {
    const { body } = await api.graphql(INGEST, { document }, admin);
    expect(body.errors).toBeUndefined();
    const r = body.data.ingestDocument;
    expect(r).toMatchObject({ dryRun: false, sourceId: 'raisi-thanks-russia', source: { id: 'raisi-thanks-russia', title: 'Raisi thanks Russia' } });
    expect(r.resolutions[0].entity.aliases).toEqual(['President Ebrahim Raisi', 'Raisi']);
    expect(r.mentions).toBeGreaterThanOrEqual(4);

    const { body: q } = await api.graphql(`{
      entity(id: "bushehr-nuclear-power-plant") { sources { source { id } offsets occurrences { offset sentence sentenceOffset } } }
      raisi: entity(id: "ebrahim-raisi") { relationships(first: 50) { edges { type other { id } evidence { quote source { id } } } } }
    }`);
    expect(q.errors).toBeUndefined();
    const mentions = q.data.entity.sources;
    expect(mentions.map((m: { source: { id: string } }) => m.source.id)).toEqual(['iran-russia-envoy-interview', 'raisi-thanks-russia']);
    const latest = mentions[1];
    expect(latest.offsets).toEqual([TEXT.indexOf('Bushehr')]);
    expect(latest.occurrences).toEqual([{ offset: TEXT.indexOf('Bushehr'), sentence: 'On 20 May, President Ebrahim Raisi thanked Russia for its work at Bushehr.', sentenceOffset: 0 }]);
    const office = q.data.raisi.relationships.edges.find((e: { type: string; other: { id: string } }) => e.type === 'OFFICIAL_OF' && e.other.id === 'iran');
    const evidence = office.evidence;
    expect(evidence.map((e: { source: { id: string } }) => e.source.id)).toEqual(['rasht-astara-railway-agreement', 'raisi-thanks-russia']);
  });

  test('a bad document is refused with every problem named, no stack trace, and the graph unchanged', async () => {
    const before = await api.store.stats();
    const bad = {
      source: { id: 'bad-doc', title: 'Bad', text: 'Nothing of note.' },
      entities: [{ kind: 'Planet', name: 'Mars' }],
      relationships: [{ type: 'VISITED', from: 'nobody', to: 'moscow', evidence: 'went to Moscow' }],
    };
    const { body } = await api.graphql(INGEST, { document: bad }, admin);
    expect(body.data).toBeNull();
    const error = body.errors[0];
    expect(error.extensions.code).toBe('INVALID_DOCUMENT');
    expect(error.extensions.problems).toEqual([
      { path: 'entities[0] (Mars).kind', message: expect.stringMatching(/^unknown kind "Planet"/) },
      { path: 'relationships[0] (nobody VISITED moscow).from', message: 'no entity "nobody" in this document or the graph' },
      { path: 'relationships[0] (nobody VISITED moscow).evidence', message: 'quote not found in the source text: "went to Moscow"' },
    ]);
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
    expect(await api.store.stats()).toEqual(before);
  });

  test('the server never reads a file for a client', async () => {
    const { body } = await api.graphql(INGEST, { document: { source: { id: 'x', title: 'X', textPath: '/etc/passwd' } } }, admin);
    expect(body.errors[0].extensions).toMatchObject({ code: 'INVALID_DOCUMENT', path: 'source.textPath' });
  });
});

test('a server without an admin token refuses every ingest', async () => {
  const api = await startApi({ KG_ADMIN_TOKEN: '' });
  try {
    const { body } = await api.graphql(INGEST, { document }, admin);
    expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
  } finally {
    await api.close();
  }
});
