// The claim statements the store sends only once a claim exists (preferring one, setting the value it carries)
// go through Neo4j's own parser and semantic analysis too, for an entity and for a relationship subject.
import { markPreferred, setPropertyValue } from '../../src/graph/claim-store';
import type { Claim } from '../../src/graph/port';
import { cypherErrors } from '../support/neo4j-lint';

const claim = (subject: string, property: string, value: Claim['value']): Claim => ({ id: 'c-1', subject, property, value, sources: [], time: null, preferred: null });

describe('claim statements on Neo4j', () => {
  it('parse and name only what Neo4j has; unknown property names are refused before any statement', async () => {
    const sent: string[] = [];
    const run = async (query: string) => {
      sent.push(query);
      return [];
    };
    const mark = { by: 'analyst', at: '2026-11-29T20:00:00.000Z', why: null };
    await markPreferred(run, claim('jalali', 'role', 'envoy'), mark);
    await setPropertyValue(run, 'jalali', 'role', 'envoy');
    await setPropertyValue(run, 'russia|INVESTOR_IN|iran', 'rank', 'largest');
    await setPropertyValue(run, 'russia|INVESTOR_IN|iran', '@time', {});
    expect(sent).toHaveLength(4);
    expect(sent.map((query) => ({ query, errors: cypherErrors(query) }))).toEqual(sent.map((query) => ({ query, errors: [] })));
    await expect(setPropertyValue(run, 'jalali', 'role} SET e.x = 1 //', 'x')).rejects.toThrow(/no entity property/);
    expect(sent).toHaveLength(4);
  });
});
