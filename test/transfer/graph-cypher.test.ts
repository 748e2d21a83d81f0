// `kg export --format cypher`: a script that rebuilds the graph in Neo4j. Without a Neo4j server here, it is
// checked two ways: Neo4j's own parser accepts every statement (hostile strings included), and a Cypher engine
// (LadybugDB) reading the data literals back gets exactly the graph that was exported. With NEO4J_URI set,
// test/transfer/neo4j-transfer.test.ts runs the script in Neo4j itself.
import type { Entity, GraphDump, GraphStore, Json, Relationship } from '../../src/graph/port';
import { searchTextOf } from '../../src/graph/search-score';
import { neo4jSchemaStatements } from '../../src/ontology/schema';
import { CYPHER_BATCH, cypherLiteral, graphCypherStatements } from '../../src/transfer/graph-cypher';
import { cypherErrors } from '../support/neo4j-lint';
import { openEmbeddedStore } from '../support/engines';

interface DataStatement {
  rows: string[];
  body: string;
}

/** Splits a script into its schema statements and its UNWIND data statements (one row literal per line). */
function readScript(script: string): { comments: string[]; schema: string[]; data: DataStatement[] } {
  const comments = script.split('\n').filter((l) => l.startsWith('//'));
  const statements = script
    .split('\n')
    .filter((l) => !l.startsWith('//'))
    .join('\n')
    .split(/;\n/)
    .map((s) => s.trim())
    .filter(Boolean);
  const schema = statements.filter((s) => s.startsWith('CREATE '));
  const data = statements
    .filter((s) => s.startsWith('UNWIND ['))
    .map((s) => {
      const lines = s.split('\n');
      const end = lines.indexOf('] AS row');
      return { rows: lines.slice(1, end).map((l) => l.trim().replace(/,$/, '')), body: lines.slice(end + 1).join('\n') };
    });
  expect(schema.length + data.length).toBe(statements.length);
  return { comments, schema, data };
}

const hostile: GraphDump = {
  sources: [
    {
      id: 'odd-source',
      title: "It's a \"test\" \\ with `backticks`",
      url: 'https://example.org/a?b=c&d=e',
      publisher: null,
      published: '2025-02-03',
      text: "Line one;\nline two\twith tab, it's Tehran–Moscow \u2028 and \u0001 and 😀. Jalali met Putin.",
    },
  ],
  entities: [
    { id: 'jalali', kind: 'Person', name: 'Jalali', aliases: ["O'Jalali", 'J\\alali'], description: 'Envoy;\nwith a newline', properties: { role: 'envoy' } },
    { id: 'vladimir-putin', kind: 'Person', name: 'Vladimir Putin', aliases: [], description: null, properties: {} },
    { id: 'deal', kind: 'Agreement', name: 'A $25 billion deal', aliases: [], description: null, properties: { amount: 25_000_000_000, currency: 'USD', status: 'signed' } },
    { id: 'iran', kind: 'Country', name: 'Iran', aliases: [], description: null, properties: {} },
  ],
  relationships: [
    { id: 'jalali|MET_WITH|vladimir-putin', type: 'MET_WITH', from: 'jalali', to: 'vladimir-putin', properties: { topics: ['trade', "it's"] }, evidence: [{ quote: 'Jalali met Putin', sourceId: 'odd-source' }] },
    { id: 'iran|PARTY_TO|deal', type: 'PARTY_TO', from: 'iran', to: 'deal', properties: {}, evidence: [{ quote: "it's Tehran–Moscow", sourceId: 'odd-source' }] },
  ],
  mentions: [{ sourceId: 'odd-source', entityId: 'jalali', offsets: [60] }],
};

describe('the Cypher export', () => {
  it('writes numbers, strings, lists and maps as Cypher literals', () => {
    expect(cypherLiteral(25_000_000_000)).toBe('25000000000');
    expect(cypherLiteral(0.5)).toBe('0.5');
    expect(cypherLiteral(1e21)).toBe('1e21');
    expect(cypherLiteral(2.5e-7)).toBe('2.5e-7');
    expect(cypherLiteral("it's a \\ \n")).toBe("'it\\'s a \\\\ \\n'");
    expect(cypherLiteral('\u2028\u0001')).toBe("'\\u2028\\u0001'");
    expect(cypherLiteral({ a: [1, null, true], 'odd key': 'x', 'b`q': 'y' })).toBe("{a: [1, null, true], `odd key`: 'x', `b``q`: 'y'}");
  });

  it('begins with the schema, so a fresh Neo4j gets constraints and indexes first', () => {
    const { comments, schema } = readScript([...graphCypherStatements(hostile)].join(''));
    expect(schema).toEqual(neo4jSchemaStatements());
    expect(comments.join('\n')).toContain('cypher-shell');
  });

  it('is accepted by Neo4j\'s Cypher parser, hostile strings included', () => {
    const { data } = readScript([...graphCypherStatements(hostile)].join(''));
    expect(data).toHaveLength(7); // sources, three kinds, two relationship types, mentions
    // Statements that differ only in a kind label or relationship type have one shape; each shape is parsed once
    // (with every hostile literal in the file: rows are gathered per shape), as the parser is slow.
    const shapeOf = (body: string) => body.replace(/SET e:\w+,/, 'SET e:Kind,').replace(/\[r:\w+\]/, '[r:TYPE]');
    const byShape = new Map<string, DataStatement>();
    for (const d of data) byShape.set(shapeOf(d.body), { rows: [...(byShape.get(shapeOf(d.body))?.rows ?? []), ...d.rows], body: d.body });
    const statements = [...byShape.values()].map((d) => `UNWIND [\n${d.rows.join(',\n')}\n] AS row\n${d.body}`);
    expect(statements).toHaveLength(5); // relationship types differ in their own properties too
    const problems = statements.map((s) => ({ s, errors: cypherErrors(s) })).filter((p) => p.errors.length > 0);
    expect(problems).toEqual([]);
  });

  describe('of the seed graph', () => {
    let store: GraphStore;
    let dump: GraphDump;
    let data: DataStatement[];

    beforeAll(async () => {
      store = await openEmbeddedStore({ seeded: true });
      dump = await store.exportGraph();
      data = readScript([...graphCypherStatements(dump)].join('')).data;
    });
    afterAll(() => store?.close());

    /** A row literal as a Cypher engine reads it. */
    async function evaluate(literal: string): Promise<Record<string, Json>> {
      const result = await store.runCypher(`RETURN ${literal} AS row`, { readOnly: true, timeoutMs: 5000, maxRows: 1 });
      return result.rows[0]![0] as Record<string, Json>;
    }

    it('keeps each UNWIND statement to a bounded batch', () => {
      expect(data.every((d) => d.rows.length > 0 && d.rows.length <= CYPHER_BATCH)).toBe(true);
    });

    it('carries exactly the exported graph in its data literals', async () => {
      const rebuilt: GraphDump = { sources: [], entities: [], relationships: [], mentions: [] };
      for (const { rows, body } of data) {
        for (const literal of rows) {
          const row = await evaluate(literal);
          if (body.startsWith('MERGE (s:Source')) {
            rebuilt.sources.push(row as never);
          } else if (body.startsWith('MERGE (e:Entity')) {
            const { id, kind, name, aliases, description, searchText, ...properties } = row;
            const entity = { id, kind, name, aliases, description, properties: Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== null)) } as unknown as Entity;
            expect(body).toContain(`SET e:${entity.kind},`);
            expect(searchText).toBe(searchTextOf(entity));
            rebuilt.entities.push(entity);
          } else if (body.includes('MERGE (a)-[r:')) {
            const type = /MERGE \(a\)-\[r:(\w+)\]->\(b\)/.exec(body)![1]!;
            const { from, to, evidence, sources, ...properties } = row as Record<string, never>;
            rebuilt.relationships.push({
              id: `${from}|${type}|${to}`,
              type,
              from,
              to,
              properties,
              evidence: (evidence as string[]).map((quote, i) => ({ quote, sourceId: (sources as string[])[i]! })),
            } as Relationship);
          } else {
            expect(body).toContain('MERGE (s)-[m:MENTIONS]->(e)');
            rebuilt.mentions.push(row as never);
          }
        }
      }
      const byKey = <T>(list: T[], key: (t: T) => string) => [...list].sort((x, y) => key(x).localeCompare(key(y)));
      expect(byKey(rebuilt.sources, (s) => s.id)).toEqual(dump.sources);
      expect(byKey(rebuilt.entities, (e) => e.id)).toEqual(byKey(dump.entities, (e) => e.id));
      expect(byKey(rebuilt.relationships, (r) => r.id)).toEqual(byKey(dump.relationships, (r) => r.id));
      expect(byKey(rebuilt.mentions, (m) => m.entityId)).toEqual(byKey(dump.mentions, (m) => m.entityId));
    });
  });
});
