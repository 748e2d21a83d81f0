/**
 * The seed graph keeps to its sources: every quote is verbatim, amounts are numbers with a currency,
 * and every entity is tied into the graph.
 */
import { WITH_EXAMPLES as SEED_DOCUMENTS, seedDocument, seedEntityId, seedRef } from '../support/seed';

describe.each(SEED_DOCUMENTS.map((d) => [d.id, d] as const))('the seed document %s', (_id, doc) => {
  it('takes its title from the article header', () => {
    expect(doc.text.split('\n')[0]).toBe(doc.title);
  });

  it('quotes the article verbatim in every relationship', () => {
    for (const r of doc.relationships) {
      for (const quote of [r.evidence].flat()) expect({ rel: `${r.from} ${r.type} ${r.to}`, found: doc.text.includes(quote) }).toEqual({ rel: `${r.from} ${r.type} ${r.to}`, found: true });
    }
  });

  it('ties every entity into the graph with at least one relationship', () => {
    const tied = new Set(doc.relationships.flatMap((r) => [seedRef(r.from), seedRef(r.to)]));
    expect(doc.entities.map(seedEntityId).filter((id) => !tied.has(id))).toEqual([]);
  });
});

describe('the interview facts document', () => {
  const doc = seedDocument('iran-russia-envoy-interview');

  it('writes amounts as numbers with a currency', () => {
    const memo = doc.entities.find((e) => e.id === 'nuclear-energy-memorandum')!;
    expect(memo.properties).toMatchObject({ amount: 25000000000, currency: 'USD' });
    const investment = doc.entities.find((e) => e.kind === 'Investment')!;
    expect(investment.properties).toMatchObject({ amount: 1100000000, expectedAmount: 8000000000, currency: 'USD' });
  });

  it('does not give Jalali a first name the article never gives', () => {
    const jalali = doc.entities.find((e) => e.id === 'jalali')!;
    expect(jalali.name).toBe('Jalali');
    expect(jalali.aliases ?? []).toEqual([]);
  });
});

describe('the example railway agreement facts document', () => {
  const doc = seedDocument('rasht-astara-railway-agreement');

  it('writes the loan as a number with its currency, and gives the agreement no amount the article does not state', () => {
    const loan = doc.entities.find((e) => e.kind === 'Investment')!;
    expect(loan.properties).toMatchObject({ amount: 1300000000, currency: 'EUR' });
    expect(doc.text).toContain('an interstate loan of 1.3 billion euros');
    const agreement = doc.entities.find((e) => e.id === 'rasht-astara-railway-agreement')!;
    expect(agreement.properties).not.toHaveProperty('amount');
  });

  it('refers to entities the interview already holds, by id or by a name the interview gives them', () => {
    const shared = doc.relationships.flatMap((r) => [r.from, r.to]).map((ref) => seedRef(ref));
    const interview = new Set(seedDocument('iran-russia-envoy-interview').entities.map((e) => e.id));
    expect([...new Set(shared.filter((id) => interview.has(id)))].sort()).toEqual(
      ['astara', 'iran', 'north-south-transport-corridor', 'rasht', 'rasht-astara-railway', 'russia', 'tehran', 'vladimir-putin'],
    );
  });
});
