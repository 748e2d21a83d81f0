// The Lucene query the Neo4j engine sends to the full-text index: user text never reaches it as syntax.
import { indexTerms, luceneQuery, luceneTerm } from '../../src/graph/neo4j/full-text';
import { foldForSearch } from '../../src/text/normalise';

describe('Lucene queries for the full-text index', () => {
  it('escapes every character with a meaning in Lucene syntax', () => {
    expect(luceneTerm('a+b-c&&d||e!f(g)h{i}j[k]l^m"n~o*p?q:r\\s/t')).toBe(
      'a\\+b\\-c\\&\\&d\\|\\|e\\!f\\(g\\)h\\{i\\}j\\[k\\]l\\^m\\"n\\~o\\*p\\?q\\:r\\\\s\\/t',
    );
  });

  it('keeps only words of letters and digits, folded like the search text', () => {
    expect(indexTerms(foldForSearch('Rasht–Astara: "railway" (2025) & Co. +x'))).toEqual(['rasht', 'astara', 'railway', '2025', 'co']);
    expect(indexTerms(foldForSearch('Ostrów Wielkopolski'))).toEqual(['ostrow', 'wielkopolski']);
  });

  it('asks for every word (as a word or its start), or for any of them', () => {
    expect(luceneQuery(['north', 'south'], 'all')).toBe('+(north OR north*) +(south OR south*)');
    expect(luceneQuery(['north', 'south'], 'any')).toBe('(north OR north*) (south OR south*)');
  });

  it.each([
    'AND OR NOT',
    'name:Putin',
    '"unclosed',
    'a) OR (b',
    '*',
    '\\',
    'Jalali~2^3',
    '/regex/',
    "Russia's energy minister",
  ])('turns %p into a query of plain words only', (text) => {
    const query = luceneQuery(indexTerms(foldForSearch(text)), 'all');
    expect(query).toMatch(/^(\+\(([\p{L}\p{N}]+) OR \2\*\)( |$))*$/u);
  });
});
