/**
 * The visual explorer in a real headless Chromium, against the real API over HTTP on a seeded store.
 * Expectations come from the API itself (neighbours, paths, quotes), not from copies in the test.
 * Every test also checks that the page logged no error or warning and asked nothing of any host but ours.
 * Screenshots and exports land in test-artifacts/explorer/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { prepareDocument } from '../../../src/knowledge/load';
import type { ApiUnderTest } from '../../support/server';
import * as harness from './page-harness';

interface Drawn {
  id: string;
  label: string;
  visible: boolean;
  selected: boolean;
  classes: string[];
  x: number;
  y: number;
  /** Where a click reaches this element, by the renderer's own hit test. */
  hit: { x: number; y: number } | null;
  width: number;
  height: number;
  bundle: string | null;
}
interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}
interface Probe {
  busy: boolean;
  zoom: number;
  nodes: Drawn[];
  edges: Drawn[];
  bundles: Drawn[];
  labels: Array<{ id: string; text: string; box: Box; px: number }>;
}

const { ARTIFACTS } = harness;
const session = harness.explorerSession();
let api: ApiUnderTest;
let page: Page;
beforeAll(() => {
  api = session.api;
});
beforeEach(() => {
  page = session.page;
});

async function shot(name: string): Promise<void> {
  await harness.shot(page, name);
}

/** The view with click points and label boxes. */
async function probe(): Promise<Probe> {
  return (await harness.probe(page)) as unknown as Probe;
}

/** Waits until the graph has stopped moving and holds every one of `ids`. */
async function waitForNodes(ids: string[], timeout = 15000): Promise<Probe> {
  return (await harness.waitForNodes(page, ids, timeout)) as unknown as Probe;
}

function drawn(state: Probe, id: string): Drawn {
  const found = state.nodes.find((n) => n.id === id) ?? state.edges.find((e) => e.id === id) ?? state.bundles.find((b) => b.id === id);
  if (!found) throw new Error(`${id} is not drawn; drawn: ${state.nodes.map((n) => n.id).join(', ')}`);
  return found;
}

async function pasteQuery(text: string): Promise<void> {
  await harness.pasteQuery(page, text);
}

/** Clicks an element where the renderer's hit test says a click reaches it (after the layout has stopped). */
async function clickOn(element: Drawn, double = false): Promise<void> {
  if (!element.hit) throw new Error(`no point of ${element.id} can be clicked: it is hidden or covered`);
  if (double) await page.mouse.dblclick(element.hit.x, element.hit.y);
  else await page.mouse.click(element.hit.x, element.hit.y);
}

/** Waits until the view is settled (no request, layout or label placement under way). */
async function settled(): Promise<Probe> {
  return (await harness.settled(page)) as unknown as Probe;
}

/** Pairs of drawn labels whose boxes (from the renderer) share any area. */
function overlappingLabels(state: Probe): string[] {
  const found: string[] = [];
  const { labels } = state;
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const a = labels[i]!.box;
      const b = labels[j]!.box;
      if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) found.push(`${labels[i]!.text} / ${labels[j]!.text}`);
    }
  }
  return found;
}

async function neighboursOf(id: string): Promise<string[]> {
  return (await kindsAround(id)).map((n) => n.id);
}

async function kindsAround(id: string): Promise<Array<{ id: string; kind: string }>> {
  const { body } = await api.graphql('query($id: ID!) { entity(id: $id) { neighbors(first: 100) { edges { node { id kind } } } } }', { id });
  return body.data.entity.neighbors.edges.map((e: { node: { id: string; kind: string } }) => e.node);
}

/** Types `text` into a suggestion input key by key and picks the suggestion for `id`. */
async function choose(input: string, text: string, id: string): Promise<void> {
  await page.locator(input).fill('');
  await page.locator(input).pressSequentially(text, { delay: 30 });
  const option = page.locator(`[role=option][data-entity-id="${id}"]`);
  await option.waitFor();
  await option.click();
}

describe('explorer page', () => {
  test('search suggests as you type, folding dashes, and draws Bushehr with all its neighbours', async () => {
    await page.goto(`${api.server.url}/`);
    await page.getByText('Search for an entity to start').waitFor();

    await page.locator('#search-input').pressSequentially('Rasht-Astara', { delay: 30 });
    await expectVisible(page.locator('[role=option][data-entity-id="rasht-astara-railway"]'));
    await expectText(page.locator('[role=option][data-entity-id="rasht-astara-railway"] .suggestion-name'), 'Rasht–Astara railway');

    await page.locator('#search-input').fill('');
    await page.locator('#search-input').pressSequentially('Bushehr', { delay: 30 });
    const option = page.locator('[role=option][data-entity-id="bushehr-nuclear-power-plant"]');
    await expectVisible(option);
    await shot('01-suggestions');
    await option.click();

    const neighbours = await neighboursOf('bushehr-nuclear-power-plant');
    expect(neighbours.length).toBeGreaterThan(0);
    const state = await waitForNodes(['bushehr-nuclear-power-plant', ...neighbours]);
    expect(state.nodes.map((n) => n.id).sort()).toEqual(['bushehr-nuclear-power-plant', ...neighbours].sort());
    expect(drawn(state, 'bushehr-nuclear-power-plant').classes).toContain('centre');
    expect(state.nodes.every((n) => n.visible)).toBe(true);
    expect(page.url()).toMatch(/#\/entity\/bushehr-nuclear-power-plant$/);
    await expectText(page.locator('#details h2'), 'Bushehr Nuclear Power Plant');
    await expectText(page.locator('#details .aliases'), 'Bushehr');
    await expectText(page.locator('#details .relationships h3'), `Relationships (`);
    // the legend counts what is drawn, kind by kind
    const projects = (await kindsAround('bushehr-nuclear-power-plant')).filter((n) => n.kind === 'Project').length + 1;
    await expectText(page.locator('#kind-filters li:has(input[value="Project"]) .count'), String(projects));
    await shot('02-bushehr');
  });

  test('a click on Russia expands its neighbours into the view; a double-click re-centres on Iran', async () => {
    await page.goto(`${api.server.url}/#/entity/bushehr-nuclear-power-plant`);
    let state = await waitForNodes(['bushehr-nuclear-power-plant', 'russia']);
    const before = state.nodes.length;

    await clickOn(drawn(state, 'russia'));
    const russiaNeighbours = await neighboursOf('russia');
    state = await waitForNodes(['russia', ...russiaNeighbours]);
    expect(state.nodes.length).toBeGreaterThan(before);
    expect(drawn(state, 'russia').classes).toContain('expanded');
    expect(drawn(state, 'russia').selected).toBe(true);
    await expectText(page.locator('#details h2'), 'Russia');
    await page.waitForURL(/#\/entity\/russia$/);
    // ties between entities already on screen are drawn too, not only those of the expanded one
    const { body } = await api.graphql('{ entity(id: "bushehr-additional-units") { relationships(first: 50) { edges { node { id from { id } to { id } } } } } }');
    const onScreen = new Set(state.nodes.map((n) => n.id));
    for (const { node } of body.data.entity.relationships.edges) {
      if (onScreen.has(node.from.id) && onScreen.has(node.to.id)) expect(state.edges.map((e) => e.id)).toContain(node.id);
    }
    await shot('03-russia-expanded');

    await clickOn(drawn(state, 'iran'), true);
    await page.waitForURL(/#\/entity\/iran$/);
    const iranNeighbours = await neighboursOf('iran');
    state = await waitForNodes(['iran', ...iranNeighbours]);
    expect(state.nodes.map((n) => n.id).sort()).toEqual(['iran', ...iranNeighbours].sort());
    expect(drawn(state, 'iran').classes).toContain('centre');

    // Back returns to the view before the re-centre, named by the entity that was selected in it
    await page.goBack();
    await page.waitForURL(/#\/entity\/russia$/);
    state = await waitForNodes(['russia', ...russiaNeighbours]);
    expect(drawn(state, 'russia').classes).toContain('centre');
    await expectText(page.locator('#details h2'), 'Russia');
  });

  test('the path finder highlights the shortest path from Putin to the Rasht–Astara railway, step by step with evidence', async () => {
    await page.goto(`${api.server.url}/#/entity/russia`);
    await waitForNodes(['russia']);
    await choose('#path-from', 'Putin', 'vladimir-putin');
    await choose('#path-to', 'rasht astara', 'rasht-astara-railway');
    await page.locator('#path-find').click();

    const { body } = await api.graphql(
      '{ shortestPath(from: "vladimir-putin", to: "rasht-astara-railway") { entities { id name } relationships { id type evidence { quote source { title } } } } }',
    );
    const expected = body.data.shortestPath;
    const state = await waitForNodes(expected.entities.map((e: { id: string }) => e.id));
    await page.waitForURL(/#\/path\/vladimir-putin\/rasht-astara-railway$/);

    for (const e of expected.entities) expect(drawn(state, e.id).classes).toContain('on-path');
    for (const r of expected.relationships) expect(drawn(state, r.id).classes).toContain('on-path');
    const offPath = state.nodes.filter((n) => !expected.entities.some((e: { id: string }) => e.id === n.id));
    expect(offPath.length).toBeGreaterThan(0);
    expect(offPath.every((n) => n.classes.includes('faded'))).toBe(true);

    const steps = page.locator('.path-step');
    await expect(steps.count()).resolves.toBe(expected.relationships.length);
    for (const [i, r] of expected.relationships.entries()) {
      const step = steps.nth(i);
      await expectText(step.locator('.step-type'), r.type);
      await expectText(step.locator('.step-entity').first(), expected.entities[i].name);
      await expectText(step.locator('.step-entity').last(), expected.entities[i + 1].name);
      const quotes = await step.locator('blockquote').allTextContents();
      expect(quotes).toEqual(r.evidence.map((e: { quote: string }) => `“${e.quote}”`));
      await expectText(step.locator('cite').first(), r.evidence[0].source.title);
    }
    await shot('04-path-putin-railway');
  });

  test('text typed without picking a suggestion is taken as its best match (search with Enter, path ends)', async () => {
    await page.goto(`${api.server.url}/`);
    await page.getByText('Search for an entity to start').waitFor();
    await page.locator('#search-input').fill('larijani');
    await page.locator('#search-input').press('Enter');
    await page.waitForURL(/#\/entity\/ali-larijani$/);
    await waitForNodes(['ali-larijani']);

    await page.locator('#path-from').fill('putin');
    await page.locator('#path-to').fill('bushehr');
    // Its suggestions may have opened over the button (a slow server: not yet): dismissed as an analyst would.
    await page.locator('#path-to').press('Escape');
    await page.locator('#path-find').click();
    await page.waitForURL(/#\/path\/vladimir-putin\/bushehr-nuclear-power-plant$/);
    await expectText(page.locator('.path-summary'), 'Vladimir Putin → Bushehr Nuclear Power Plant');

    await page.locator('#path-to').fill('');
    await page.locator('#path-find').click();
    await expectText(page.locator('#status'), 'Type both ends of the path');
  });

  test('clicking an edge shows its type, properties and every quote with its source title', async () => {
    await page.goto(`${api.server.url}/#/entity/iran`);
    const { body } = await api.graphql(
      '{ entity(id: "iran") { relationships(first: 50) { edges { node { id type properties evidence { quote source { title } } } } } } }',
    );
    const edges: Array<{ node: { id: string; type: string; properties: Record<string, unknown>; evidence: Array<{ quote: string; source: { title: string } }> } }> =
      body.data.entity.relationships.edges;
    const richest = edges.map((e) => e.node).sort((a, b) => b.evidence.length - a.evidence.length)[0]!;
    expect(richest.evidence.length).toBeGreaterThan(1);
    const state = await waitForNodes(['iran']);

    let edge = drawn(state, richest.id);
    if (edge.bundle) {
      // parallel relationships are drawn as one bundle until it is clicked open
      await clickOn(drawn(state, edge.bundle));
      await page.waitForFunction((id: string) => (globalThis as any).__explorer.probe().edges.find((e: Drawn) => e.id === id)?.visible, richest.id);
      edge = drawn(await settled(), richest.id);
    }
    await clickOn(edge);
    await expectText(page.locator('#details h2'), richest.type);
    const quotes = await page.locator('#details .evidence blockquote').allTextContents();
    expect(quotes).toEqual(richest.evidence.map((e) => `“${e.quote}”`));
    const titles = await page.locator('#details .evidence cite').allTextContents();
    expect(titles).toEqual(richest.evidence.map((e) => e.source.title));
    for (const key of Object.keys(richest.properties)) await expectVisible(page.locator(`#details dd[data-property="${key}"]`));
    expect((await probe()).edges.find((e) => e.id === richest.id)!.selected).toBe(true);
    await shot('05-edge-evidence');
  });

  test('amounts are shown with their currency', async () => {
    const { body } = await api.graphql('{ entities(kind: [Agreement, Investment], first: 50) { edges { node { id properties } } } }');
    const withAmount = body.data.entities.edges.map((e: { node: { id: string; properties: Record<string, unknown> } }) => e.node).find((n: { properties: Record<string, unknown> }) => typeof n.properties.amount === 'number');
    expect(withAmount).toBeDefined();
    await page.goto(`${api.server.url}/#/entity/${withAmount.id}`);
    await waitForNodes([withAmount.id]);
    const amount = new Intl.NumberFormat('en-US', { style: 'currency', currency: withAmount.properties.currency, maximumFractionDigits: 2, minimumFractionDigits: 0 }).format(withAmount.properties.amount);
    await expectText(page.locator('#details dd[data-property="amount"]'), amount);
    await expectText(page.locator('#details dd[data-property="amount"]'), withAmount.properties.currency);
  });

  test('a deep link opens the path view, and an unknown id says so', async () => {
    await page.goto(`${api.server.url}/#/path/vladimir-putin/rasht-astara-railway`);
    const state = await waitForNodes(['vladimir-putin', 'rasht-astara-railway']);
    expect(drawn(state, 'vladimir-putin').classes).toContain('on-path');
    expect(drawn(state, 'rasht-astara-railway').classes).toContain('on-path');
    await expectText(page.locator('.path-summary'), 'Vladimir Putin → Rasht–Astara railway');
    await expect(page.locator('#path-from').inputValue()).resolves.toBe('Vladimir Putin');
    await shot('06-deep-link-path');

    await page.goto(`${api.server.url}/#/entity/no-such-entity`);
    await expectText(page.locator('#details h2'), 'Not found');
    await expectText(page.locator('#status'), 'no-such-entity');
  });

  test('filters hide entities by kind and relationships by type, and the legend counts them', async () => {
    await page.goto(`${api.server.url}/#/entity/russia`);
    const projectIds = (await kindsAround('russia')).filter((n) => n.kind === 'Project').map((n) => n.id);
    expect(projectIds.length).toBeGreaterThan(0);
    let state = await waitForNodes(['russia', ...projectIds]);
    await expectText(page.locator('#kind-filters li:has(input[value="Project"]) .count'), String(projectIds.length));

    await page.locator('input[data-filter="kind"][value="Project"]').uncheck();
    state = await probe();
    for (const id of projectIds) expect(drawn(state, id).visible).toBe(false);
    expect(drawn(state, 'russia').visible).toBe(true);
    await expectText(page.locator('#view-counts'), 'hidden by filters');

    await page.locator('input[data-filter="type"][value="COOPERATES_WITH"]').uncheck();
    state = await probe();
    const cooperation = state.edges.filter((e) => e.label === 'COOPERATES_WITH');
    expect(cooperation.length).toBeGreaterThan(0);
    expect(cooperation.every((e) => !e.visible)).toBe(true);
    await shot('07-filters');

    await page.locator('#show-all-kinds').click();
    state = await probe();
    for (const id of projectIds) expect(drawn(state, id).visible).toBe(true);
  });

  test('exports the view as PNG and as JSON', async () => {
    await page.goto(`${api.server.url}/#/entity/russia`);
    const state = await waitForNodes(['russia']);

    const [png] = await Promise.all([page.waitForEvent('download'), page.locator('#export-png').click()]);
    expect(png.suggestedFilename()).toBe('knowledge-graph-russia.png');
    await png.saveAs(path.join(ARTIFACTS, 'export.png'));
    const bytes = fs.readFileSync(path.join(ARTIFACTS, 'export.png'));
    expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(5000);

    const [json] = await Promise.all([page.waitForEvent('download'), page.locator('#export-json').click()]);
    expect(json.suggestedFilename()).toBe('knowledge-graph-russia.json');
    await json.saveAs(path.join(ARTIFACTS, 'export.json'));
    const exported = JSON.parse(fs.readFileSync(path.join(ARTIFACTS, 'export.json'), 'utf8'));
    expect(exported.view).toBe('#/entity/russia');
    expect(exported.entities.map((e: { id: string }) => e.id).sort()).toEqual(state.nodes.map((n) => n.id).sort());
    expect(exported.relationships.map((r: { id: string }) => r.id).sort()).toEqual(state.edges.map((e) => e.id).sort());
    expect(exported.relationships.every((r: { evidence: unknown[] }) => r.evidence.length > 0)).toBe(true);
  });

  test('the server sends the page with a policy that allows only itself, and the assets with long caching', async () => {
    const res = await fetch(`${api.server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await res.text();
    const script = /src="(\/assets\/explorer\/explorer-[A-Z0-9]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${api.server.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${api.server.url}/assets/explorer/missing.js`)).status).toBe(404);
  });
});

describe('explorer at a few hundred entities', () => {
  const REGIONS = 24;
  const TOWNS_PER_REGION = 12;

  // Two entities that set every numeric property: the embedded engine refuses a document in which a numeric
  // column is null on every row ("STRUCT_EXTRACT(row,size) has data type STRING but expected DOUBLE").
  const EXTRAS = 2;

  beforeAll(async () => {
    // A synthetic country with regions in it and towns in each region.
    const lines: string[] = ['A survey team of 12 represents Testland.', 'Testland invested 5 of an expected 9 dollars in its fund.'];
    const entities: unknown[] = [
      { id: 'testland', kind: 'Country', name: 'Testland' },
      { id: 'testland-survey-team', kind: 'Group', name: 'Testland survey team', properties: { size: 12 } },
      { id: 'testland-fund', kind: 'Investment', name: 'Testland fund', properties: { amount: 5, expectedAmount: 9, currency: 'USD' } },
    ];
    const relationships: unknown[] = [
      { type: 'REPRESENTS', from: 'testland-survey-team', to: 'testland', evidence: 'A survey team of 12 represents Testland.' },
      { type: 'INVESTOR_IN', from: 'testland', to: 'testland-fund', evidence: 'Testland invested 5 of an expected 9 dollars in its fund.' },
    ];
    for (let r = 1; r <= REGIONS; r++) {
      const region = `region-${r}`;
      lines.push(`Region ${r} is in Testland.`);
      entities.push({ id: region, kind: 'Place', name: `Region ${r}` });
      relationships.push({ type: 'LOCATED_IN', from: region, to: 'testland', evidence: `Region ${r} is in Testland.` });
      for (let t = 1; t <= TOWNS_PER_REGION; t++) {
        const town = `town-${r}-${t}`;
        lines.push(`Town ${r}-${t} lies in Region ${r}.`);
        entities.push({ id: town, kind: 'Place', name: `Town ${r}-${t}` });
        relationships.push({ type: 'LOCATED_IN', from: town, to: region, evidence: `Town ${r}-${t} lies in Region ${r}.` });
      }
    }
    const doc = { source: { id: 'testland-gazetteer', title: 'Testland gazetteer', text: lines.join('\n') }, entities, relationships };
    await api.store.writeDocument(await prepareDocument(api.store, 'testland.json', doc));
  });

  test('"Expand all" grows the view to a few hundred entities and lays them out with every node in the clear', async () => {
    const total = 1 + EXTRAS + REGIONS + REGIONS * TOWNS_PER_REGION;
    await page.goto(`${api.server.url}/#/entity/testland`);
    let state = await waitForNodes(['testland', 'region-1', `region-${REGIONS}`]);
    expect(state.nodes.length).toBe(1 + EXTRAS + REGIONS);

    const started = Date.now();
    await page.locator('#expand-all').click();
    await page.waitForFunction((n: number) => (globalThis as any).__explorer.probe().nodes.length === n, total, { timeout: 30000 });
    state = await waitForNodes(['testland'], 60000);
    const seconds = (Date.now() - started) / 1000;
    expect(state.nodes.length).toBe(total);
    expect(state.edges.length).toBe(EXTRAS + REGIONS + REGIONS * TOWNS_PER_REGION);

    // fcose keeps nodes apart but does not forbid touching; what must hold is that no node hides another's centre
    let overlaps = 0;
    const covered = new Set<string>();
    for (let i = 0; i < state.nodes.length; i++) {
      for (let j = i + 1; j < state.nodes.length; j++) {
        const a = state.nodes[i]!;
        const b = state.nodes[j]!;
        const dx = Math.abs(a.x - b.x);
        const dy = Math.abs(a.y - b.y);
        if (dx * 2 < a.width + b.width && dy * 2 < a.height + b.height) overlaps++;
        if (dx * 2 < Math.max(a.width, b.width) && dy * 2 < Math.max(a.height, b.height)) covered.add(`${a.id}/${b.id}`);
      }
    }
    // how well clusters hold together: towns drawn nearer their own region than any other
    const at = new Map(state.nodes.map((n) => [n.id, n]));
    const regions = Array.from({ length: REGIONS }, (_, r) => at.get(`region-${r + 1}`)!);
    let clustered = 0;
    for (const town of state.nodes.filter((n) => n.id.startsWith('town-'))) {
      const distances = regions.map((g) => Math.hypot(g.x - town.x, g.y - town.y));
      if (distances.indexOf(Math.min(...distances)) + 1 === Number(town.id.split('-')[1])) clustered++;
    }
    process.stdout.write(
      `explorer scale: "Expand all" to ${total} entities, ${state.edges.length} relationships, fetched and laid out in ${seconds.toFixed(1)} s; ` +
        `zoom ${state.zoom.toFixed(2)}; ${overlaps} touching node pairs, ${covered.size} covering another's centre; ${clustered}/${REGIONS * TOWNS_PER_REGION} towns nearest their own region\n`,
    );
    await shot('08-few-hundred-entities');
    expect([...covered]).toEqual([]);
  });
});

async function expectVisible(locator: ReturnType<Page['locator']>): Promise<void> {
  await locator.waitFor({ state: 'visible' });
}

const expectText = harness.expectText;

/** Writes a facts document through the same door as ingest (the test's own small gazetteer). */
async function ingest(id: string, lines: string[], entities: unknown[], relationships: unknown[]): Promise<void> {
  const doc = { source: { id, title: `${id} gazetteer`, text: lines.join('\n') }, entities, relationships };
  await api.store.writeDocument(await prepareDocument(api.store, `${id}.json`, doc));
}

/** Every POST body the page sends to /graphql while `action` runs. */
async function requestsDuring(action: () => Promise<void>): Promise<Array<{ query: string; variables: Record<string, any> }>> {
  return harness.requestsDuring(page, action);
}

/** The largest page any of `bodies` asks for (inline `first: N`, a `$first` variable, a named query's `first`), and whether any asks for a later page. */
function pagesAsked(bodies: Array<{ query: string; variables: Record<string, any> }>): { largest: number; after: number; withFirst: number } {
  let largest = 0;
  let after = 0;
  let withFirst = 0;
  for (const { query, variables } of bodies) {
    const sizes = [...query.matchAll(/\bfirst:\s*(\d+)/g)].map((m) => Number(m[1]));
    if (typeof variables?.first === 'number') sizes.push(variables.first);
    if (typeof variables?.params?.first === 'number') sizes.push(variables.params.first);
    if (/\bfirst:\s*\$first\b/.test(query) && typeof variables?.first !== 'number') sizes.push(Infinity); // the server's default
    if (sizes.length) withFirst++;
    largest = Math.max(largest, ...sizes);
    if (variables?.after !== undefined || /\bafter:\s*"/.test(query)) after++;
  }
  return { largest, after, withFirst };
}

describe('explorer readable at scale', () => {
  const REGIONS = 10;
  const TOWNS = 13;
  const PROJECTS = 9;

  beforeAll(async () => {
    // 1 country + 10 regions + 130 towns + 9 projects: 150 entities once "Expand all" has run from the country
    const lines = ['Midland is a country.'];
    const entities: unknown[] = [{ id: 'midland', kind: 'Country', name: 'Midland' }];
    const relationships: unknown[] = [];
    for (let p = 1; p <= PROJECTS; p++) {
      lines.push(`Midland project ${p} is in Midland.`);
      entities.push({ id: `midland-project-${p}`, kind: 'Project', name: `Midland project ${p}` });
      relationships.push({ type: 'LOCATED_IN', from: `midland-project-${p}`, to: 'midland', evidence: `Midland project ${p} is in Midland.` });
    }
    for (let r = 1; r <= REGIONS; r++) {
      lines.push(`Midregion ${r} is in Midland.`);
      entities.push({ id: `midregion-${r}`, kind: 'Place', name: `Midregion ${r}` });
      relationships.push({ type: 'LOCATED_IN', from: `midregion-${r}`, to: 'midland', evidence: `Midregion ${r} is in Midland.` });
      for (let t = 1; t <= TOWNS; t++) {
        lines.push(`Midtown ${r}-${t} lies in Midregion ${r}.`);
        entities.push({ id: `midtown-${r}-${t}`, kind: 'Place', name: `Midtown ${r}-${t}` });
        relationships.push({ type: 'LOCATED_IN', from: `midtown-${r}-${t}`, to: `midregion-${r}`, evidence: `Midtown ${r}-${t} lies in Midregion ${r}.` });
      }
    }
    await ingest('midland', lines, entities, relationships);
  });

  /** Expands everything around `id` once, then checks the labels at fit zoom. */
  async function expandAllAndCheckLabels(id: string, expected: number, name: string): Promise<Probe> {
    await page.goto(`${api.server.url}/#/entity/${id}`);
    await waitForNodes([id]);
    await page.locator('#expand-all').click();
    await page.waitForFunction((n: number) => (globalThis as any).__explorer.probe().nodes.length >= n, expected, { timeout: 30000 });
    let state = await settled();
    expect(state.nodes.length).toBe(expected);
    await page.locator('#fit-view').click();
    state = await settled();
    await shot(`${name}-fit`);
    // labels come from the renderer's own label boxes: none overlaps another, each is readable
    expect(overlappingLabels(state)).toEqual([]);
    expect(state.labels.length).toBeGreaterThan(0);
    for (const label of state.labels) expect(label.px).toBeGreaterThanOrEqual(10);
    // the selected entity and the most connected one are labelled at any zoom
    const ids = new Set(state.labels.map((l) => l.id));
    expect(ids).toContain(id);
    return state;
  }

  test('36 entities (Russia and everything one step further): no two labels overlap at fit zoom, and zooming in shows more', async () => {
    const first = await neighboursOf('russia');
    const second = new Set(['russia', ...first]);
    for (const n of first) for (const m of await neighboursOf(n)) second.add(m);
    const state = await expandAllAndCheckLabels('russia', second.size, '09-russia-expand-all');
    process.stdout.write(`explorer labels: ${state.nodes.length} entities, ${state.labels.length} labels drawn at fit zoom ${state.zoom.toFixed(2)}\n`);

    // zooming in spreads the nodes while labels keep their size: more of those in sight fit
    const graph = await page.locator('#graph').boundingBox();
    await page.locator('#zoom-in').click();
    await page.locator('#zoom-in').click();
    await page.waitForFunction((z: number) => (globalThis as any).__explorer.probe().zoom > z * 2, state.zoom);
    const closer = await settled();
    await shot('10-russia-zoomed-in');
    expect(overlappingLabels(closer)).toEqual([]);
    const inView = (s: Probe) => s.nodes.filter((n) => n.x > graph!.x && n.x < graph!.x + graph!.width && n.y > graph!.y && n.y < graph!.y + graph!.height);
    const share = (s: Probe) => s.labels.filter((l) => inView(s).some((n) => n.id === l.id)).length / inView(s).length;
    expect(share(closer)).toBeGreaterThan(share(state));
  });

  test('150 entities: no two labels overlap at fit zoom; the most connected entities keep theirs', async () => {
    const total = 1 + PROJECTS + REGIONS + REGIONS * TOWNS;
    const state = await expandAllAndCheckLabels('midland', total, '11-150-entities');
    process.stdout.write(`explorer labels: ${state.nodes.length} entities, ${state.labels.length} labels drawn at fit zoom ${state.zoom.toFixed(2)}\n`);
    // every region (14 relationships, far more than a town's 1) is labelled before any town
    const labelled = new Set(state.labels.map((l) => l.id));
    const regionsLabelled = Array.from({ length: REGIONS }, (_, r) => `midregion-${r + 1}`).filter((r) => labelled.has(r)).length;
    expect(regionsLabelled).toBeGreaterThanOrEqual(REGIONS - 2);
  });

  test('hovering a node shows a card with its name, kind and number of relationships', async () => {
    await page.goto(`${api.server.url}/#/entity/russia`);
    const state = await waitForNodes(['russia', 'iran']);
    const { body } = await api.graphql('{ entity(id: "iran") { name kind relationships { totalCount } } }');
    const iran = drawn(state, 'iran');
    await page.mouse.move(iran.hit!.x, iran.hit!.y);
    const card = page.locator('.hover-card');
    await expectVisible(card);
    await expectText(card.locator('.hover-name'), body.data.entity.name);
    await expectText(card.locator('.hover-kind'), body.data.entity.kind);
    await expectText(card.locator('.hover-degree'), `${body.data.entity.relationships.totalCount} relationships`);
    // a hovered node is labelled whatever else is around it
    await page.waitForFunction(() => (globalThis as any).__explorer.probe(true).labels.some((l: { id: string }) => l.id === 'iran'));
    await shot('12-hover-card');
    await page.mouse.move(5, 5);
    await card.waitFor({ state: 'hidden' });
  });

  test('parallel relationships between two entities are one bundle with their count, opened by a click', async () => {
    await page.goto(`${api.server.url}/#/entity/russia`);
    const { body } = await api.graphql('{ entity(id: "russia") { relationships(first: 100) { edges { node { id } other { id } } } } }');
    const withIran = body.data.entity.relationships.edges.filter((e: { other: { id: string } }) => e.other.id === 'iran').map((e: { node: { id: string } }) => e.node.id);
    expect(withIran.length).toBeGreaterThan(1);
    let state = await waitForNodes(['russia', 'iran']);
    state = await settled();
    const bundle = state.bundles.find((b) => withIran.every((id: string) => drawn(state, id).bundle === b.id));
    expect(bundle).toBeDefined();
    expect(bundle!.label).toBe(`${withIran.length} relationships`);
    for (const id of withIran) expect(drawn(state, id).visible).toBe(false);
    await clickOn(bundle!);
    await page.waitForFunction((ids: string[]) => ids.every((id) => (globalThis as any).__explorer.probe().edges.find((e: Drawn) => e.id === id)?.visible), withIran);
    state = await settled();
    expect(state.bundles.find((b) => b.id === bundle!.id)).toBeUndefined();
    await shot('13-bundle-opened');
    // the legend still counts relationships, not bundles
    await expectText(page.locator('#view-counts'), `${state.edges.length} relationships`);
  });

  test('a path found is zoomed to, with every halo inside the drawing', async () => {
    await page.goto(`${api.server.url}/#/entity/midland`);
    await waitForNodes(['midland']);
    await page.locator('#expand-all').click();
    await settled();
    await choose('#path-from', 'Midtown 1-1', 'midtown-1-1');
    await choose('#path-to', 'Midtown 9-1', 'midtown-9-1');
    await page.locator('#path-find').click();
    await page.waitForURL(/#\/path\/midtown-1-1\/midtown-9-1$/);
    await page.waitForFunction(() => (globalThis as any).__explorer.probe().nodes.filter((n: Drawn) => n.classes.includes('on-path')).length >= 2);
    const state = await settled();
    const graph = (await page.locator('#graph').boundingBox())!;
    const onPath = state.nodes.filter((n) => n.classes.includes('on-path'));
    const halo = 9 * state.zoom; // underlay-padding
    for (const n of onPath) {
      expect(n.x - n.width / 2 - halo).toBeGreaterThanOrEqual(graph.x);
      expect(n.x + n.width / 2 + halo).toBeLessThanOrEqual(graph.x + graph.width);
      expect(n.y - n.height / 2 - halo).toBeGreaterThanOrEqual(graph.y);
      expect(n.y + n.height / 2 + halo).toBeLessThanOrEqual(graph.y + graph.height);
    }
    // zoomed to the path: it fills most of the drawing's width or height
    const xs = onPath.map((n) => n.x);
    const ys = onPath.map((n) => n.y);
    expect(Math.max((Math.max(...xs) - Math.min(...xs)) / graph.width, (Math.max(...ys) - Math.min(...ys)) / graph.height)).toBeGreaterThan(0.5);
    for (const n of onPath) expect(state.labels.map((l) => l.id)).toContain(n.id);
    await shot('14-path-zoomed');
  });
});

describe('explorer on a hub', () => {
  const TOWNS = 120;
  const PROJECTS = 10;
  const OFFICIALS = 6;
  const TOTAL = TOWNS + PROJECTS + OFFICIALS;
  const CAP = 50;

  beforeAll(async () => {
    const lines: string[] = [];
    const entities: unknown[] = [{ id: 'hubland', kind: 'Country', name: 'Hubland' }];
    const relationships: unknown[] = [];
    const tie = (type: string, from: string, to: string, sentence: string) => {
      lines.push(sentence);
      relationships.push({ type, from, to, evidence: sentence });
    };
    for (let t = 1; t <= TOWNS; t++) {
      entities.push({ id: `hubtown-${t}`, kind: 'Place', name: `Hubtown ${t}` });
      tie('LOCATED_IN', `hubtown-${t}`, 'hubland', `Hubtown ${t} lies in Hubland.`);
    }
    for (let p = 1; p <= PROJECTS; p++) {
      entities.push({ id: `hubproject-${p}`, kind: 'Project', name: `Hubproject ${p}` });
      tie('LOCATED_IN', `hubproject-${p}`, 'hubland', `Hubproject ${p} is built in Hubland.`);
    }
    for (let o = 1; o <= OFFICIALS; o++) {
      entities.push({ id: `hubofficial-${o}`, kind: 'Person', name: `Hubofficial ${o}` });
      tie('OFFICIAL_OF', `hubofficial-${o}`, 'hubland', `Hubofficial ${o} serves Hubland.`);
    }
    await ingest('hubland', lines, entities, relationships);
  });

  test(`expanding a hub draws ${CAP} relationships and a "+ N more" node; its list pages, filters and adds; no request asks for more than one page`, async () => {
    let state!: Probe;
    const opening = await requestsDuring(async () => {
      await page.goto(`${api.server.url}/#/entity/hubland`);
      await waitForNodes(['hubland', 'more:hubland']);
      state = await settled();
    });
    expect(state.nodes.filter((n) => !n.classes.includes('more'))).toHaveLength(1 + CAP);
    const more = drawn(state, 'more:hubland');
    expect(more.label).toBe(`+ ${TOTAL - CAP} more`);
    // the details panel says the list is capped and offers the same list
    await expectText(page.locator('#browse-relationships'), `Browse all ${TOTAL}`);
    await shot('15-hub-capped');

    const listing = await requestsDuring(async () => {
      await clickOn(more);
      await expectText(page.locator('#details .hub-title'), `Hubland: ${TOTAL} relationships`);
      await page.locator('#hub-rows li[data-entity-id]').first().waitFor();
      expect(await page.locator('#hub-rows li[data-entity-id]').count()).toBe(CAP);
      // the list is in type order, then by name: LOCATED_IN (projects and towns) before OFFICIAL_OF
      await expectText(page.locator('#hub-pager'), `1–${CAP}`);
      await page.locator('#hub-next').click();
      await expectText(page.locator('#hub-pager'), `${CAP + 1}–${2 * CAP}`);

      // narrowed to people: the officials, on one page
      await page.locator('#hub-kind').selectOption('Person');
      await page.waitForFunction((n: number) => document.querySelectorAll('#hub-rows li[data-entity-id]').length === n, OFFICIALS);
      // narrowed by type and name
      await page.locator('#hub-kind').selectOption('');
      await page.locator('#hub-type').selectOption('LOCATED_IN');
      await page.locator('#hub-name').fill('hubtown 9');
      const expectedNames = Array.from({ length: TOWNS }, (_, i) => `Hubtown ${i + 1}`).filter((n) => n.toLowerCase().includes('hubtown 9'));
      await page.waitForFunction((n: number) => document.querySelectorAll('#hub-rows li[data-entity-id]').length === n, expectedNames.length);
      const names = await page.locator('#hub-rows .hub-row-name').allTextContents();
      expect(names.sort()).toEqual(expectedNames.sort());
      await shot('16-hub-list');
      // tick two that are not drawn yet and add them
      const fresh = (await page.locator('#hub-rows li[data-entity-id]:has(input:not([disabled]))').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-entity-id')!))).slice(0, 2);
      expect(fresh).toHaveLength(2);
      for (const id of fresh) await page.locator(`#hub-rows li[data-entity-id="${id}"] input`).check();
      await page.locator('#hub-add').click();
      state = await waitForNodes(fresh);
      for (const id of fresh) expect(state.edges.some((e) => e.id === `${id}|LOCATED_IN|hubland` && e.visible)).toBe(true);
      expect(drawn(state, 'more:hubland').label).toBe(`+ ${TOTAL - CAP - 2} more`);
    });

    // "Expand all" keeps the cap: from a town, the hub comes back with a "+ N more" node, not 136 entities
    const expanding = await requestsDuring(async () => {
      await page.goto(`${api.server.url}/#/entity/hubtown-1`);
      await waitForNodes(['hubtown-1', 'hubland']);
      await page.locator('#expand-all').click();
      await waitForNodes(['more:hubland']);
      state = await settled();
    });
    expect(state.nodes.filter((n) => !n.classes.includes('more'))).toHaveLength(1 + CAP);

    // from the network log: every request asked for one page at most, none for a later page of the hub
    for (const [name, bodies] of Object.entries({ opening, listing, expanding })) {
      const asked = pagesAsked(bodies);
      expect({ name, largest: asked.largest, after: asked.after }).toEqual({ name, largest: CAP, after: 0 });
      expect(asked.withFirst).toBeGreaterThan(0);
    }
  });

  test('the cap is the analyst\'s to set, and holds for the next expansion', async () => {
    await page.goto(`${api.server.url}/`);
    await page.getByText('Search for an entity to start').waitFor();
    await page.locator('#hub-cap').fill('20');
    await page.locator('#hub-cap').dispatchEvent('change');
    const bodies = await requestsDuring(async () => {
      await page.goto(`${api.server.url}/#/entity/hubland`);
      await waitForNodes(['hubland', 'more:hubland']);
    });
    const state = await settled();
    expect(drawn(state, 'more:hubland').label).toBe(`+ ${TOTAL - 20} more`);
    expect(pagesAsked(bodies).largest).toBe(20);
  });
});

describe('Cypher workbench', () => {
  /** Opens the workbench and waits for its editor. */
  async function openWorkbench(): Promise<void> {
    await page.goto(`${api.server.url}/`);
    await page.getByText('Search for an entity to start').waitFor();
    await page.locator('#open-workbench').click();
    await page.locator('#workbench .cm-editor').waitFor();
  }

  /**
   * Replaces the editor's text by a paste (no completion or bracket closing on the way). Not insertText: Chromium's
   * own editing of a multi-line insert writes style attributes into the editor, which the page's CSP refuses.
   */
  async function setQuery(text: string): Promise<void> {
    await pasteQuery(text);
  }

  test('highlights Cypher, completes the graph\'s kinds as labels, runs with Ctrl+Enter, and draws nodes and relationships of the result on the canvas', async () => {
    await openWorkbench();
    // Neo4j's language support marks keywords and labels
    await page.locator('#workbench .cm-keyword').first().waitFor();
    expect(await page.locator('#workbench .cm-keyword').allTextContents()).toEqual(expect.arrayContaining(['MATCH', 'RETURN']));

    await setQuery('');
    await page.keyboard.type('MATCH (n:Pers');
    const completion = page.locator('.cm-tooltip-autocomplete');
    await completion.waitFor();
    await expectText(completion, 'Person');
    await page.keyboard.press('Escape');

    const query = "MATCH (p:Entity {id: 'vladimir-putin'})-[r]->(o:Entity)\nRETURN p, r, o";
    // The expected answer first: asked while the page's query runs, it could wait for a query slot and be refused.
    const { body } = await api.graphql('query($q: String!) { cypher(query: $q) { rowCount rows } }', { q: query });
    expect(body.errors).toBeUndefined();
    const expected = body.data.cypher;
    await setQuery(query);
    await page.keyboard.press('Control+Enter');
    expect(expected.rowCount).toBeGreaterThan(0);
    const ids = [...new Set(expected.rows.flatMap((row: Array<{ id: string }>) => [row[0]!.id, row[2]!.id]))] as string[];
    const state = await waitForNodes(ids);
    for (const row of expected.rows) {
      const rel = row[1] as { type: string; from: string; to: string };
      expect(state.edges.map((e) => e.id)).toContain(`${rel.from}|${rel.type}|${rel.to}`);
    }
    await expectText(page.locator('#cypher-status'), `${expected.rowCount} row`);
    await expect(page.locator('#cypher-result tbody tr').count()).resolves.toBe(expected.rowCount);
    await page.locator('#cypher-as-json').click();
    await expectText(page.locator('#cypher-result pre'), '"columns"');
    await shot('17-workbench');
  });

  test('a syntax error is shown at its line and column, and a write without the token is refused by the server and changes nothing', async () => {
    await openWorkbench();
    const broken = 'MATCH (n:Entity)\nRETURN n.name AS name,,';
    const { body } = await api.graphql('query($q: String!) { cypher(query: $q) { rowCount } }', { q: broken });
    const { line, column } = body.errors[0].extensions;
    expect(line).toBe(2);
    await setQuery(broken);
    await page.keyboard.press('Control+Enter');
    await expectText(page.locator('#cypher-status'), `Line ${line}, column ${column}:`);
    expect(await page.locator('#cypher-status').getAttribute('data-level')).toBe('error');

    const write = "CREATE (:Entity {id: 'workbench-probe', kind: 'Person', name: 'Workbench probe'})";
    await setQuery(write);
    await page.keyboard.press('Control+Enter');
    const refusal = await api.graphql('query($q: String!) { cypher(query: $q) { rowCount } }', { q: write });
    await expectText(page.locator('#cypher-status'), refusal.body.errors[0].message);
    await expectText(page.locator('#cypher-status'), 'admin token');
    const after = await api.graphql('{ entity(id: "workbench-probe") { id } }');
    expect(after.body.data.entity).toBeNull();
    await shot('18-workbench-refused');
  });
});

describe('explorer on a phone (390 × 844)', () => {
  const WIDTH = 390;

  async function noHorizontalOverflow(): Promise<void> {
    const widths = await page.evaluate(() => ({ document: document.documentElement.scrollWidth, body: document.body.scrollWidth }));
    expect(widths.document).toBeLessThanOrEqual(WIDTH);
    expect(widths.body).toBeLessThanOrEqual(WIDTH);
  }

  test('nothing overflows sideways; search, a tap on a node, the path finder and the workbench all work', async () => {
    page = await session.open({ viewport: { width: WIDTH, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await page.goto(`${api.server.url}/`);
    await page.getByText('Search for an entity to start').waitFor();
    await noHorizontalOverflow();
    // the search box spans the screen, so its placeholder is not cut to "Search peo"
    expect((await page.locator('#search-input').boundingBox())!.width).toBeGreaterThan(WIDTH * 0.8);
    await shot('19-phone-start');

    await choose('#search-input', 'Russia', 'russia');
    let state = await waitForNodes(['russia', ...(await neighboursOf('russia'))]);
    await noHorizontalOverflow();
    // a tap selects and expands, as a click does
    const iran = drawn(await settled(), 'iran');
    await page.touchscreen.tap(iran.hit!.x, iran.hit!.y);
    state = await waitForNodes(['iran', ...(await neighboursOf('iran'))]);
    expect(drawn(state, 'iran').selected).toBe(true);
    await expectText(page.locator('#details h2'), 'Iran');
    await noHorizontalOverflow();
    await shot('20-phone-graph');

    // the path finder sits under the drawing
    await page.locator('#path-from').scrollIntoViewIfNeeded();
    await choose('#path-from', 'Putin', 'vladimir-putin');
    await choose('#path-to', 'rasht astara', 'rasht-astara-railway');
    await page.locator('#path-find').click();
    await page.waitForURL(/#\/path\/vladimir-putin\/rasht-astara-railway$/);
    await expectText(page.locator('.path-summary'), 'Vladimir Putin → Rasht–Astara railway');
    await noHorizontalOverflow();
    await page.locator('.path-summary').scrollIntoViewIfNeeded();
    await shot('21-phone-path');

    // the toolbar is behind the menu; the workbench opens under the drawing and runs
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await page.locator('#open-workbench').isVisible()).toBe(false);
    await page.locator('#menu-toggle').click();
    await page.locator('#open-workbench').click();
    await page.locator('#workbench .cm-editor').waitFor();
    await pasteQuery("MATCH (e:Entity {kind: 'Country'}) RETURN e.name AS name, e.id AS id ORDER BY id");
    await page.locator('#cypher-run').click();
    const { body } = await api.graphql('{ cypher(query: "MATCH (e:Entity {kind: \'Country\'}) RETURN e.id AS id") { rowCount } }');
    await expectText(page.locator('#cypher-status'), `${body.data.cypher.rowCount} row`);
    const editor = (await page.locator('#workbench .cm-editor').boundingBox())!;
    expect(editor.x).toBeGreaterThanOrEqual(0);
    expect(editor.x + editor.width).toBeLessThanOrEqual(WIDTH);
    await noHorizontalOverflow();
    await page.locator('#workbench').scrollIntoViewIfNeeded();
    await shot('22-phone-workbench');
  });
});
