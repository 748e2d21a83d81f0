/**
 * The IDE in a real headless Chromium (Debian's `chromium`, driven by playwright-core): /graphql opens with one
 * tab per example, runs them against the seed graph and shows the result, and every request stays on this
 * server. Leaves a screenshot in test-artifacts/.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { ideDirectory } from '../../src/api/server';
import { PROJECT_ROOT } from '../support/engines';
import { startApi, type ApiUnderTest } from '../support/server';

const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts');

/** GraphiQL 4 selectors: tab titles (the operation names), run button, result pane (CodeMirror 5). */
const SELECTORS = {
  tabTitles: '.graphiql-tabs .graphiql-tab .graphiql-tab-button',
  activeTab: '.graphiql-tab.graphiql-tab-active .graphiql-tab-button',
  runButton: 'button.graphiql-execute-button',
  result: '.graphiql-response .result-window',
};

/** Builds the IDE when it is missing or older than its sources (a fresh clone before `npm run build`). */
function ensureIdeBuilt(dir: string): void {
  const index = path.join(dir, 'index.html');
  const sources = path.join(PROJECT_ROOT, 'src', 'web', 'graphiql');
  const newest = Math.max(...fs.readdirSync(sources).map((f) => fs.statSync(path.join(sources, f)).mtimeMs));
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= newest) return;
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'build-web.mjs')], { stdio: 'inherit' });
}

let api: ApiUnderTest;
let browser: Browser;

beforeAll(async () => {
  // With the example article added, as in the README's walkthrough: the Putin → railway example is two steps then.
  api = await startApi({}, { examples: true });
  ensureIdeBuilt(ideDirectory(api.config));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

it('opens /graphql with the example tabs, runs examples and shows their results, all offline', async () => {
  const examples = (await (await fetch(`${api.server.url}/graphql/examples.json`)).json()) as { name: string }[];
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(String(e)));
  // The page's Content-Security-Policy keeps it on this server; a blocked script or style must fail the test.
  await page.addInitScript({
    content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP blocked ' + e.violatedDirective + ': ' + e.blockedURI));",
  });

  await page.goto(`${api.server.url}/graphql`, { waitUntil: 'networkidle' });

  // One tab per example, titled by its operation name, the first one open.
  await page.locator(SELECTORS.tabTitles).first().waitFor();
  const titles = (await page.locator(SELECTORS.tabTitles).allInnerTexts()).map((t) => t.trim());
  expect(titles).toEqual(examples.map((e) => e.name));
  expect((await page.locator(SELECTORS.activeTab).innerText()).trim()).toBe('WhoIsConnectedToWhichProject');

  // Who is connected to which project: the first project and its participant appear.
  await page.locator(SELECTORS.runButton).click();
  const projects = page.locator(SELECTORS.result).filter({ hasText: 'Additional units at the Bushehr Nuclear Power Plant' });
  await projects.waitFor({ timeout: 20_000 });
  expect(await projects.innerText()).toMatch(/"participants"[\s\S]*"name": "Russia"/);

  // The path from Putin to the Rasht–Astara railway.
  await page.locator(SELECTORS.tabTitles).filter({ hasText: 'PathFromPutinToRashtAstaraRailway' }).click();
  await page.locator(SELECTORS.runButton).click();
  const route = page.locator(SELECTORS.result).filter({ hasText: 'Vladimir Putin' });
  await route.waitFor({ timeout: 20_000 });
  // Through Russia: the railway piece names Putin its president, and both sources put Russia in the railway.
  expect(await route.innerText()).toMatch(/"shortestPath"[\s\S]*"length": 2,[\s\S]*"Vladimir Putin"[\s\S]*"Russia"[\s\S]*"Rasht–Astara railway"/);

  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'graphiql.png') });

  const foreign = requests.filter((u) => !u.startsWith(`${api.server.url}/`) && !u.startsWith('data:') && !u.startsWith('blob:'));
  expect(foreign).toEqual([]);
  expect(requests.some((u) => u.endsWith('/assets/graphiql/graphiql.js'))).toBe(true);
  expect(problems).toEqual([]);
});

