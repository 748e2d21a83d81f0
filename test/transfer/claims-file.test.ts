/**
 * Claims in the JSON graph file: written beside the records they are about and read back whole; a file whose claims
 * name nothing, give a value their property cannot hold, a quote not in the source or an unreal date is refused with
 * each problem named by record and field.
 */
import { InvalidDocumentError } from '../../src/errors';
import { claimId } from '../../src/graph/claim-rule';
import type { Claim, GraphDump } from '../../src/graph/port';
import { graphJsonChunks, parseGraphJson } from '../../src/transfer/graph-json';

const TEXT = 'Acme signed the deal worth $5 million. Later reports said $6 million.';
const claim = (value: number, quote: string | null, time: Claim['time'] = null): Claim => ({
  id: claimId('the-deal', 'amount', value, time),
  subject: 'the-deal',
  property: 'amount',
  value,
  sources: [{ sourceId: 'deal-report', quote }],
  time,
  preferred: null,
});
const dump = (claims: Claim[]): GraphDump => ({
  sources: [{ id: 'deal-report', title: 'Deal report', url: null, publisher: null, published: '2024-03-04', text: TEXT, ingestedAt: null }],
  entities: [
    { id: 'acme', kind: 'Organization', name: 'Acme', aliases: [], description: null, properties: {} },
    { id: 'the-deal', kind: 'Agreement', name: 'The deal', aliases: [], description: null, properties: { amount: 6000000 } },
  ],
  relationships: [{ id: 'acme|PARTY_TO|the-deal', type: 'PARTY_TO', from: 'acme', to: 'the-deal', properties: {}, evidence: [{ quote: 'Acme signed the deal', sourceId: 'deal-report' }] }],
  mentions: [],
  claims,
});
const file = (d: GraphDump) => [...graphJsonChunks(d, 'embedded')].join('');

function problems(text: string): string[] {
  try {
    parseGraphJson('graph.json', text);
    return [];
  } catch (e) {
    if (!(e instanceof InvalidDocumentError)) throw e;
    return e.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

describe('claims in the JSON graph file', () => {
  it('round-trips every claim with its sources, quotes, time and preferred mark', () => {
    const time = { date: '2024-03', start: null, end: null, precision: 'month' as const, stated: null };
    const claims = [claim(5000000, 'worth $5 million', time), { ...claim(6000000, '$6 million'), preferred: { by: 'analyst', at: '2026-11-29T20:00:00.000Z', why: 'later' } }];
    expect(parseGraphJson('graph.json', file(dump(claims))).claims).toEqual(claims);
  });

  it('reads a file written before claims were kept', () => {
    const old = file(dump([])).replace(/,\n"claims": \[\]/, '');
    expect(old).not.toContain('"claims"');
    expect(parseGraphJson('old.json', old).claims).toEqual([]);
  });

  it('refuses claims about nothing, with a value their property cannot hold, a quote not in the source, or an unreal date', () => {
    const bad = dump([
      { ...claim(1, null), subject: 'nobody' },
      { ...claim(1, null), value: 'five million' },
      claim(2, 'worth $7 million'),
      { ...claim(3, null), time: { date: '2024-02-30', start: null, end: null, precision: 'day', stated: null } },
      { ...claim(4, null), property: 'colour' },
    ]);
    expect(problems(file(bad))).toEqual([
      'claims[3].time.date: must be a real date: YYYY-MM-DD, or YYYY-MM / YYYY when only the month or year is known (e.g. 2023-05-17)',
    ]);
    bad.claims!.splice(3, 1);
    expect(problems(file(bad))).toEqual([
      'claims[0] (nobody amount).subject: no entity or relationship "nobody" in this file',
      'claims[1] (the-deal amount).amount: must be a number (write 25000000000, not "$25 billion")',
      'claims[2] (the-deal amount).sources[0].quote: quote not found in source "deal-report": "worth $7 million"',
      expect.stringMatching(/^claims\[3\] \(the-deal colour\)\.colour: kind Agreement has no property "colour"/),
    ]);
  });
});
