import path from 'node:path';
import { isKgError } from '../errors';
import { loadOntologyFile, parseOntology } from './load';

const FILE = 'mine.yaml';

/** The problems INVALID_ONTOLOGY lists for `text`, each "file:line: field: message". */
function problems(text: string): string[] {
  try {
    parseOntology(text, FILE);
  } catch (e) {
    if (isKgError(e) && e.code === 'INVALID_ONTOLOGY') return e.details.ontologyProblems as string[];
    throw e;
  }
  throw new Error('the ontology was accepted');
}

const SMALL = `version: 1
kinds:
  Company:
    description: A registered company.
    properties:
      jurisdiction: { type: string, description: Where it is registered. }
  Person:
    description: A natural person.
relationships:
  OWNS:
    description: Holds shares in a company.
    from: [Person, Company]
    to: [Company]
    properties:
      share: { type: number, description: Fraction held. }
`;

test('a small ontology loads with defaults filled in: display names, no ties, the file named', () => {
  const o = parseOntology(SMALL, FILE);
  expect(Object.keys(o.kinds)).toEqual(['Company', 'Person']);
  expect(o.kinds.Person).toMatchObject({ display: 'Person', properties: {}, ties: [], money: [] });
  expect(o.relationships.OWNS).toMatchObject({ display: 'owns', from: ['Person', 'Company'], properties: { share: { type: 'number' } } });
  expect(o.file).toBe(FILE);
});

test('the shipped default loads', () => {
  const o = loadOntologyFile(path.join(__dirname, '../../ontology/default.yaml'));
  expect(o.kinds.Agreement!.money.map((m) => m.name)).toEqual(['value']);
  expect(o.kinds.Project!.ties.map((t) => t.name)).toEqual(['participants', 'partOf', 'parts', 'fundedBy', 'sectors']);
});

test('a wrong value is named by line and field, with what is expected', () => {
  const text = SMALL.replace('share: { type: number', 'share: { type: integer');
  expect(problems(text)).toEqual([expect.stringMatching(/^mine\.yaml:15: relationships\.OWNS\.properties\.share\.type: .*"string"/)]);
});

test('an unknown field is named at its own line (a typo is not ignored)', () => {
  const text = SMALL.replace('  Person:\n    description: A natural person.', '  Person:\n    description: A natural person.\n    propertys: {}');
  expect(problems(text)).toEqual(['mine.yaml:9: kinds.Person.propertys: unknown field "propertys"']);
});

test('names that would reach Cypher or GraphQL unquoted must follow their grammar', () => {
  const found = problems(SMALL.replace('  Person:', '  "Person) DETACH DELETE (x":').replace('jurisdiction:', 'juris-diction:'));
  expect(found).toHaveLength(2);
  expect(found.join('\n')).toMatch(/mine\.yaml:7: kinds\.Person\) DETACH DELETE \(x: .*PascalCase/);
  expect(found.join('\n')).toMatch(/mine\.yaml:6: kinds\.Company\.properties\.juris-diction: .*camelCase/);
});

test('every rule that joins two parts is checked, all problems at once', () => {
  const text = `version: 1
kinds:
  Company:
    description: A company.
    properties:
      size: { type: number, description: Staff. }
      value: { type: string, description: Worth. }
    fields:
      owners: { description: Who owns it., direction: IN, types: [OWNS, LIKES], returns: Participant }
      worth: { description: What it is worth., money: { amount: value, currency: currency } }
  Person:
    description: A person.
    properties:
      size: { type: string, description: Shoe size. }
      name: { type: string, description: Clash. }
  Source:
    description: Taken by the product.
relationships:
  OWNS:
    description: Owns.
    from: [Person]
    to: [Company, Vessel]
`;
  const found = problems(text);
  expect(found).toEqual(
    expect.arrayContaining([
      'mine.yaml:14: kinds.Person.properties.size.type: string here, but Company.size is number; a property name has one type across kinds',
      expect.stringMatching(/^mine\.yaml:15: kinds\.Person\.properties\.name: "name" is a field every entity has/),
      expect.stringMatching(/^mine\.yaml:16: kinds\.Source: "Source" is a name the product uses itself/),
      expect.stringMatching(/^mine\.yaml:22: relationships\.OWNS\.to\.1: unknown kind "Vessel"/),
      expect.stringMatching(/^mine\.yaml:9: kinds\.Company\.fields\.owners\.types\.1: unknown relationship type "LIKES"/),
      expect.stringMatching(/^mine\.yaml:10: kinds\.Company\.fields\.worth\.money\.amount: "value" must be a number property of Company/),
      expect.stringMatching(/^mine\.yaml:10: kinds\.Company\.fields\.worth\.money\.currency: "currency" must be a string property/),
    ]),
  );
  expect(found).toHaveLength(7);
});

test('a tie field may only follow types that touch its kind on that side', () => {
  const text = SMALL.replace(
    '  Person:\n    description: A natural person.',
    '  Person:\n    description: A natural person.\n    fields:\n      holdings: { description: What they own., direction: IN, types: [OWNS], returns: Company }',
  );
  expect(problems(text)).toEqual([expect.stringMatching(/^mine\.yaml:10: kinds\.Person\.fields\.holdings\.types\.0: OWNS never has a Person at its to end/)]);
});

test('broken YAML and a missing file are INVALID_ONTOLOGY with the place, never a stack of the parser', () => {
  expect(problems('version: 1\nkinds:\n  A: [unclosed\n')[0]).toMatch(/^mine\.yaml:\d+: /);
  expect(problems('version: 1\nkinds: {}\n')).toEqual([expect.stringMatching(/^mine\.yaml:2: kinds: an ontology declares at least one kind/)]);
  expect(() => loadOntologyFile('/nonexistent/ontology.yaml')).toThrow(/ontology \/nonexistent\/ontology\.yaml: cannot be read \(ENOENT\); set KG_ONTOLOGY/);
});

test('a Cypher keyword is no name, in any case (the engines would refuse it in their DDL)', () => {
  const text = SMALL.replace('jurisdiction:', 'order:').replace('  OWNS:', '  MATCH:').replace('[Person, Company]', '[Person, Company]');
  expect(problems(text)).toEqual([
    'mine.yaml:6: kinds.Company.properties.order: "order" is a Cypher keyword; choose another name',
    'mine.yaml:10: relationships.MATCH: "MATCH" is a Cypher keyword; choose another name',
  ]);
});
