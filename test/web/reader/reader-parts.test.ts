/**
 * The reader's and the review's pure parts: reader links, marks cut into runs, and the review's facts document,
 * checked against the product's own validator so the page's checks and the server's agree, and every problem
 * the server names finds its row and field.
 */
import { mentionLength, mergeQuotes, runsOf, type Mark } from '../../../src/web/explorer/article-marks';
import { allowedTypes, buildDocument, placeProblem, rowIds, slugOf, type EntityRow, type RelationshipRow, type RelationshipRule } from '../../../src/web/explorer/draft-review';
import { formatReaderRoute, isReaderHash, parseReaderRoute } from '../../../src/web/explorer/reader-route';
import { readableDate, sourceLine } from '../../../src/web/explorer/sources-panel';
import { RELATIONSHIP_TYPES, allowsRelationship, kindNames, relationshipTypeNames, type KindName, type RelationshipTypeName } from '../../../src/ontology/ontology';
import { validateDocument } from '../../../src/knowledge/validate';
import { NameIndex } from '../../../src/knowledge/resolve';
import { InvalidDocumentError } from '../../../src/errors';

const RULES: RelationshipRule[] = relationshipTypeNames.map((type) => ({ type, from: [...RELATIONSHIP_TYPES[type].from], to: [...RELATIONSHIP_TYPES[type].to], description: '' }));

describe('reader links', () => {
  test('read and write the three pages; ids of any spelling round-trip', () => {
    for (const id of ['iran-russia-envoy-interview', 'a/b c', 'naïve%']) {
      expect(parseReaderRoute(formatReaderRoute({ page: 'source', id }))).toEqual({ page: 'source', id });
    }
    expect(parseReaderRoute('#/sources')).toEqual({ page: 'sources' });
    expect(parseReaderRoute('#/add')).toEqual({ page: 'add' });
    expect(parseReaderRoute('#/source/%E0%A4%A')).toEqual({ page: 'sources' });
  });

  test('the graph keeps its own hashes', () => {
    for (const hash of ['', '#/', '#/entity/russia', '#/path/a/b', '#/source', '#/source/', '#/sources/x', '#/add/x']) expect(isReaderHash(hash)).toBe(false);
  });
});

describe('the list line', () => {
  test('dates are the day written, counts in words', () => {
    expect(readableDate('2023-05-17')).toBe('17 May 2023');
    expect(readableDate('2023-12-31T23:30:00-05:00')).toBe('31 December 2023');
    expect(readableDate('sometime')).toBe('sometime');
    expect(sourceLine({ publisher: 'Wire', published: '2024-06-03', entityCount: 1, relationshipCount: 0 })).toBe('Wire · 3 June 2024 · 1 entity · 0 relationships');
    expect(sourceLine({ publisher: null, published: null, entityCount: 2, relationshipCount: 1 })).toBe('undated · 2 entities · 1 relationship');
  });
});

describe('marks', () => {
  test('a mention spans the longest name the text holds there, typography and case aside', () => {
    const text = 'The North\u2013South  corridor and the corridor.';
    expect(mentionLength(text, 4, ['North-South corridor', 'corridor'])).toBe('North\u2013South  corridor'.length);
    expect(mentionLength(text, 4, ['north'])).toBe(5);
    expect(mentionLength('Putin.', 0, ['Vladimir Putin', 'Putin'])).toBe(5);
  });

  test('runs cover the text once, each with the marks around it, outermost first', () => {
    const quote: Mark = { kind: 'quote', start: 0, end: 20, relationshipIds: ['a|MET_WITH|b'] };
    const mention: Mark = { kind: 'mention', start: 5, end: 10, entityId: 'b' };
    const runs = runsOf(30, [mention, quote]);
    expect(runs.map((r) => [r.start, r.end])).toEqual([[0, 5], [5, 10], [10, 20], [20, 30]]);
    expect(runs[1]!.marks).toEqual([quote, mention]);
    expect(runs[3]!.marks).toEqual([]);
    // marks outside the text are left out rather than drawn wrong
    expect(runsOf(5, [{ kind: 'mention', start: 3, end: 9, entityId: 'x' }])).toEqual([{ start: 0, end: 5, marks: [] }]);
  });

  test('one passage stating several relationships is one mark naming them all', () => {
    expect(mergeQuotes([{ start: 1, end: 4, relationshipId: 'x' }, { start: 1, end: 4, relationshipId: 'y' }, { start: 2, end: 4, relationshipId: 'x' }])).toEqual([
      { kind: 'quote', start: 1, end: 4, relationshipIds: ['x', 'y'] },
      { kind: 'quote', start: 2, end: 4, relationshipIds: ['x'] },
    ]);
  });
});

describe('the review', () => {
  test('offers exactly the types the ontology allows between two kinds', () => {
    for (const from of kindNames) {
      for (const to of kindNames) {
        expect(allowedTypes(RULES, from, to)).toEqual(relationshipTypeNames.filter((t) => allowsRelationship(t as RelationshipTypeName, from as KindName, to as KindName)));
      }
    }
  });

  test('makes slugs the facts documents accept, unique beside the graph\u2019s ids', () => {
    expect(slugOf('Alexey Likhachëv')).toBe('alexey-likhachev');
    expect(slugOf('  Rasht\u2013Astara  railway! ')).toBe('rasht-astara-railway');
    const rows: EntityRow[] = [
      { key: 'k', accepted: true, known: true, id: 'iran', name: 'Iran', kind: 'Country', offsets: [] },
      { key: 'n1', accepted: true, known: false, id: '', name: 'Iran', kind: 'Place', offsets: [] },
      { key: 'n2', accepted: true, known: false, id: '', name: 'IRAN', kind: 'Place', offsets: [] },
      { key: 'n3', accepted: true, known: false, id: '', name: '!!!', kind: 'Place', offsets: [] },
    ];
    expect([...rowIds(rows).values()]).toEqual(['iran', 'iran-2', 'iran-3', 'entity']);
  });

  const TEXT = 'Rosatom chief Alexey Likhachev met President Vladimir Putin in Moscow.';
  const graph = () =>
    new NameIndex([
      { id: 'vladimir-putin', kind: 'Person', name: 'Vladimir Putin', aliases: ['Putin'] },
      { id: 'moscow', kind: 'Place', name: 'Moscow', aliases: [] },
      { id: 'iran', kind: 'Country', name: 'Iran', aliases: [] },
    ]);
  const source = { id: '', title: 'Rosatom chief meets Putin', url: 'https://example.org/a', publisher: 'Wire', published: '2024-06-03', text: TEXT };
  const entities = (): EntityRow[] => [
    { key: 'putin', accepted: true, known: true, id: 'vladimir-putin', name: 'Vladimir Putin', kind: 'Person', offsets: [45] },
    { key: 'moscow', accepted: true, known: true, id: 'moscow', name: 'Moscow', kind: 'Place', offsets: [63] },
    { key: 'likhachev', accepted: true, known: false, id: '', name: 'Alexey Likhachev', kind: 'Person', offsets: [14] },
    { key: 'rosatom', accepted: false, known: false, id: '', name: 'Rosatom', kind: 'Organization', offsets: [0] },
  ];
  const relationships = (): RelationshipRow[] => [
    { key: 'met', accepted: true, from: 'likhachev', to: 'putin', type: 'MET_WITH', evidence: 'Alexey Likhachev met President Vladimir Putin' },
    { key: 'met-again', accepted: true, from: 'likhachev', to: 'putin', type: 'MET_WITH', evidence: 'met President Vladimir Putin in Moscow' },
    { key: 'visit', accepted: true, from: 'likhachev', to: 'moscow', type: 'VISITED', evidence: 'Putin in Moscow' },
    { key: 'dropped', accepted: false, from: 'likhachev', to: 'rosatom', type: '', evidence: '' },
  ];

  test('a clean review makes a document the product\u2019s validator takes as is', () => {
    const built = buildDocument(source, entities(), relationships(), RULES);
    expect(built.problems).toEqual([]);
    expect(built.document.source).toEqual({ id: 'rosatom-chief-meets-putin', title: source.title, text: TEXT, url: source.url, publisher: 'Wire', published: '2024-06-03' });
    expect(built.document.entities.map((e) => e.id)).toEqual(['vladimir-putin', 'moscow', 'alexey-likhachev']);
    // the same tie stated twice is one relationship with both quotes
    expect(built.document.relationships).toEqual([
      { type: 'MET_WITH', from: 'alexey-likhachev', to: 'vladimir-putin', evidence: ['Alexey Likhachev met President Vladimir Putin', 'met President Vladimir Putin in Moscow'] },
      { type: 'VISITED', from: 'alexey-likhachev', to: 'moscow', evidence: 'Putin in Moscow' },
    ]);
    expect(built.relationshipAt).toEqual([['met', 'met-again'], ['visit']]);
    const prepared = validateDocument('review', built.document, { graph: graph() });
    expect(prepared.write.relationships.map((r) => r.id)).toEqual(['alexey-likhachev|MET_WITH|vladimir-putin', 'alexey-likhachev|VISITED|moscow']);
  });

  test('says what is wrong at each field before asking the server', () => {
    const rows = relationships();
    rows[0]!.type = '';
    rows[1]!.to = 'rosatom';
    rows[2]!.evidence = 'Putin flew to Mars';
    rows.push({ key: 'wrong-kinds', accepted: true, from: 'moscow', to: 'putin', type: 'VISITED', evidence: 'Moscow' });
    rows.push({ key: 'self', accepted: true, from: 'putin', to: 'putin', type: 'MET_WITH', evidence: 'Putin' });
    const built = buildDocument({ ...source, title: ' ', url: 'example.org', published: '3 June' }, entities(), rows, RULES);
    expect(built.problems).toEqual([
      { target: 'source.title', message: 'give the article a title' },
      { target: 'source.url', message: expect.stringMatching(/not a web address/) },
      { target: 'source.published', message: 'give the date as YYYY-MM-DD' },
      { target: 'source.id', message: expect.stringMatching(/lowercase slug/) },
      { target: 'relationship:met.type', message: 'choose a type' },
      { target: 'relationship:met-again.to', message: 'Rosatom is dropped: accept it or drop this relationship' },
      {
        target: 'relationship:met-again.type',
        message: `MET_WITH cannot join Person to Organization; choose ${relationshipTypeNames.filter((t) => allowsRelationship(t, 'Person', 'Organization')).join(', ')}`,
      },
      { target: 'relationship:visit.evidence', message: expect.stringMatching(/not in the article/) },
      { target: 'relationship:wrong-kinds.type', message: 'VISITED cannot join Place to Person; no type does: swap the ends or change a kind' },
      { target: 'relationship:self.to', message: 'a relationship joins two different entities' },
    ]);
  });

  test('every problem the server names lands on its row and field', () => {
    const built = buildDocument(source, entities(), relationships(), RULES);
    // What the page cannot know: the graph holds "moscow" as another kind, and a quote changed after the check.
    const document = structuredClone(built.document);
    document.entities[1]!.kind = 'Country';
    (document.relationships[0]!.evidence as string[])[1] = 'met Putin in Moscow';
    document.relationships[1]!.type = 'POSTED_TO';
    let problems: { path: string; message: string }[] = [];
    try {
      validateDocument('review', document, { graph: graph() });
    } catch (e) {
      problems = (e as InvalidDocumentError).problems;
    }
    expect(problems.length).toBeGreaterThanOrEqual(2);
    const placed = problems.map((p) => placeProblem(p.path, built));
    expect(placed).toEqual(expect.arrayContaining(['entity:moscow.kind', 'relationship:met-again.evidence']));
    expect(placed).not.toContain('document');
    expect(placeProblem('source.url', built)).toBe('source.url');
    expect(placeProblem('source.textPath', built)).toBe('source.text');
    expect(placeProblem('relationships[9] (a X b).type', built)).toBe('document');
    expect(placeProblem('entities[2].name', built)).toBe('entity:likhachev.name');
    expect(placeProblem('relationships[0] (alexey-likhachev MET_WITH vladimir-putin)', built)).toBe('relationship:met');
    expect(placeProblem('(document)', built)).toBe('document');
  });
});
