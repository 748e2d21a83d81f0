/**
 * A small graph whose values carry everything a file format must escape: quotes, commas, semicolons, pipes,
 * line breaks (\n and \r\n), leading and trailing spaces, non-Latin text, and a source sharing an entity's id.
 */
import type { GraphDump } from '../../src/graph/port';

const text =
  'Acme "Ltd", Inc; said: "we\r\nsigned".\n' +
  'Jane met Bob on trade; "tariffs", and\nmore. Данные | 数据 are in the Deal worth much.';

export const hostileDump: GraphDump = {
  sources: [{ id: 'acme', title: 'A "quoted", title;\nwith a break', url: 'https://example.org/a?b=1&c="2"', publisher: ' spaced ', published: '2024-01-02', text }],
  entities: [
    { id: 'acme', kind: 'Organization', name: 'Acme "Ltd", Inc;', aliases: ['a;b', 'c,d', 'e"f', 'line\nbreak', '|pipe|', ' lead'], description: 'two\r\nlines, "quoted"', properties: { recurrence: 'a;nnual' } },
    { id: 'jane', kind: 'Person', name: 'Jane', aliases: [], description: null, properties: { role: 'envoy, "special"' } },
    { id: 'bob', kind: 'Person', name: 'Bob', aliases: ['Данные'], description: '数据', properties: {} },
    { id: 'deal', kind: 'Agreement', name: 'Deal', aliases: [], description: null, properties: { amount: 1300000000.5, currency: 'EUR' } },
    { id: 'crowd', kind: 'Group', name: 'Crowd', aliases: [], description: null, properties: { size: 80, sizeQualifier: 'about' } },
  ],
  relationships: [
    {
      id: 'jane|MET_WITH|bob',
      type: 'MET_WITH',
      from: 'jane',
      to: 'bob',
      properties: { topics: ['trade; "tariffs"', 'line\nbreak', 'a,b'] },
      evidence: [
        { quote: 'Jane met Bob on trade; "tariffs", and\nmore.', sourceId: 'acme' },
        { quote: 'Данные | 数据', sourceId: 'acme' },
      ],
    },
    { id: 'acme|PARTY_TO|deal', type: 'PARTY_TO', from: 'acme', to: 'deal', properties: { role: 'signatory; "lead"' }, evidence: [{ quote: 'said: "we\r\nsigned"', sourceId: 'acme' }] },
  ],
  mentions: [
    { sourceId: 'acme', entityId: 'acme', offsets: [0] },
    { sourceId: 'acme', entityId: 'jane', offsets: [37] },
    { sourceId: 'acme', entityId: 'crowd', offsets: [] },
  ],
};
