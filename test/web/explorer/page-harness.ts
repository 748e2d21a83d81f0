/**
 * What the explorer's browser test files share: the built page, a real API over HTTP on a seeded store, Debian's
 * Chromium, a fresh page per test whose console errors, failed requests and requests to any other host are
 * collected (and must be none), and waits on the page's own probe instead of sleeps.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium } from '../../support/browser';
import { startApi, type ApiUnderTest } from '../../support/server';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BUILT_PAGE = path.join(ROOT, 'dist', 'web', 'explorer', 'index.html');
/** Where screenshots land. */
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'explorer');

/** A drawn node or edge as the page's probe reports it, with where a click reaches it. */
export interface Drawn {
  id: string;
  label: string;
  visible: boolean;
  selected: boolean;
  classes: string[];
  x: number;
  y: number;
  hit: { x: number; y: number } | null;
}

/** The page's probe of the drawing. */
export interface Probe {
  busy: boolean;
  zoom: number;
  nodes: Drawn[];
  edges: Drawn[];
}

/** Builds the bundle when it is missing or older than its sources, so a test never drives a stale page. */
export function ensureBuilt(): void {
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

/** The session a test file drives; `page` and `context` change with every test (and every `open`). */
export interface ExplorerSession {
  api: ApiUnderTest;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Problems the page logged; each test ends with none. */
  problems: string[];
  /** A new browser context (a new browser session: empty sessionStorage) and page. */
  open(options?: Parameters<Browser['newContext']>[0]): Promise<Page>;
}

/** Registers the hooks of a browser test file and returns its session; `env` configures the server. */
export function explorerSession(env: Record<string, string> = {}, viewport = { width: 1400, height: 900 }): ExplorerSession {
  const session = { problems: [] as string[] } as ExplorerSession;
  session.open = async (options = { viewport, acceptDownloads: true }) => {
    await session.context?.close();
    session.context = await session.browser.newContext(options);
    const page = await session.context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') session.problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => session.problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(`${session.api.server.url}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) session.problems.push(`request off localhost: ${url}`);
    });
    page.on('requestfailed', (r) => session.problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    session.page = page;
    return page;
  };
  beforeAll(async () => {
    ensureBuilt();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    session.api = await startApi(env);
    session.browser = await launchChromium();
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.api?.close();
  });
  beforeEach(async () => {
    session.problems.length = 0;
    await session.open();
  });
  afterEach(async () => {
    await session.context.close();
    (session as { context?: BrowserContext }).context = undefined;
    expect(session.problems).toEqual([]);
  });
  return session;
}

/** Saves a screenshot of the page as test-artifacts/explorer/<name>.png. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/** The drawing with click points. */
export async function probe(page: Page): Promise<Probe> {
  return page.evaluate(() => (globalThis as any).__explorer.probe(true));
}

/** Waits until no request, layout or label placement is under way. */
export async function settled(page: Page): Promise<Probe> {
  await page.waitForFunction(() => !(globalThis as any).__explorer.probe().busy);
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !(globalThis as any).__explorer.probe().busy);
  return probe(page);
}

/** Waits until the drawing has settled holding every one of `ids` (generous: a layout on a loaded two-core machine took over 15 s). */
export async function waitForNodes(page: Page, ids: string[], timeout = 45000): Promise<Probe> {
  await page.waitForFunction(
    (wanted: string[]) => {
      const p = (globalThis as any).__explorer?.probe();
      return p && !p.busy && wanted.every((id) => p.nodes.some((n: { id: string }) => n.id === id));
    },
    ids,
    { timeout },
  );
  return settled(page);
}

/** Waits (up to 10 s) for the first match of `locator` to contain `text`, then asserts it. */
export async function expectText(locator: Locator, text: string): Promise<void> {
  await locator
    .filter({ hasText: text })
    .first()
    .waitFor({ timeout: 10000 })
    .catch(() => undefined); // the assertion below says what was there instead
  expect((await locator.first().textContent()) ?? '').toContain(text);
}

/** Replaces the workbench editor's text by a paste, as a person pasting would (no completion on the way). */
export async function pasteQuery(page: Page, text: string): Promise<void> {
  await page.locator('#workbench .cm-content').click();
  await page.keyboard.press('Control+A');
  await page.locator('#workbench .cm-content').evaluate((content, pasted) => {
    const data = new DataTransfer();
    data.setData('text/plain', pasted);
    content.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** Opens the workbench from the home page and waits for its editor. */
export async function openWorkbench(session: ExplorerSession, hash = ''): Promise<void> {
  await session.page.goto(`${session.api.server.url}/${hash}`);
  await session.page.locator('#start-view').waitFor();
  await session.page.locator('#open-workbench').click();
  await session.page.locator('#workbench .cm-editor').waitFor();
}

/** The GraphQL requests the page sends while `action` runs, with their headers. */
export async function requestsDuring(page: Page, action: () => Promise<void>): Promise<Array<{ query: string; variables: Record<string, any>; headers: Record<string, string> }>> {
  const sent: Array<{ query: string; variables: Record<string, any>; headers: Record<string, string> }> = [];
  const listener = (r: import('playwright-core').Request) => {
    if (r.url().endsWith('/graphql') && r.method() === 'POST') sent.push({ ...JSON.parse(r.postData() ?? '{}'), headers: r.headers() });
  };
  page.on('request', listener);
  try {
    await action();
  } finally {
    page.off('request', listener);
  }
  return sent;
}

/** Page width of the document and body (for "nothing overflows sideways"). */
export async function scrollWidths(page: Page): Promise<{ document: number; body: number }> {
  return page.evaluate(() => ({ document: document.documentElement.scrollWidth, body: document.body.scrollWidth }));
}
