/**
 * The product on an ontology for another beat (ontology/examples/corporate-ownership.yaml: Company, Person, OWNS
 * with a share, DIRECTOR_OF with dates), as a user runs it: the built `kg serve` in its own process with KG_ONTOLOGY
 * set, an empty data folder, real HTTP. Ingest, GraphQL (typed per-kind fields and the kind's root list), Cypher and
 * the explorer (its legend from the served ontology, in a real Chromium) all follow the file; nothing of the
 * default ontology (Project, PARTICIPATES_IN …) remains.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startKgServe, type KgServer } from '../support/cli';
import { PROJECT_ROOT, tempDataDir } from '../support/engines';

const EXAMPLE = path.join(PROJECT_ROOT, 'ontology/examples');
const ONTOLOGY = path.join(EXAMPLE, 'corporate-ownership.yaml');
const TOKEN = 'ownership-test-token-0123456789';

interface FactsDocument {
  source: { id: string; text?: string; textPath?: string };
  entities: Array<{ id: string; kind: string; name: string; properties?: Record<string, unknown> }>;
  relationships: Array<{ type: string; from: string; to: string; properties?: Record<string, unknown>; evidence: string }>;
}

/** The example facts document as ingestDocument takes it (its text inline). */
function exampleDocument(): FactsDocument {
  const doc = parseYaml(fs.readFileSync(path.join(EXAMPLE, 'corporate-ownership.facts.yaml'), 'utf8')) as FactsDocument;
  const { textPath, ...source } = doc.source;
  return { ...doc, source: { ...source, text: fs.readFileSync(path.join(EXAMPLE, textPath!), 'utf8') } };
}

let server: KgServer;
let url: string;
const doc = exampleDocument();

async function graphql(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<any> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return res.json();
}

beforeAll(async () => {
  server = await startKgServe({ KG_ONTOLOGY: ONTOLOGY, KG_DATA_DIR: tempDataDir('ownership'), KG_ADMIN_TOKEN: TOKEN, KG_LOG_LEVEL: 'warn', KG_ENGINE: 'embedded' });
  url = server.url;
}, 90_000);

afterAll(async () => {
  await server?.stop();
});

test('the schema has the ontology\'s kinds and types only, and the seed of the default ontology was not loaded', async () => {
  const { data } = await graphql(`{
    kinds: __type(name: "EntityKind") { enumValues { name } }
    types: __type(name: "RelationshipType") { enumValues { name } }
    company: __type(name: "Company") { fields { name } }
    project: __type(name: "Project") { name }
    stats { entities relationships sources }
  }`);
  expect(data.kinds.enumValues.map((v: { name: string }) => v.name)).toEqual(['Company', 'Person']);
  expect(data.types.enumValues.map((v: { name: string }) => v.name)).toEqual(['OWNS', 'DIRECTOR_OF']);
  expect(data.company.fields.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['jurisdiction', 'registrationNumber', 'listed', 'owners', 'directors', 'holdings']));
  expect(data.project).toBeNull();
  expect(data.stats).toEqual({ entities: 0, relationships: 0, sources: 0 });
  const refused = await graphql('{ projects { id } }');
  expect(refused.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
});

test('a document of the default ontology is refused by this one, naming the record and what this ontology knows', async () => {
  const wrong = { source: { id: 'wrong', title: 'Wrong beat', text: 'Russia joined the railway.' }, entities: [{ id: 'russia', kind: 'Country', name: 'Russia' }], relationships: [] };
  const res = await graphql('mutation($d: JSON!) { ingestDocument(document: $d) { sourceId } }', { d: wrong }, { authorization: `Bearer ${TOKEN}` });
  expect(res.errors[0].extensions.code).toBe('INVALID_DOCUMENT');
  expect(res.errors[0].message).toMatch(/entities\[0\] \(russia\)\.kind: unknown kind "Country"; the ontology knows Company, Person/);
});

test('ingest, then GraphQL reads the typed fields and the kind list; fractional and whole shares both keep their value', async () => {
  const ingested = await graphql(
    'mutation($d: JSON!) { ingestDocument(document: $d) { entitiesCreated relationshipsCreated } }',
    { d: doc },
    { authorization: `Bearer ${TOKEN}` },
  );
  expect(ingested.errors).toBeUndefined();
  expect(ingested.data.ingestDocument).toEqual({ entitiesCreated: doc.entities.length, relationshipsCreated: doc.relationships.length });

  const { data, errors } = await graphql(`{
    companies { edges { node { id jurisdiction owners { entity { id } type relationship { properties } } directors { id } holdings { id } } } totalCount }
  }`);
  expect(errors).toBeUndefined();
  const listed = data.companies.edges.map((e: { node: any }) => e.node);
  const companies = doc.entities.filter((e) => e.kind === 'Company');
  expect(listed.map((c: { id: string }) => c.id)).toEqual(companies.map((c) => c.id).sort());
  expect(data.companies.totalCount).toBe(companies.length);
  for (const company of listed) {
    const stated = doc.entities.find((e) => e.id === company.id)!;
    expect(company.jurisdiction).toBe(stated.properties?.jurisdiction ?? null);
    const owns = doc.relationships.filter((r) => r.type === 'OWNS' && r.to === company.id);
    expect(company.owners.map((o: any) => [o.entity.id, o.relationship.properties.share]).sort()).toEqual(owns.map((r) => [r.from, r.properties!.share]).sort());
    const directors = doc.relationships.filter((r) => r.type === 'DIRECTOR_OF' && r.to === company.id).map((r) => r.from);
    expect(company.directors.map((d: { id: string }) => d.id)).toEqual(directors.sort());
    const holdings = doc.relationships.filter((r) => r.type === 'OWNS' && r.from === company.id).map((r) => r.to);
    expect(company.holdings.map((h: { id: string }) => h.id)).toEqual(holdings.sort());
  }
  // The list's filter follows OWNS out of the owner.
  const owner = doc.relationships.find((r) => r.type === 'OWNS')!.from;
  const owned = await graphql('query($o: ID) { companies(owner: $o) { edges { node { id } } } }', { o: owner });
  expect(owned.data.companies.edges.map((c: { node: { id: string } }) => c.node.id)).toEqual(doc.relationships.filter((r) => r.type === 'OWNS' && r.from === owner).map((r) => r.to).sort());

  const director = doc.relationships.find((r) => r.type === 'DIRECTOR_OF' && r.properties?.until)!;
  const person = await graphql('query($id: ID!) { entity(id: $id) { kind ... on Person { boards { id } } relationships(types: [DIRECTOR_OF]) { edges { node { properties } } } } }', { id: director.from });
  expect(person.data.entity.kind).toBe('Person');
  expect(person.data.entity.boards.map((b: { id: string }) => b.id)).toContain(director.to);
  expect(person.data.entity.relationships.edges.map((e: any) => e.node.properties)).toContainEqual(director.properties);
});

test('Cypher reads the ontology\'s relationship tables and their typed columns', async () => {
  const res = await graphql('{ cypher(query: "MATCH (o:Entity)-[r:OWNS]->(c:Entity) RETURN o.id AS owner, c.id AS company, r.share AS share ORDER BY owner, company") { columns rows } }');
  expect(res.errors).toBeUndefined();
  expect(res.data.cypher.columns).toEqual(['owner', 'company', 'share']);
  const expected = doc.relationships
    .filter((r) => r.type === 'OWNS')
    .map((r) => [r.from, r.to, r.properties!.share])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1])));
  expect(res.data.cypher.rows).toEqual(expected);
});

describe('the explorer', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => browser?.close());

  test('serves the ontology for its legend, and the page draws the legend and filters from it', async () => {
    const served = await graphql('{ ontology { file kinds { name display color shape } relationshipTypes { name display from to } } }');
    expect(served.data.ontology.file).toBe('corporate-ownership.yaml');
    expect(served.data.ontology.kinds).toEqual([
      { name: 'Company', display: 'Company', color: '#1f77b4', shape: 'round-rectangle' },
      { name: 'Person', display: 'Natural person', color: '#d62728', shape: 'ellipse' },
    ]);
    expect(served.data.ontology.relationshipTypes.map((t: { name: string }) => t.name)).toEqual(['OWNS', 'DIRECTOR_OF']);

    const html = await (await fetch(`${url}/`)).text();
    expect(html).toMatch(/<script[^>]+src="\/assets\/explorer\//);

    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    const company = doc.entities.find((e) => e.kind === 'Company')!;
    await page.goto(`${url}/#/entity/${company.id}`);
    await page.waitForFunction((id: string) => (globalThis as any).__explorer.probe().nodes.some((n: { id: string }) => n.id === id), company.id, { timeout: 20_000 });
    const kinds = await page.locator('input[data-filter="kind"]').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
    expect(kinds).toEqual(['Company', 'Person']);
    const types = await page.locator('input[data-filter="type"]').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
    expect(types).toEqual(['OWNS', 'DIRECTOR_OF']);
    const personRow = page.locator('label', { has: page.locator('input[data-filter="kind"][value="Person"]') });
    await expect(personRow.textContent()).resolves.toContain('Natural person');
    expect(await personRow.locator('svg.swatch > *').getAttribute('fill')).toBe('#d62728');
    expect(await page.locator('label', { has: page.locator('input[data-filter="type"][value="OWNS"]') }).getAttribute('title')).toBe('owns shares in');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
