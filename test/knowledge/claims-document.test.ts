/**
 * The facts document's claims and time fields: each problem refused naming the record and field, nothing written
 * (validation happens before any write); a good document gives one claim per property value and one per dated tie.
 */
import { InvalidDocumentError } from '../../src/errors';
import { NameIndex } from '../../src/knowledge/resolve';
import { validateDocument } from '../../src/knowledge/validate';

const TEXT = 'Acme signed the deal worth $5 million on 3 March 2024. Acme later said the deal was worth $6 million.';
const base = () => ({
  source: { id: 'deal-report', title: 'Deal report', published: '2024-03-04', text: TEXT },
  entities: [
    { id: 'acme', kind: 'Organization', name: 'Acme' },
    { id: 'the-deal', kind: 'Agreement', name: 'The deal', properties: { amount: 5000000, currency: 'USD' }, claims: { amount: { quote: 'the deal worth $5 million', date: '2024-03-03' } } },
  ],
  relationships: [{ type: 'PARTY_TO', from: 'acme', to: 'the-deal', evidence: 'Acme signed the deal', date: '2024-03-03', stated: 'on 3 March 2024' }],
});

function problems(doc: unknown): string[] {
  try {
    validateDocument('doc', doc, { graph: new NameIndex() });
    return [];
  } catch (e) {
    if (!(e instanceof InvalidDocumentError)) throw e;
    return e.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

describe('claims and time in a facts document', () => {
  it('turns a good document into claims: each property value with its quote and time, each dated tie', () => {
    const { write } = validateDocument('doc', base(), { graph: new NameIndex() });
    expect(write.claims).toEqual([
      { subject: 'the-deal', property: 'amount', value: 5000000, quote: 'the deal worth $5 million', time: { date: '2024-03-03', start: null, end: null, precision: 'day', stated: null } },
      { subject: 'the-deal', property: 'currency', value: 'USD', quote: null, time: null },
      {
        subject: 'acme|PARTY_TO|the-deal',
        property: '@time',
        value: { date: '2024-03-03', start: null, end: null, precision: 'day', stated: 'on 3 March 2024' },
        quote: 'Acme signed the deal',
        time: { date: '2024-03-03', start: null, end: null, precision: 'day', stated: 'on 3 March 2024' },
      },
    ]);
  });

  it('refuses unreal dates, an end before its start, a precision that does not match, a quote not in the text, a claim with no value', () => {
    const doc = base() as any;
    doc.entities[1].claims = { amount: { quote: 'worth $7 million' }, status: { quote: 'Acme signed' } };
    doc.relationships[0] = { ...doc.relationships[0], date: undefined, start: '2024-02-30', end: '2023-01' };
    doc.entities.push({ id: 'other-deal', kind: 'Agreement', name: 'Other deal', properties: { amount: 6000000 }, claims: { amount: { start: '2024-03', end: '2024-01', precision: 'month' } } });
    doc.relationships.push({ type: 'PARTY_TO', from: 'acme', to: 'other-deal', evidence: 'Acme later said', date: '2024', precision: 'day' });
    expect(problems(doc)).toEqual(
      expect.arrayContaining([
        'entities[1] (the-deal).claims.status: there is no value of "status" in properties for this to source',
        'entities[1] (the-deal).claims.amount.quote: quote not found in the source text: "worth $7 million"',
        'entities[2] (other-deal).claims.amount.end: ends (2024-01) before it starts (2024-03)',
        expect.stringMatching(/^relationships\[0\] \(acme PARTY_TO the-deal\)\.start: must be a real date/),
        'relationships[1] (acme PARTY_TO other-deal).date: is written at year precision but precision says day',
      ]),
    );
  });

  it('refuses unknown fields in a claim and a precision that is no precision, naming the field', () => {
    const doc = base() as any;
    doc.entities[1].claims.amount.when = 'now';
    doc.relationships[0].precision = 'week';
    expect(problems(doc)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^entities\[1\]\.claims\.amount: .*when/), expect.stringMatching(/^relationships\[0\]\.precision: /)]),
    );
  });
});
