// Moving the seed graph into a real Neo4j (runs when NEO4J_URI is set; see README "Running on Neo4j"): by
// `kg copy --to neo4j`, by running the Cypher export, and by `kg import` of the JSON export. Each must give the
// graph that was exported, and the same answers, search included (which Neo4j serves from its full-text index).
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { Neo4jGraphStore } from '../../src/graph/neo4j/neo4j-store';
import type { GraphDump, GraphStore } from '../../src/graph/port';
import { NEO4J_FULLTEXT_INDEX } from '../../src/ontology/schema';
import { graphCypherStatements } from '../../src/transfer/graph-cypher';
import { graphJsonChunks } from '../../src/transfer/graph-json';
import { enginesUnderTest, openEmbeddedStore, tempDataDir } from '../support/engines';
import { runKg } from './kg-cli';
import fs from 'node:fs';
import { seedEntityIds } from '../support/seed';

const ENTITIES = seedEntityIds().length;

const neo4jEngine = enginesUnderTest().find((e) => e.name === 'neo4j');
const describeWithNeo4j = neo4jEngine ? describe : describe.skip;
const write = { readOnly: false, timeoutMs: 120_000, maxRows: 10 };

describeWithNeo4j('moving the graph into Neo4j', () => {
  const work = tempDataDir('kg-neo4j-transfer-');
  const dataDir = path.join(work, 'embedded');
  let embedded: GraphStore;
  let dump: GraphDump;

  beforeAll(async () => {
    embedded = await openEmbeddedStore({ dataDir, seeded: true });
    dump = await embedded.exportGraph();
  });
  afterAll(() => embedded?.close());

  /** A wiped Neo4j, filled by `fill`, then compared with the embedded graph. */
  async function expectSameGraph(fill: () => Promise<void>): Promise<void> {
    await (await neo4jEngine!.open()).close(); // wipes the database
    await fill();
    const neo4j = new Neo4jGraphStore(loadConfig().neo4j!);
    await neo4j.init();
    try {
      expect(await neo4j.exportGraph()).toEqual(dump);
      expect(await neo4j.stats()).toEqual(await embedded.stats());
      for (const e of dump.entities) {
        expect(await neo4j.relationshipsOf(e.id, { direction: 'BOTH', first: 100 })).toEqual(await embedded.relationshipsOf(e.id, { direction: 'BOTH', first: 100 }));
      }
      for (const text of ['Putin', 'Rasht–Astara railway', 'Bushehr', 'memorandum', 'Larijani', 'North-South corridor']) {
        expect({ text, hits: await neo4j.search(text, { first: 20 }) }).toEqual({ text, hits: await embedded.search(text, { first: 20 }) });
      }
    } finally {
      await neo4j.close();
    }
  }

  it('kg copy --to neo4j rebuilds the same graph, in batches', async () => {
    await embedded.close(); // the copy opens the data folder itself
    try {
      await expectSameGraph(async () => {
        const run = await runKg(['copy', '--to', 'neo4j', '--batch-size', '10'], { KG_DATA_DIR: dataDir, KG_LOG_LEVEL: 'silent' });
        expect(run).toMatchObject({ exitCode: 0, stdout: expect.stringContaining(`entities: ${ENTITIES} created`) });
      });
    } finally {
      embedded = await openEmbeddedStore({ dataDir });
    }
  });

  it('the Cypher export, run in Neo4j, rebuilds the same graph', async () => {
    await expectSameGraph(async () => {
      const neo4j = new Neo4jGraphStore(loadConfig().neo4j!);
      try {
        for (const statement of graphCypherStatements(dump)) {
          if (statement.startsWith('//')) continue;
          await neo4j.runCypher(statement.replace(/;\n$/, ''), write);
        }
      } finally {
        await neo4j.close();
      }
    });
  });

  it('kg import of the JSON export rebuilds the same graph, and a second import changes nothing', async () => {
    const file = path.join(work, 'graph.json');
    fs.writeFileSync(file, [...graphJsonChunks(dump, 'embedded')].join(''));
    await expectSameGraph(async () => {
      expect((await runKg(['import', file], { KG_LOG_LEVEL: 'silent' })).stdout).toContain(`neo4j: entities: ${ENTITIES} created`);
    });
    expect((await runKg(['import', file], { KG_LOG_LEVEL: 'silent' })).stdout).toContain(`entities: 0 created, 0 updated, ${ENTITIES} unchanged`);
  });

  it('serves search from an online full-text index over names, aliases and descriptions', async () => {
    const neo4j = new Neo4jGraphStore(loadConfig().neo4j!);
    await neo4j.init();
    try {
      const index = await neo4j.runCypher(
        'SHOW FULLTEXT INDEXES YIELD name, state, labelsOrTypes, properties WHERE name = $name RETURN state, labelsOrTypes, properties',
        { readOnly: true, timeoutMs: 10_000, maxRows: 5, params: { name: NEO4J_FULLTEXT_INDEX } },
      );
      expect(index.rows).toEqual([['ONLINE', ['Entity'], ['name', 'aliasText', 'description']]]);
      const direct = await neo4j.runCypher("CALL db.index.fulltext.queryNodes($name, 'putin') YIELD node RETURN node.id AS id", {
        readOnly: true,
        timeoutMs: 10_000,
        maxRows: 5,
        params: { name: NEO4J_FULLTEXT_INDEX },
      });
      expect(direct.rows).toContainEqual(['vladimir-putin']);
    } finally {
      await neo4j.close();
    }
  });
});
