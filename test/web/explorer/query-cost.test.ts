/**
 * The explorer's widest request (relationships of a batch of entities with their other ends, as "Expand all"
 * sends) must pass the server's default query-cost limit, or the page shows a refusal instead of the graph.
 */
import path from 'node:path';
import { parse } from 'graphql';
import { operationCost } from '../../../src/api/limits';
import { buildSchema } from '../../../src/api/schema';
import { loadConfig } from '../../../src/config';
import { DEFAULT_HUB_CAP, LINK_BATCH, linkBatch, relationshipsOfQuery } from '../../../src/web/explorer/api';

const ROOT = path.resolve(__dirname, '..', '..', '..');

test('a full batch of relationships, with or without the other ends, fits the default KG_MAX_QUERY_COST', () => {
  const config = loadConfig({});
  const schema = buildSchema(path.join(ROOT, 'graphql'));
  // at every hub cap the page offers (1 to the default KG_MAX_PAGE_SIZE), the batch shrinks as the page grows
  for (const cap of [1, DEFAULT_HUB_CAP, 75, config.maxPageSize]) {
    const batch = linkBatch(cap);
    const variables = Object.fromEntries(Array.from({ length: batch }, (_, i) => [`id${i}`, 'russia']));
    for (const withNeighbours of [true, false]) {
      const cost = operationCost(schema, parse(relationshipsOfQuery(batch, withNeighbours, cap)), 'ExplorerRelationshipsOf', variables, config);
      expect(cost).toBeLessThanOrEqual(config.maxQueryCost);
    }
  }
  expect(linkBatch(DEFAULT_HUB_CAP)).toBe(LINK_BATCH);
  // The check can fail: the batch of 8 the page used to send is over the limit.
  const eight = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`id${i}`, 'russia']));
  expect(operationCost(schema, parse(relationshipsOfQuery(8, true)), 'ExplorerRelationshipsOf', eight, config)).toBeGreaterThan(config.maxQueryCost);
});
