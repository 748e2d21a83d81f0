/**
 * The draft's recall and precision (`npm run draft:score`): computed from the two facts documents, not copied —
 * the counts it divides by are the documents' own, a draft made of a document's own facts scores 100%, an empty
 * draft 0% — and the README's table is the script's output as it stands.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { scoreDraft } from '../../src/knowledge/draft-score';
import { draftFacts, type Draft } from '../../src/knowledge/draft';
import { NameIndex } from '../../src/knowledge/resolve';
import { scoreArticles, scoreTable } from '../../scripts/draft-score';
import { PROJECT_ROOT } from '../support/engines';
import { EXAMPLE_DOCUMENTS, SEED_DOCUMENTS, seedRelationshipIds, type SeedDocument } from '../support/seed';

const interview = SEED_DOCUMENTS.find((d) => d.id === 'iran-russia-envoy-interview')!;
const railway = EXAMPLE_DOCUMENTS.find((d) => d.id === 'rasht-astara-railway-agreement')!;
const interviewGraph = () => new NameIndex(interview.entities.map((e) => ({ id: e.id!, kind: e.kind as never, name: e.name, aliases: e.aliases ?? [] })));

/** A draft proposing exactly the document's facts. */
function draftOf(doc: SeedDocument): Draft {
  const empty = draftFacts(doc.text.slice(0, 1), new NameIndex());
  const entities = doc.entities.map((e) => ({ id: e.id ?? e.name, kind: e.kind as never, name: e.name, known: false, offsets: [] }));
  const relationships = doc.relationships.map((r) => ({ type: r.type as never, from: r.from, to: r.to, evidence: [r.evidence].flat(), allowedTypes: [], why: 'test' }));
  return { ...empty, entities, relationships };
}

describe('draft recall and precision', () => {
  const [scoredInterview, scoredRailway] = scoreArticles();

  test('divide by the facts documents’ own counts', () => {
    expect(scoredInterview!.score.entities.stated).toBe(interview.entities.length);
    expect(scoredInterview!.score.relationships.stated).toBe(seedRelationshipIds([interview]).length);
    expect(scoredRailway!.score.relationships.stated).toBe(new Set(railway.relationships.map((r) => `${r.from}|${r.type}|${r.to}`.toLowerCase())).size);
    for (const { score } of [scoredInterview!, scoredRailway!]) {
      for (const f of [score.entities, score.relationships, score.pairs]) {
        expect(f.recall).toBeCloseTo(f.found / f.stated);
        expect(f.precision).toBeCloseTo(f.right / f.proposed);
        expect(f.found).toBeLessThanOrEqual(f.stated);
        expect(f.right).toBeLessThanOrEqual(f.proposed);
      }
    }
  });

  test('a draft of the document’s own facts scores 100%, an empty draft 0%', () => {
    const perfect = scoreDraft(draftOf(interview), interview as never, new NameIndex());
    expect([perfect.entities.recall, perfect.entities.precision, perfect.relationships.recall, perfect.relationships.precision]).toEqual([1, 1, 1, 1]);
    const againstGraph = scoreDraft(draftOf(railway), railway as never, interviewGraph());
    expect([againstGraph.relationships.recall, againstGraph.relationships.precision]).toEqual([1, 1]);
    const empty = scoreDraft(draftFacts('Nothing here.', new NameIndex()), interview as never, new NameIndex());
    expect([empty.entities.recall, empty.relationships.recall, empty.relationships.proposed]).toEqual([0, 0, 0]);
  });

  test('the drafter finds most of the people and places, and some typed ties, on both articles', () => {
    expect(scoredRailway!.score.entities.recall).toBeGreaterThan(0.8);
    expect(scoredRailway!.score.relationships.found).toBeGreaterThanOrEqual(5);
    expect(scoredInterview!.score.entities.recall).toBeGreaterThan(0.5);
  });

  test('the script prints them, and the README shows the script’s table as it stands', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--require', 'tsx/cjs', path.join(PROJECT_ROOT, 'scripts/draft-score.ts')], { cwd: PROJECT_ROOT });
    const table = scoreTable([scoredInterview!, scoredRailway!]);
    expect(stdout.trim()).toBe(table);
    // The README indents the table inside a list item.
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8').split('\n').map((l) => l.trim()).join('\n');
    expect(readme).toContain(table);
  }, 60_000);
});
