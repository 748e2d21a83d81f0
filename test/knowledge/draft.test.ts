/**
 * Drafting a facts document from raw text: known entities linked by id (the longest name wins), candidates from the
 * NLP library and the shapes of names (people after their titles, with the office as an OFFICIAL_OF candidate),
 * money as numbers with a currency, dates in ISO form, and relationship types only among those the ontology allows
 * (the only one where it allows one; otherwise the verb's, or a choice listed for the person).
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { InvalidDocumentError } from '../../src/errors';
import { TYPE_TO_CHOOSE, draftFacts, type Draft } from '../../src/knowledge/draft';
import { NameIndex } from '../../src/knowledge/resolve';
import { validateDocument } from '../../src/knowledge/validate';
import { allowsRelationship, relationshipTypeNames, type RelationshipTypeName } from '../../src/ontology/ontology';
import { EXAMPLES_DIR } from '../support/engines';
import { seedDocument } from '../support/seed';

const interview = seedDocument('iran-russia-envoy-interview');
const railway = fs.readFileSync(path.join(EXAMPLES_DIR, 'rasht-astara-railway-agreement.txt'), 'utf8');
const knownGraph = () => new NameIndex(interview.entities.map((e) => ({ id: e.id!, kind: e.kind as never, name: e.name, aliases: e.aliases ?? [] })));
const entity = (d: Draft, id: string) => d.entities.find((e) => e.id === id);

/** Every proposal's type is one the ontology allows between its ends' kinds, and a choice is left only where it allows several. */
function expectOntologyTypes(d: Draft): void {
  const kind = (id: string) => entity(d, id)!.kind;
  for (const r of d.relationships) {
    const allowed = relationshipTypeNames.filter((t) => allowsRelationship(t, kind(r.from), kind(r.to)));
    expect({ r: `${r.from} ${r.type} ${r.to}`, allowed: r.allowedTypes }).toEqual({ r: `${r.from} ${r.type} ${r.to}`, allowed });
    if (r.type === TYPE_TO_CHOOSE) {
      expect(new Set([...allowed, ...relationshipTypeNames.filter((t) => allowsRelationship(t, kind(r.to), kind(r.from)))]).size).toBeGreaterThan(1);
    } else {
      expect(allowed).toContain(r.type as RelationshipTypeName);
    }
    for (const quote of r.evidence) expect(d.yaml.includes(quote) || railway.includes(quote) || interview.text.includes(quote)).toBe(true);
  }
}

describe('kg draft of the railway article against the interview’s graph', () => {
  const draft = draftFacts(railway, knownGraph());
  const doc = YAML.parse(draft.yaml);

  test('the source block carries the text verbatim and a title from the first line', () => {
    expect(doc.source).toEqual({ id: draft.sourceId, title: 'Russia and Iran Sign Agreement to Build the Rasht–Astara Railway', text: railway });
    expect(draft.sourceId).toBe('russia-and-iran-sign-agreement-to-build-the-rasht-astara-railway');
  });

  test('entities the graph knows are linked by their ids, and a known person’s lone surname is proposed as an alias', () => {
    const known = draft.entities.filter((e) => e.known).map((e) => e.id);
    expect(known).toEqual(expect.arrayContaining(['russia', 'iran', 'tehran', 'rasht', 'astara', 'rasht-astara-railway', 'vladimir-putin', 'north-south-transport-corridor']));
    expect(known).not.toContain('jalali');
    expect(doc.entities.find((e: { id: string }) => e.id === 'vladimir-putin').aliases).toEqual(['Putin']);
  });

  test('people named after their titles are candidates with their role, and OFFICIAL_OF the country the title names', () => {
    for (const [id, role, country] of [
      ['vitaly-savelyev', 'Transport Minister', 'russia'],
      ['mehrdad-bazrpash', 'Minister of Roads and Urban Development', 'iran'],
      ['ebrahim-raisi', 'President', 'iran'],
      ['alexander-novak', 'Deputy Prime Minister', 'russia'],
    ] as const) {
      expect(entity(draft, id)).toMatchObject({ kind: 'Person', known: false, properties: { role } });
      const office = draft.relationships.find((r) => r.from === id && r.type === 'OFFICIAL_OF');
      expect(office).toMatchObject({ to: country, why: 'title' });
      expect(railway).toContain(office!.evidence[0]);
    }
    // "Transport" in "Transport Minister" is part of a title, not the graph's transport sector.
    expect(known(draft)).not.toContain('transport');
    expect(entity(draft, 'alexander-novak')!.newAliases).toEqual(['Novak']);
    expect(draft.entities.map((e) => e.name)).not.toContain('President');
  });

  test('money is a number with its currency, and dates are ISO', () => {
    expect(draft.amounts.map((a) => [a.amount, a.currency])).toEqual([[1_300_000_000, 'EUR'], [1_600_000_000, 'EUR']]);
    expect(draft.dates).toEqual([{ text: '17 May 2023', offset: railway.indexOf('17 May 2023'), date: '2023-05-17' }]);
    expect(draft.yaml).toContain('"1.3 billion" = 1300000000 EUR');
  });

  test('every type is one the ontology allows between the two kinds; a choice lists the allowed types', () => {
    expectOntologyTypes(draft);
    const choice = draft.relationships.find((r) => r.type === TYPE_TO_CHOOSE)!;
    expect(draft.yaml).toContain(`# choose the type: from ${choice.from} to ${choice.to} the ontology allows ${choice.allowedTypes.join(', ')}`);
    // Where the ontology allows one type (Place → Country: LOCATED_IN), it is filled in.
    expect(draft.relationships).toContainEqual(expect.objectContaining({ from: 'rasht-astara-railway', type: 'LOCATED_IN', to: 'iran' }));
  });

  test('a draft with a choice left cannot be ingested; once the choices are made or dropped it validates', () => {
    expect(() => validateDocument('draft', doc, { graph: knownGraph() })).toThrow(InvalidDocumentError);
    try {
      validateDocument('draft', doc, { graph: knownGraph() });
    } catch (e) {
      expect((e as InvalidDocumentError).problems[0]!.message).toContain(`unknown relationship type "${TYPE_TO_CHOOSE}"`);
    }
    const completed = { ...doc, relationships: doc.relationships.filter((r: { type: string }) => r.type !== TYPE_TO_CHOOSE) };
    const prepared = validateDocument('draft', completed, { graph: knownGraph() });
    expect(prepared.resolutions.find((r) => r.id === 'iran')!.outcome).toBe('known-id');
    expect(prepared.resolutions.find((r) => r.id === 'ebrahim-raisi')!.outcome).toBe('new');
    expect(prepared.write.relationships.map((r) => r.id)).toContain('ebrahim-raisi|OFFICIAL_OF|iran');
  });

  test('with a text path the draft refers to the article instead of copying it', () => {
    const byPath = YAML.parse(draftFacts(railway, knownGraph(), { textPath: 'article.txt', sourceId: 'my-article' }).yaml);
    expect(byPath.source).toEqual({ id: 'my-article', title: expect.any(String), textPath: 'article.txt' });
  });
});

const known = (d: Draft) => d.entities.filter((e) => e.known).map((e) => e.id);

describe('kg draft of short texts', () => {
  test('"Rosatom chief Alexey Likhachev" is a person, an organisation and an OFFICIAL_OF candidate', () => {
    const text = 'Rosatom chief Alexey Likhachev met Iranian President Ebrahim Raisi in Tehran on Tuesday.';
    const d = draftFacts(text, knownGraph());
    expect(entity(d, 'alexey-likhachev')).toMatchObject({ kind: 'Person', properties: { role: 'chief' } });
    expect(entity(d, 'rosatom')).toMatchObject({ kind: 'Organization', known: false });
    expect(d.relationships).toContainEqual(expect.objectContaining({ from: 'alexey-likhachev', type: 'OFFICIAL_OF', to: 'rosatom', evidence: ['Rosatom chief Alexey Likhachev'] }));
    expect(d.relationships).toContainEqual(expect.objectContaining({ from: 'ebrahim-raisi', type: 'OFFICIAL_OF', to: 'iran' }));
    expect(d.relationships).toContainEqual(expect.objectContaining({ from: 'alexey-likhachev', type: 'MET_WITH', to: 'ebrahim-raisi' }));
    expectOntologyTypes(d);
  });

  test('the longest known name wins: "energy" inside "Atomic Energy Organization" is not the sector', () => {
    const graph = new NameIndex([
      { id: 'energy', kind: 'Sector', name: 'Energy', aliases: [] },
      { id: 'atomic-energy-organization', kind: 'Organization', name: 'Atomic Energy Organization', aliases: [] },
    ]);
    const d = draftFacts('The Atomic Energy Organization will carry out the new projects.', graph);
    expect(known(d)).toEqual(['atomic-energy-organization']);
    // Unknown to the graph, the organisation the library finds still beats the known sector inside it.
    const d2 = draftFacts('Iran’s Atomic Energy Organization signed a deal.', new NameIndex([{ id: 'energy', kind: 'Sector', name: 'Energy', aliases: [] }]));
    expect(known(d2)).toEqual([]);
    expect(d2.entities.map((e) => [e.kind, e.name])).toContainEqual(['Organization', 'Atomic Energy Organization']);
  });

  test('amounts with a sign or a currency word, and dates at day, month or year precision', () => {
    const d = draftFacts('In May 2024 they signed a $25 billion memorandum. On 3 June 2024 Russia lent 300 million euros; in 2025, 5 billion roubles.', new NameIndex());
    expect(d.amounts.map((a) => [a.amount, a.currency])).toEqual([[25_000_000_000, 'USD'], [300_000_000, 'EUR'], [5_000_000_000, 'RUB']]);
    expect(d.dates.map((x) => x.date)).toEqual(['2024-05', '2024-06-03', '2025']);
  });

  test('a text naming no two entities drafts no relationship, and hostile input does not break it', () => {
    expect(draftFacts('Nothing happened here.', new NameIndex()).relationships).toEqual([]);
    const hostile = `${'Minister '.repeat(200)}, ${'A'.repeat(5000)} said “${'and '.repeat(500)}”. $ € 1e309 billion euros.`;
    const d = draftFacts(hostile, new NameIndex());
    expectOntologyTypes(d);
    expect(d.amounts.every((a) => Number.isFinite(a.amount))).toBe(true);
  });
});
