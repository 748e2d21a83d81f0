/**
 * The visual explorer in a real headless Chromium, against the real API over HTTP on a seeded store.
 * Expectations come from the API itself (neighbours, paths, quotes), not from copies in the test.
 * Every test also checks that the page logged no error or warning and asked nothing of any host but ours.
 * Screenshots and exports land in test-artifacts/explorer/.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../support/browser';
import { prepareDocument } from '../../../src/knowledge/load';
import { startApi, type ApiUnderTest } from '../../support/server';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BUILT_PAGE = path.join(ROOT, 'dist', 'web', 'explorer', 'index.html');
const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'explorer');

interface Drawn {
  id: string;
  label: string;
  visible: boolean;
  selected: boolean;
  classes: string[];
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Probe {
  busy: boolean;
  zoom: number;
  nodes: Drawn[];
  edges: Drawn[];
}

let api: ApiUnderTest;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];

/** Builds the bundle when it is missing or older than its sources, so the test never drives a stale page. */
function ensureBuilt(): void {
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((t, e) => {
      const p = path.join(dir, e.name);
      return Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
    }, 0);
  const sources = Math.max(newest(path.join(ROOT, 'src', 'web', 'explorer')), fs.statSync(path.join(ROOT, 'scripts', 'build-explorer.mjs')).mtimeMs);
  if (!fs.existsSync(BUILT_PAGE) || fs.statSync(BUILT_PAGE).mtimeMs < sources) {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-explorer.mjs')], { cwd: ROOT, stdio: 'pipe' });
  }
}

beforeAll(async () => {
  ensureBuilt();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  api = await startApi();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

beforeEach(async () => {
  problems = [];
  context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(`${api.server.url}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) problems.push(`request off localhost: ${url}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
});

afterEach(async () => {
  await context.close();
  expect(problems).toEqual([]);
});

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

async function probe(): Promise<Probe> {
  return page.evaluate(() => (globalThis as any).__explorer.probe());
}

/** Waits until the graph has stopped moving and holds every one of `ids`. */
async function waitForNodes(ids: string[], timeout = 15000): Promise<Probe> {
  await page.waitForFunction(
    (wanted: string[]) => {
      const p = (globalThis as any).__explorer?.probe();
      return p && !p.busy && wanted.every((id) => p.nodes.some((n: { id: string }) => n.id === id));
    },
    ids,
    { timeout },
  );
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !(globalThis as any).__explorer.probe().busy);
  return probe();
}

function drawn(state: Probe, id: string): Drawn {
  const found = state.nodes.find((n) => n.id === id) ?? state.edges.find((e) => e.id === id);
  if (!found) throw new Error(`${id} is not drawn; drawn: ${state.nodes.map((n) => n.id).join(', ')}`);
  return found;
}

async function neighboursOf(id: string): Promise<string[]> {
  return (await kindsAround(id)).map((n) => n.id);
}

async function kindsAround(id: string): Promise<Array<{ id: string; kind: string }>> {
  const { body } = await api.graphql('query($id: ID!) { entity(id: $id) { neighbors(first: 100) { id kind } } }', { id });
  return body.data.entity.neighbors;
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

    const russia = drawn(state, 'russia');
    await page.mouse.click(russia.x, russia.y);
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

    const iran = drawn(state, 'iran');
    await page.mouse.dblclick(iran.x, iran.y);
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

    const edge = drawn(state, richest.id);
    await page.mouse.click(edge.x, edge.y);
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

/** Waits (up to 10 s) for the first match of `locator` to contain `text`, then asserts it. */
async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  await locator.first().waitFor({ state: 'attached' });
  let actual = '';
  for (const deadline = Date.now() + 10000; Date.now() < deadline; await page.waitForTimeout(100)) {
    actual = (await locator.first().textContent()) ?? '';
    if (actual.includes(text)) break;
  }
  expect(actual).toContain(text);
}
