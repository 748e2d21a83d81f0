/**
 * `npm run draft:score`: how well `kg draft` does on the two articles that have facts documents written by hand —
 * the interview (seed/, drafted against an empty graph) and the railway agreement (examples/, drafted against the
 * interview's graph, as the README's walkthrough does). Prints recall and precision; `--json` prints the figures.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { draftFacts } from '../src/knowledge/draft';
import { scoreDraft, type DraftScore, type Figure } from '../src/knowledge/draft-score';
import type { FactsDocumentInput } from '../src/knowledge/facts';
import { NameIndex } from '../src/knowledge/resolve';
import type { KindName } from '../src/ontology/ontology';

const ROOT = path.resolve(__dirname, '..');

/** One article and its facts document, with the graph its draft is made against. */
export interface ScoredArticle {
  name: string;
  against: string;
  score: DraftScore;
}

function readFacts(file: string): { facts: FactsDocumentInput; text: string } {
  const facts = YAML.parse(fs.readFileSync(file, 'utf8')) as FactsDocumentInput;
  const text = facts.source.text ?? fs.readFileSync(path.join(path.dirname(file), facts.source.textPath!), 'utf8');
  return { facts, text };
}

/** Drafts and scores both articles. */
export function scoreArticles(root = ROOT): ScoredArticle[] {
  const interview = readFacts(path.join(root, 'seed/iran-russia-envoy-interview.facts.yaml'));
  const railway = readFacts(path.join(root, 'examples/rasht-astara-railway-agreement.facts.yaml'));
  const interviewGraph = () =>
    new NameIndex((interview.facts.entities ?? []).map((e) => ({ id: e.id!, kind: e.kind as KindName, name: e.name, aliases: e.aliases ?? [] })));
  return [
    { name: 'interview (seed/)', against: 'an empty graph', score: scoreDraft(draftFacts(interview.text, new NameIndex()), interview.facts, new NameIndex()) },
    { name: 'railway agreement (examples/)', against: "the interview's graph", score: scoreDraft(draftFacts(railway.text, interviewGraph()), railway.facts, interviewGraph()) },
  ];
}

const percent = (x: number) => `${Math.round(x * 100)}%`;
const cell = (f: Figure) => `${percent(f.recall)} (${f.found}/${f.stated}) | ${percent(f.precision)} (${f.right}/${f.proposed})`;

/** The figures as the README's table rows. */
export function scoreTable(articles: ScoredArticle[]): string {
  const rows = articles.flatMap((a) => [
    `| ${a.name}, against ${a.against} | entities | ${cell(a.score.entities)} |`,
    `| | relationships (type and ends) | ${cell(a.score.relationships)} |`,
    `| | related pairs (ends only) | ${cell(a.score.pairs)} |`,
  ]);
  return ['| article | what | recall | precision |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

if (require.main === module) {
  const articles = scoreArticles();
  console.log(process.argv.includes('--json') ? JSON.stringify(articles, null, 2) : scoreTable(articles));
}
