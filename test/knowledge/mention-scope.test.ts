/**
 * Which entities a document's source is linked to: every entity the text names, or (`mentions: listed`, as a
 * draft writes) only those the document lists, so an entity deleted from a draft is not linked.
 */
import { validateDocument } from '../../src/knowledge/validate';
import { NameIndex } from '../../src/knowledge/resolve';

const graph = () =>
  new NameIndex([
    { id: 'energy', kind: 'Sector', name: 'Energy', aliases: [] },
    { id: 'iran', kind: 'Country', name: 'Iran', aliases: ['Islamic Republic'] },
    { id: 'alexey-likhachev', kind: 'Person', name: 'Alexey Likhachev', aliases: [] },
  ]);
const text = 'Alexei Likhachov met officials of the Islamic Republic on energy. Energy dominated.';
const document = (extra: Record<string, unknown>) => ({
  source: { id: 'note', title: 'Note', text },
  entities: [{ id: 'iran', kind: 'Country', name: 'Iran' }],
  relationships: [],
  ...extra,
});

describe('mention scope', () => {
  test('by default every graph entity the text names is linked, in variant spellings too', () => {
    const { write } = validateDocument('note', document({}), { graph: graph() });
    expect(Object.keys(write.mentions).sort()).toEqual(['alexey-likhachev', 'energy', 'iran']);
    expect(write.mentions['iran']).toEqual([text.indexOf('Islamic')]);
    expect(write.mentions['energy']).toEqual([text.indexOf('energy'), text.indexOf('Energy dominated')]);
  });

  test('with mentions: listed, an entity deleted from the draft is not linked; a listed one is, by its graph aliases', () => {
    const { write } = validateDocument('note', document({ mentions: 'listed' }), { graph: graph() });
    expect(write.mentions).toEqual({ iran: [text.indexOf('Islamic')] });
  });

  test('an unknown scope is refused with its field', () => {
    expect(() => validateDocument('note', document({ mentions: 'some' }), { graph: graph() })).toThrow(/mentions/);
  });
});
