/**
 * The embedded store's names for the name index (`nameLabels`), taken from the adjacency index plus the aliases
 * read: the same entities, names and aliases as the engine's own read (`entityLabels`), on the seed graph, after a
 * document adds an alias to a known entity, and after a merge leaves a hole among the rows.
 */
import type { LadybugGraphStore } from '../../src/graph/embedded/store';
import type { EntityLabel } from '../../src/graph/port';
import type { NamedEntity } from '../../src/text/names/name-index';
import { Ingestion } from '../../src/knowledge/ingest';
import { openEmbeddedStore } from '../support/engines';
import { SEED_DOCUMENTS, seedEntityId } from '../support/seed';

const byId = (labels: readonly (EntityLabel | NamedEntity)[]) =>
  [...labels].map(({ id, kind, name, aliases }) => ({ id, kind, name, aliases: [...aliases] })).sort((a, b) => (a.id < b.id ? -1 : 1));

describe('the names the embedded store gives its name index', () => {
  let store: LadybugGraphStore;
  beforeAll(async () => {
    store = await openEmbeddedStore({ seeded: true });
  });
  afterAll(() => store?.close());

  it('are the engine’s own labels, aliases included', async () => {
    const labels = await store.nameLabels();
    expect(labels.some((l) => l.aliases.length > 0)).toBe(true);
    expect(byId(labels)).toEqual(byId(await store.entityLabels()));
  });

  it('follow a document that adds an alias, and a merge that removes an entity', async () => {
    const person = SEED_DOCUMENTS.flatMap((d) => d.entities).find((e) => e.kind === 'Person')!;
    const id = seedEntityId(person);
    await new Ingestion(store).ingest('alias-note', {
      source: { id: 'alias-note', title: 'An alias', text: `Kazem Jalalian, also written ${person.name}, spoke.` },
      entities: [{ id, kind: 'Person', name: 'Kazem Jalalian' }],
      relationships: [],
    });
    const other = (await store.entityLabels()).find((l) => l.kind === 'Person' && l.id !== id)!;
    await store.mergeEntities({ keep: id, merge: other.id, actor: 'test', reason: 'same person' });
    const labels = byId(await store.nameLabels());
    expect(labels).toEqual(byId(await store.entityLabels()));
    expect(labels.find((l) => l.id === id)!.aliases).toContain('Kazem Jalalian');
    expect(labels.some((l) => l.id === other.id)).toBe(false);
  });
});
