/**
 * Drafting a facts document from raw text: known entities linked by id, candidates from the NLP library,
 * sentences naming two or more entities as candidate evidence, and a draft that cannot enter the graph as is.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { InvalidDocumentError } from '../../src/errors';
import { TYPE_TO_CHOOSE, draftFacts } from '../../src/knowledge/draft';
import { NameIndex } from '../../src/knowledge/resolve';
import { validateDocument } from '../../src/knowledge/validate';
import { SEED_DIR } from '../support/engines';

const interview = YAML.parse(fs.readFileSync(path.join(SEED_DIR, 'iran-russia-envoy-interview.facts.yaml'), 'utf8'));
const article = fs.readFileSync(path.join(SEED_DIR, 'rasht-astara-railway-agreement.txt'), 'utf8');
const knownGraph = () => new NameIndex(interview.entities.map((e: { id: string; kind: never; name: string; aliases?: string[] }) => ({ ...e, aliases: e.aliases ?? [] })));

describe('kg draft', () => {
  const draft = draftFacts(article, knownGraph());
  const doc = YAML.parse(draft.yaml);

  test('the source block carries the text verbatim and a title from the first line', () => {
    expect(doc.source).toEqual({ id: draft.sourceId, title: 'Russia and Iran Sign Agreement to Build the Rasht–Astara Railway', text: article });
    expect(draft.sourceId).toBe('russia-and-iran-sign-agreement-to-build-the-rasht-astara-railway');
  });

  test('entities the graph knows are linked by their ids', () => {
    const known = draft.entities.filter((e) => e.known).map((e) => e.id);
    expect(known).toEqual(
      expect.arrayContaining(['russia', 'iran', 'tehran', 'rasht', 'astara', 'rasht-astara-railway', 'vladimir-putin', 'north-south-transport-corridor']),
    );
    expect(known).not.toContain('jalali');
  });

  test('people, places and organisations the graph does not know are offered as candidates', () => {
    const candidates = draft.entities.filter((e) => !e.known);
    expect(candidates.map((e) => [e.id, e.kind])).toEqual(
      expect.arrayContaining([
        ['ebrahim-raisi', 'Person'],
        ['vitaly-savelyev', 'Person'],
        ['alexander-novak', 'Person'],
        ['azerbaijan', 'Country'],
      ]),
    );
    // A lone surname is proposed as an alias of the person named in full, not as another person.
    expect(doc.entities.find((e: { id: string }) => e.id === 'alexander-novak').aliases).toEqual(['Novak']);
    expect(doc.entities.find((e: { id: string }) => e.id === 'vladimir-putin').aliases).toEqual(['Putin']);
    expect(candidates.map((e) => e.name)).not.toContain('President');
  });

  test('each sentence naming two or more entities becomes a candidate relationship with that sentence as evidence', () => {
    expect(draft.evidence.length).toBeGreaterThanOrEqual(6);
    for (const c of draft.evidence) {
      expect(c.entities.length).toBeGreaterThanOrEqual(2);
      expect(article).toContain(c.sentence);
    }
    const raisi = draft.evidence.find((c) => c.entities.includes('ebrahim-raisi'))!;
    expect(raisi.sentence).toBe('Iranian President Ebrahim Raisi attended the signing ceremony, and Russian President Vladimir Putin took part by video link.');
    expect(doc.relationships.every((r: { type: string }) => r.type === TYPE_TO_CHOOSE)).toBe(true);
    expect(draft.yaml).toContain('# types from ebrahim-raisi to vladimir-putin: MET_WITH');
  });

  test('a draft cannot be ingested until every relationship has a type', () => {
    expect(() => validateDocument('draft', doc, { graph: knownGraph() })).toThrow(InvalidDocumentError);
    try {
      validateDocument('draft', doc, { graph: knownGraph() });
    } catch (e) {
      expect((e as InvalidDocumentError).problems[0]!.message).toContain(`unknown relationship type "${TYPE_TO_CHOOSE}"`);
    }
  });

  test('once completed, a draft validates: known entities unchanged, candidates new', () => {
    const completed = {
      ...doc,
      relationships: [{ type: 'OFFICIAL_OF', from: 'ebrahim-raisi', to: 'iran', evidence: 'Iranian President Ebrahim Raisi' }],
    };
    const prepared = validateDocument('draft', completed, { graph: knownGraph() });
    expect(prepared.resolutions.find((r) => r.id === 'iran')!.outcome).toBe('known-id');
    expect(prepared.resolutions.find((r) => r.id === 'ebrahim-raisi')!.outcome).toBe('new');
  });

  test('with a text path the draft refers to the article instead of copying it', () => {
    const byPath = YAML.parse(draftFacts(article, knownGraph(), { textPath: 'article.txt', sourceId: 'my-article' }).yaml);
    expect(byPath.source).toEqual({ id: 'my-article', title: expect.any(String), textPath: 'article.txt' });
  });
});
