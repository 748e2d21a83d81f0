/**
 * The seed graph keeps to its source: every quote is verbatim, amounts are numbers with a currency,
 * and every entity is mentioned by (linked to) the article.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { SEED_DIR } from '../support/engines';

const doc = YAML.parse(fs.readFileSync(path.join(SEED_DIR, 'iran-russia-envoy-interview.facts.yaml'), 'utf8'));
const text = fs.readFileSync(path.join(SEED_DIR, doc.source.textPath), 'utf8');

describe('the interview facts document', () => {
  it('takes its title from the article header', () => {
    expect(text.split('\n')[0]).toBe(doc.source.title);
  });

  it('quotes the article verbatim in every relationship', () => {
    for (const r of doc.relationships) {
      for (const quote of [r.evidence].flat()) expect({ rel: `${r.from} ${r.type} ${r.to}`, found: text.includes(quote) }).toEqual({ rel: `${r.from} ${r.type} ${r.to}`, found: true });
    }
  });

  it('writes amounts as numbers with a currency', () => {
    const memo = doc.entities.find((e: any) => e.id === 'nuclear-energy-memorandum');
    expect(memo.properties).toMatchObject({ amount: 25000000000, currency: 'USD' });
    const investment = doc.entities.find((e: any) => e.kind === 'Investment');
    expect(investment.properties).toMatchObject({ amount: 1100000000, expectedAmount: 8000000000, currency: 'USD' });
  });

  it('does not give Jalali a first name the article never gives', () => {
    const jalali = doc.entities.find((e: any) => e.id === 'jalali');
    expect(jalali.name).toBe('Jalali');
    expect(jalali.aliases ?? []).toEqual([]);
  });

  it('ties every entity into the graph with at least one relationship', () => {
    const tied = new Set(doc.relationships.flatMap((r: any) => [r.from, r.to]));
    expect(doc.entities.filter((e: any) => !tied.has(e.id)).map((e: any) => e.id)).toEqual([]);
  });
});
