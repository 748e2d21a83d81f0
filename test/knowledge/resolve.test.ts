/**
 * Entity resolution rules: name keys, matching within a kind, ambiguity, minted ids, relationship ends.
 */
import { NameIndex, mintId, nameKey, resolveEntities, resolveReference, type IncomingEntity } from '../../src/knowledge/resolve';
import type { EntityLabel } from '../../src/graph/port';

const graph = (): NameIndex =>
  new NameIndex([
    { id: 'vladimir-putin', kind: 'Person', name: 'Vladimir Putin', aliases: [] },
    { id: 'russia', kind: 'Country', name: 'Russia', aliases: ['Russian Federation'] },
    { id: 'rasht-astara-railway', kind: 'Project', name: 'Rasht–Astara railway', aliases: ['Rasht-Astara railway link'] },
    { id: 'atomic-energy-organization', kind: 'Organization', name: 'Atomic Energy Organization', aliases: [] },
    { id: 'ali-larijani', kind: 'Person', name: 'Ali Larijani', aliases: [] },
    { id: 'ali-larijani-2', kind: 'Person', name: 'Dr. Ali Larijani', aliases: [] },
    { id: 'georgia', kind: 'Country', name: 'Georgia', aliases: [] },
  ] satisfies EntityLabel[]);

const entity = (e: Partial<IncomingEntity> & Pick<IncomingEntity, 'kind' | 'name'>, i = 0): IncomingEntity => ({ at: `entities[${i}]`, aliases: [], ...e });

describe('name keys', () => {
  test.each([
    ['Vladimir Putin', 'vladimir putin'],
    ['VLADIMIR PUTIN', 'vladimir putin'],
    ['President Vladimir Putin', 'vladimir putin'],
    ['Mr. President Vladimir Putin', 'vladimir putin'],
    ['Deputy Prime Minister Alexander Novak', 'alexander novak'],
    ['Dr Ali Larijani', 'ali larijani'],
    ['the President', 'president'],
    ['Raïsi', 'raisi'],
    ['Ebrahim  Raisi', 'ebrahim raisi'],
  ])('person "%s" has key "%s"', (name, key) => {
    expect(nameKey(name, 'Person')).toBe(key);
  });

  test.each([
    ['Rasht–Astara railway', 'rasht astara railway'],
    ['Rasht-Astara Railway', 'rasht astara railway'],
    ['RASHT ASTARA RAILWAY', 'rasht astara railway'],
    ['the Rasht—Astara railway', 'rasht astara railway'],
    ['Russia’s energy minister', "russia energy minister"],
    ["Russia's energy minister", 'russia energy minister'],
    ['Trade & Development Bank', 'trade and development bank'],
    ['Bushehr (nuclear) plant.', 'bushehr nuclear plant'],
    ['Téhéran', 'teheran'],
  ])('"%s" has key "%s"', (name, key) => {
    expect(nameKey(name, 'Project')).toBe(key);
  });

  test('titles are only stripped from people', () => {
    expect(nameKey('President Hotel', 'Organization')).toBe('president hotel');
    expect(nameKey('President Hotel', 'Person')).toBe('hotel');
  });

  test('a leading "the" goes, but never the whole name', () => {
    expect(nameKey('The Hague', 'Place')).toBe('hague');
    expect(nameKey('The', 'Place')).toBe('the');
  });
});

describe('resolving incoming entities', () => {
  test('an entity without an id merges with the one entity of its kind whose name matches', () => {
    const { resolutions, problems } = resolveEntities([entity({ kind: 'Person', name: 'President Vladimir Putin' })], graph());
    expect(problems).toEqual([]);
    expect(resolutions[0]).toMatchObject({ id: 'vladimir-putin', outcome: 'matched', matchedOn: 'President Vladimir Putin', existingName: 'Vladimir Putin' });
  });

  test('an unknown id with a known alias merges into the existing entity', () => {
    const { resolutions } = resolveEntities([entity({ id: 'rasht-astara', kind: 'Project', name: 'Rasht Astara rail link', aliases: ['Rasht–Astara Railway Link'] })], graph());
    expect(resolutions[0]).toMatchObject({ givenId: 'rasht-astara', id: 'rasht-astara-railway', outcome: 'matched' });
  });

  test('names match within the same kind only', () => {
    const { resolutions } = resolveEntities([entity({ kind: 'Person', name: 'Georgia' })], graph());
    expect(resolutions[0]).toMatchObject({ outcome: 'new', id: 'georgia-person' });
  });

  test('a known id is taken as given, without looking at the name', () => {
    const { resolutions } = resolveEntities([entity({ id: 'russia', kind: 'Country', name: 'Rossiya' })], graph());
    expect(resolutions[0]).toMatchObject({ id: 'russia', outcome: 'known-id' });
  });

  test('a known id of another kind is refused', () => {
    const { problems } = resolveEntities([entity({ id: 'russia', kind: 'Person', name: 'Russia' })], graph());
    expect(problems).toEqual([{ path: 'entities[0].kind', message: '"russia" is a Country in the graph, not a Person' }]);
  });

  test('an ambiguous name is refused with a report naming every candidate', () => {
    const { problems, resolutions } = resolveEntities([entity({ kind: 'Person', name: 'Ali Larijani' })], graph());
    expect(resolutions).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('entities[0].name');
    expect(problems[0]!.message).toContain('ambiguous');
    expect(problems[0]!.message).toContain('ali-larijani ("Ali Larijani")');
    expect(problems[0]!.message).toContain('ali-larijani-2 ("Dr. Ali Larijani")');
  });

  test('an entity marked distinct is new even when its name matches', () => {
    const { resolutions, problems } = resolveEntities([entity({ id: 'ali-larijani-3', kind: 'Person', name: 'Ali Larijani', distinct: true })], graph());
    expect(problems).toEqual([]);
    expect(resolutions[0]).toMatchObject({ id: 'ali-larijani-3', outcome: 'new' });
  });

  test('a new entity without an id gets a slug of its name', () => {
    const { resolutions } = resolveEntities([entity({ kind: 'Person', name: 'Ebrahim Raïsi' })], graph());
    expect(resolutions[0]).toMatchObject({ id: 'ebrahim-raisi', outcome: 'new', givenId: null });
  });

  test('two records of one document that are the same entity are refused', () => {
    const { problems } = resolveEntities(
      [entity({ kind: 'Country', name: 'Russia' }, 0), entity({ id: 'russia', kind: 'Country', name: 'Russia' }, 1)],
      graph(),
    );
    expect(problems.map((p) => p.message).join('\n')).toMatch(/are the same entity russia/);
    const twoNew = resolveEntities([entity({ kind: 'Person', name: 'Ebrahim Raisi' }, 0), entity({ kind: 'Person', name: 'President Ebrahim Raisi' }, 1)], graph());
    expect(twoNew.problems.map((p) => p.message).join('\n')).toMatch(/share the name/);
  });

  test('a duplicate id within a document is refused', () => {
    const { problems } = resolveEntities(
      [entity({ id: 'x-one', kind: 'Country', name: 'Atlantis' }, 0), entity({ id: 'x-one', kind: 'Country', name: 'Lemuria' }, 1)],
      graph(),
    );
    expect(problems[0]).toEqual({ path: 'entities[1].id', message: 'duplicate id "x-one" (also entities[0])' });
  });
});

describe('minting ids', () => {
  test('adds the kind, then a number, when the slug is taken', () => {
    const taken = new Set(['georgia', 'georgia-person', 'georgia-person-2']);
    expect(mintId('Georgia', 'Person', (id) => taken.has(id))).toBe('georgia-person-3');
    expect(mintId('Тегеран', 'Place', () => false)).toBe('place');
  });
});

describe('relationship ends', () => {
  const doc = () => {
    const names = new NameIndex([{ id: 'ebrahim-raisi', kind: 'Person', name: 'Ebrahim Raisi', aliases: ['Raisi'] }]);
    return { ids: new Map([['raisi', 'ebrahim-raisi'], ['ebrahim-raisi', 'ebrahim-raisi']]), names };
  };

  test('resolve by document id, graph id, document name, then graph name within the allowed kinds', () => {
    expect(resolveReference('raisi', ['Person'], doc(), graph())).toEqual({ id: 'ebrahim-raisi' });
    expect(resolveReference('russia', ['Country'], doc(), graph())).toEqual({ id: 'russia' });
    expect(resolveReference('President Ebrahim Raisi', ['Person'], doc(), graph())).toEqual({ id: 'ebrahim-raisi' });
    expect(resolveReference('Russian Federation', ['Country', 'Organization'], doc(), graph())).toEqual({ id: 'russia' });
    expect(resolveReference('Russian Federation', ['Person'], doc(), graph())).toEqual({ problem: 'no entity "Russian Federation" in this document or the graph' });
  });

  test('an ambiguous name as a relationship end is refused', () => {
    const found = resolveReference('Ali Larijani', ['Person'], doc(), graph());
    expect('problem' in found && found.problem).toMatch(/ambiguous.*ali-larijani.*ali-larijani-2/);
  });
});
