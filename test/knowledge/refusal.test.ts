/**
 * A malformed facts document is refused with an error naming the record and field, and the graph is
 * left exactly as it was (counted before and after).
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { InvalidDocumentError } from '../../src/errors';
import type { GraphStore } from '../../src/graph/port';
import { loadFactsFile, parseFacts, prepareDocument } from '../../src/knowledge/load';
import { enginesUnderTest, openSeeded, tempDataDir } from '../support/engines';

const base = () => YAML.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'small.facts.yaml'), 'utf8'));

async function refusal(store: GraphStore, doc: unknown): Promise<InvalidDocumentError> {
  const before = await store.stats();
  const error = await prepareDocument(store, 'broken.yaml', doc)
    .then((write) => store.writeDocument(write))
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(await store.stats()).toEqual(before);
  expect(error).toBeInstanceOf(InvalidDocumentError);
  return error as InvalidDocumentError;
}

describe.each(enginesUnderTest().map((e) => [e.name, e] as const))('refusing malformed documents on %s', (_n, engine) => {
  let store: GraphStore;
  beforeAll(async () => {
    store = await openSeeded(engine);
  });
  afterAll(async () => store?.close());

  it('accepts the valid base document (so each refusal below is caused by its one change)', async () => {
    const write = await prepareDocument(store, 'small.yaml', base());
    expect(write.relationships).toHaveLength(1);
  });

  it('refuses an unknown kind, naming the entity and field', async () => {
    const doc = base();
    doc.entities[1].kind = 'City';
    const e = await refusal(store, doc);
    expect(e.problems[0]).toMatchObject({ path: 'entities[1] (test-tehran).kind' });
    expect(e.message).toMatch(/unknown kind "City"/);
  });

  it('refuses a relationship between kinds the ontology forbids', async () => {
    const doc = base();
    doc.relationships[0].to = 'test-corridor';
    const e = await refusal(store, doc);
    expect(e.problems[0]!.path).toBe('relationships[0] (test-minister VISITED test-corridor).type');
    expect(e.problems[0]!.message).toMatch(/VISITED cannot join Person to Project/);
  });

  it('refuses a dangling id', async () => {
    const doc = base();
    doc.relationships[0].to = 'atlantis';
    const e = await refusal(store, doc);
    expect(e.problems[0]).toMatchObject({ path: 'relationships[0] (test-minister VISITED atlantis).to' });
    expect(e.problems[0]!.message).toMatch(/no entity "atlantis"/);
  });

  it('refuses evidence that is not in the source text', async () => {
    const doc = base();
    doc.relationships[0].evidence = 'The minister flew to Tehran';
    const e = await refusal(store, doc);
    expect(e.problems[0]!.path).toBe('relationships[0] (test-minister VISITED test-tehran).evidence');
    expect(e.problems[0]!.message).toMatch(/quote not found in the source text/);
  });

  it('accepts evidence that differs only in typography and whitespace', async () => {
    const doc = base();
    doc.relationships[0].evidence = "Russia's energy   minister visited Tehran";
    await expect(prepareDocument(store, 'ok.yaml', doc)).resolves.toBeDefined();
  });

  it('refuses a property the kind does not have, and an amount written as text', async () => {
    const doc = base();
    doc.entities[0].properties = { budget: 5 };
    doc.entities.push({ id: 'test-memo', kind: 'Agreement', name: 'Memo', properties: { amount: '$25 billion', currency: 'USD' } });
    const e = await refusal(store, doc);
    expect(e.problems.map((p) => p.path)).toEqual(['entities[0] (test-minister).properties.budget', 'entities[3] (test-memo).properties.amount']);
    expect(e.problems[1]!.message).toMatch(/must be a number/);
  });

  it('refuses a document that breaks the shape, naming the field', async () => {
    const doc = base();
    delete doc.entities[0].name;
    const e = await refusal(store, doc);
    expect(e.problems[0]!.path).toBe('entities[0].name');
  });

  it('leaves the graph unchanged when the last record of an otherwise good document is bad', async () => {
    const doc = base();
    doc.relationships.push({ type: 'VISITED', from: 'test-minister', to: 'test-tehran-typo', evidence: 'visited Tehran' });
    await refusal(store, doc);
    expect(await store.getEntities(['test-minister'])).toEqual([null]);
  });
});

describe('reading facts files', () => {
  it('names the line and column of bad JSON', () => {
    expect(() => parseFacts('bad.json', '{\n  "source": {,\n}')).toThrow(/bad\.json: line 2, column \d+: bad JSON/);
  });

  it('names the line of bad YAML', () => {
    expect(() => parseFacts('bad.yaml', 'source:\n  id: x\n   title: [unclosed\n')).toThrow(/bad\.yaml: line \d+, column \d+: bad YAML/);
  });

  it('refuses a bad JSON file without touching the graph', async () => {
    const [engine] = enginesUnderTest();
    const store = await openSeeded(engine!);
    try {
      const before = await store.stats();
      const file = path.join(tempDataDir(), 'broken.facts.json');
      fs.writeFileSync(file, '{"source": {"id": "x", "title": "t", "text": "t"}, "entities": [ }');
      await expect(loadFactsFile(store, file)).rejects.toThrow(/bad JSON/);
      expect(await store.stats()).toEqual(before);
    } finally {
      await store.close();
    }
  });
});
