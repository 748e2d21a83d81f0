import { cellText, entityIdsOfResult, graphOfResult } from '../../../src/web/explorer/cypher-result';

const putin = { id: 'vladimir-putin', kind: 'Person', name: 'Vladimir Putin', properties: { aliases: ['Putin'], description: 'President of Russia', role: 'president' } };
const russia = { id: 'russia', kind: 'Country', name: 'Russia', properties: {} };
const source = { id: 'interview', kind: 'Source', name: 'An interview', properties: {} };
const official = { type: 'OFFICIAL_OF', from: 'vladimir-putin', to: 'russia', properties: { evidence: ['Putin said'], sources: ['interview'], role: 'president' } };
const mention = { type: 'MENTIONS', from: 'interview', to: 'russia', properties: { offsets: [3] } };

describe('reading a Cypher answer for the canvas', () => {
  test('nodes, relationships and paths anywhere in the rows (lists too) become entities and relationships, each once', () => {
    const graph = graphOfResult(
      { rows: [[putin, official, russia], [{ nodes: [putin, russia], relationships: [official] }], [[russia, 42, 'text']]] },
      ['Person', 'Country'],
    );
    expect(graph.entities.map((e) => e.id).sort()).toEqual(['russia', 'vladimir-putin']);
    const p = graph.entities.find((e) => e.id === 'vladimir-putin')!;
    expect(p).toEqual({ id: 'vladimir-putin', kind: 'Person', name: 'Vladimir Putin', aliases: ['Putin'], description: 'President of Russia', properties: { role: 'president' } });
    expect(graph.relationships).toEqual([
      { id: 'vladimir-putin|OFFICIAL_OF|russia', type: 'OFFICIAL_OF', from: 'vladimir-putin', to: 'russia', properties: { role: 'president' }, evidence: [{ quote: 'Putin said', source: { title: 'interview' } }] },
    ]);
  });

  test('sources and their mentions stay off the canvas; scalars and maps draw nothing', () => {
    const graph = graphOfResult({ rows: [[source, mention], [{ id: 'x', name: 'no kind' }, 7, null]] }, ['Person', 'Country']);
    expect(graph).toEqual({ entities: [], relationships: [] });
  });

  test('table cells: a node by name and kind, a relationship by its ends, a path by its names, the rest as text or JSON', () => {
    expect(cellText(putin)).toBe('Vladimir Putin (Person)');
    expect(cellText(official)).toBe('vladimir-putin -OFFICIAL_OF-> russia');
    expect(cellText({ nodes: [putin, russia], relationships: [official] })).toBe('Vladimir Putin — Russia');
    expect(cellText(null)).toBe('');
    expect(cellText(2.5)).toBe('2.5');
    expect(cellText(['a', 1])).toBe('["a",1]');
  });
});

describe('entity ids in a result of ids', () => {
  test('columns named like ids, lists in them too, each id once; other columns and non-strings are ignored', () => {
    const answer = {
      columns: ['id', 'name', 'partyIds', 'otherId', 'valid', 'hops'],
      rows: [
        ['iran', 'russia', ['russia', 'china'], 'iran', 'x', 2],
        ['azerbaijan', 'Azerbaijan', [], null, 'y', 1],
        [7, 'seven', null, '', 'z', 0],
      ],
    };
    expect(entityIdsOfResult(answer)).toEqual(['iran', 'russia', 'china', 'azerbaijan']);
    expect(entityIdsOfResult({ columns: ['name'], rows: [['iran']] })).toEqual([]);
  });
});
