/**
 * The analyst's loop in a real headless Chromium against the real API on a seeded store: paste an article, draft
 * it, review (accept, drop, fix a kind, pick and change a type, narrow a quote by selecting it), preview the dry
 * run, add it, and read it in the reader with every mention and quote marked; bad input at each step. Every test
 * checks that the page logged no error, asked nothing of any host but ours, and the graph changed only on "Add".
 * Screenshots land in test-artifacts/reader/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../support/browser';
import { SEED_DOCUMENTS } from '../../support/seed';
import { startApi, type ApiUnderTest } from '../../support/server';
import { ensureBuilt } from '../explorer/page-harness';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'reader');
const TOKEN = 'reader-test-token';

const ARTICLE = {
  title: 'Rosatom chief meets Putin on Bushehr',
  url: 'https://news.example.org/rosatom-bushehr',
  publisher: 'Example Wire',
  published: '2024-06-03',
  text: [
    'Rosatom chief Alexey Likhachev met President Vladimir Putin in Moscow on Monday.',
    'Likhachev said Rosatom would start work on two more units at the Bushehr nuclear power plant in Iran.',
    'The talks took place a week after officials from Iran and Russia met in Tehran.',
  ].join('\n\n'),
};

let api: ApiUnderTest;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];
/** Browser console lines the test provoked on purpose (the server's 401 to a wrong token), removed from `problems`. */
let expectedConsole: RegExp[];


beforeAll(async () => {
  ensureBuilt();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  api = await startApi({ KG_ADMIN_TOKEN: TOKEN });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

beforeEach(async () => {
  problems = [];
  expectedConsole = [];
  context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
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
  // Every GraphQL request carries Apollo's preflight header (the server's CSRF rule for browsers).
  page.on('request', (r) => {
    if (r.url().endsWith('/graphql') && r.headers()['apollo-require-preflight'] !== 'true') problems.push(`GraphQL request without apollo-require-preflight: ${r.postData()}`);
  });
});

afterEach(async () => {
  await context.close();
  expect(problems.filter((p) => !expectedConsole.some((e) => e.test(p)))).toEqual([]);
  // A line allowed on purpose was really provoked (so the allowance hides nothing else).
  for (const e of expectedConsole) expect({ expected: e.source, seen: problems.filter((p) => e.test(p)).length }).toEqual({ expected: e.source, seen: 1 });
});

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** What the server holds, for "nothing was written" checks. */
async function graphCounts() {
  const { body } = await api.graphql('{ stats { entities relationships sources } sources(first: 1) { totalCount } }');
  return body.data;
}

/** The problem shown next to a field (`data-problem-for`), or '' when none is. */
async function problemAt(target: string): Promise<string> {
  const slot = page.locator(`[data-problem-for="${target}"]`);
  return (await slot.count()) && (await slot.first().isVisible()) ? (await slot.first().textContent()) ?? '' : '';
}

/** Selects `text` inside the element `selector` (across the marks in it) as a reader dragging over it would, then releases the mouse. */
async function selectText(selector: string, text: string): Promise<void> {
  await page.locator(selector).evaluate((element, wanted) => {
    const nodes: Text[] = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
    const start = element.textContent!.indexOf(wanted);
    if (start < 0) throw new Error(`"${wanted}" is not in the article`);
    const point = (offset: number): [Text, number] => {
      for (const node of nodes) {
        if (offset <= node.length) return [node, offset];
        offset -= node.length;
      }
      throw new Error('offset past the text');
    };
    const range = document.createRange();
    range.setStart(...point(start));
    range.setEnd(...point(start + wanted.length));
    const selection = document.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    element.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
  }, text);
}

/** The entity row named `name` of the review. */
const entityRow = (name: string) => page.locator('#review-entities li').filter({ has: page.locator(`input.entity-name[value="${name}"]`) });

async function relationshipRules(): Promise<{ type: string; from: string[]; to: string[] }[]> {
  const { body } = await api.graphql('{ relationshipRules { type from to } }');
  return body.data.relationshipRules;
}

test('the whole loop: paste, draft, review, preview, add, and read the new source with its marks', async () => {
  const before = await graphCounts();
  await page.goto(`${api.server.url}/#/add`);
  await page.locator('#article-form').waitFor();

  // Step 1, bad input: nothing given, then an address that is not one.
  await page.click('#draft-article');
  expect(await problemAt('source.title')).toMatch(/give the article a title/);
  expect(await problemAt('source.text')).toMatch(/paste or upload/);
  await page.fill('#article-url', 'news.example.org/no-scheme');
  await page.fill('#article-title', ARTICLE.title);
  await page.locator('#article-body').focus();
  await page.keyboard.insertText(ARTICLE.text); // as a paste inserts it
  await page.click('#draft-article');
  expect(await problemAt('source.url')).toMatch(/not a web address/);
  expect(await problemAt('source.title')).toBe('');
  await shot('1-article-form-problems');
  await page.fill('#article-url', ARTICLE.url);
  await page.fill('#article-publisher', ARTICLE.publisher);
  await page.fill('#article-published', ARTICLE.published);

  // The token is asked for once; a wrong one is refused by the server and asked for again.
  await page.click('#draft-article');
  await page.locator('#token-form').waitFor();
  expectedConsole.push(/Failed to load resource: the server responded with a status of 403/);
  await page.fill('#admin-token', 'not-the-token');
  await page.click('#use-token');
  await page.waitForFunction(() => document.querySelector('[data-problem-for="token"]')?.textContent?.includes('refused'));
  expect(await problemAt('token')).toMatch(/refused the token.*not this server/);
  expect(await page.evaluate(() => sessionStorage.getItem('kg-explorer-admin-token'))).toBeNull();
  await page.fill('#admin-token', TOKEN);
  await page.click('#use-token');
  await page.locator('#review-entities').waitFor();
  expect(await page.evaluate(() => sessionStorage.getItem('kg-explorer-admin-token'))).toBe(TOKEN);
  await shot('2-review-as-drafted');

  // The graph's own entities are recognised by id; Putin is one.
  await expect(page.locator('#review-entities li', { hasText: 'in the graph: vladimir-putin' }).count()).resolves.toBe(1);

  // Review: drop every drafted relationship and every candidate but what this test states itself.
  for (const box of await page.locator('#review-relationships li input.accept').all()) await box.uncheck();
  for (const row of await page.locator('#review-entities li').all()) {
    const known = (await row.locator('.badge').textContent())!.startsWith('in the graph');
    if (!known) await row.locator('input.accept').uncheck();
  }
  // Likhachev, Rosatom and Moscow: accepted where the draft found them, else added from a selection of the article;
  // their kinds set by hand (Moscow then resolves to the graph's).
  const ensureEntity = async (name: string, kind: string) => {
    if ((await entityRow(name).count()) === 0) {
      await selectText('#review-text', name);
      await page.click('#add-entity');
    } else await entityRow(name).locator('input.accept').check();
    // An entity the graph already holds keeps the graph's kind (its select is disabled).
    const kindSelect = entityRow(name).locator('select.entity-kind');
    if (await kindSelect.isEnabled()) await kindSelect.selectOption(kind);
    else expect(await kindSelect.inputValue()).toBe(kind);
  };
  await ensureEntity('Alexey Likhachev', 'Person');
  await ensureEntity('Rosatom', 'Organization');
  await ensureEntity('Moscow', 'Place');

  const rules = await relationshipRules();
  const allowed = (from: string, to: string) => rules.filter((r) => r.from.includes(from) && r.to.includes(to)).map((r) => r.type);
  const addRelationship = async (from: string, to: string) => {
    await page.click('#add-relationship');
    const row = page.locator('#review-relationships li').last();
    await row.locator('select.rel-from').selectOption({ label: from });
    await row.locator('select.rel-to').selectOption({ label: to });
    return row;
  };
  const typeChoices = async (row: ReturnType<typeof page.locator>) =>
    (await row.locator('select.rel-type option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).filter(Boolean);

  // Likhachev MET_WITH Putin: the only type the ontology allows between two people, evidence narrowed by selection.
  const met = await addRelationship('Alexey Likhachev', 'Vladimir Putin');
  expect(await typeChoices(met)).toEqual(allowed('Person', 'Person'));
  await met.locator('select.rel-type').selectOption('MET_WITH');
  await selectText('#review-text', 'Alexey Likhachev met President Vladimir Putin');
  await met.locator('button.use-selection').click();
  expect(await met.locator('textarea.rel-evidence').inputValue()).toBe('Alexey Likhachev met President Vladimir Putin');

  // Likhachev → Moscow: first POSTED_TO, then changed to VISITED.
  const visit = await addRelationship('Alexey Likhachev', 'Moscow');
  expect(await typeChoices(visit)).toEqual(allowed('Person', 'Place'));
  await visit.locator('select.rel-type').selectOption('POSTED_TO');
  await visit.locator('select.rel-type').selectOption('VISITED');
  await selectText('#review-text', 'met President Vladimir Putin in Moscow');
  await visit.locator('button.use-selection').click();

  // Likhachev OFFICIAL_OF Rosatom, left without a type and with a quote the article does not hold: refused by the page.
  const office = await addRelationship('Alexey Likhachev', 'Rosatom');
  expect(await typeChoices(office)).toEqual(allowed('Person', 'Organization'));
  await office.locator('textarea.rel-evidence').fill('Likhachev runs Rosatom');
  const officeKey = await office.getAttribute('data-relationship-key');
  await page.click('#preview-article');
  expect(await problemAt(`relationship:${officeKey}.type`)).toMatch(/choose a type/);
  expect(await problemAt(`relationship:${officeKey}.evidence`)).toMatch(/not in the article/);
  expect(await page.locator('#preview-result').textContent()).toBe('');
  await shot('3-review-problems-by-their-fields');
  await office.locator('select.rel-type').selectOption('OFFICIAL_OF');
  await selectText('#review-text', 'Rosatom chief Alexey Likhachev');
  await office.locator('button.use-selection').click();

  expect(await page.locator('#add-to-graph').isDisabled()).toBe(true);
  // The server's refusal sits by its field too: a token revoked meanwhile is refused, asked for again, and the preview goes on.
  await page.evaluate(() => sessionStorage.setItem('kg-explorer-admin-token', 'revoked-token'));
  await page.click('#preview-article');
  await page.waitForFunction(() => document.querySelector('[data-problem-for="token"]')?.textContent);
  expect(await problemAt('token')).toMatch(/refused the token: ingesting needs the admin bearer token/);
  expect(await graphCounts()).toEqual(before);
  await shot('4-server-refusal-by-its-field');
  await page.fill('#admin-token', TOKEN);
  await page.click('#use-token');

  // Preview: the dry run's diff; nothing written.
  await page.locator('#preview-resolutions').waitFor();
  const outcomes = Object.fromEntries(
    await page.locator('#preview-resolutions li').evaluateAll((items) => items.map((li) => [(li as HTMLElement).dataset.id, (li as HTMLElement).dataset.outcome])),
  );
  expect(outcomes['alexey-likhachev']).toBe('NEW');
  expect(outcomes.rosatom).toBe('NEW');
  expect(outcomes['vladimir-putin']).toBe('KNOWN_ID');
  expect(outcomes.moscow).toMatch(/KNOWN_ID|MATCHED/);
  expect(await page.locator('#preview-entities').textContent()).toMatch(/^2 new/);
  expect(await page.locator('#preview-relationships').textContent()).toMatch(/^3 new/);
  expect(await graphCounts()).toEqual(before);
  await shot('5-preview');

  // An edit after the preview asks for a new one before anything can be added.
  await met.locator('input.accept').uncheck();
  expect(await page.locator('#add-to-graph').isDisabled()).toBe(true);
  await met.locator('input.accept').check();
  await page.click('#preview-article');
  await page.waitForFunction(() => !(document.querySelector('#add-to-graph') as HTMLButtonElement).disabled);

  // Add to graph: written once, and the new source opens in the reader.
  await page.click('#add-to-graph');
  await page.waitForURL(/#\/source\/rosatom-chief-meets-putin-on-bushehr$/);
  await page.locator('#reader-title').waitFor();
  const after = await graphCounts();
  expect(after.stats.sources).toBe(before.stats.sources + 1);
  expect(after.stats.entities).toBe(before.stats.entities + 2);
  expect(after.stats.relationships).toBe(before.stats.relationships + 3);
  expect(await page.locator('#reader-title').textContent()).toBe(ARTICLE.title);
  expect(await page.locator('.reader-meta').textContent()).toContain('Example Wire · 3 June 2024 ·');
  // It is the newest source, first in the list beside the article.
  await page.locator('#source-list li').first().waitFor();
  expect(await page.locator('#source-list li').first().getAttribute('data-source-id')).toBe('rosatom-chief-meets-putin-on-bushehr');

  const marks = await page.locator('#article-text').evaluate((article) => ({
    quotes: Array.from(article.querySelectorAll<HTMLElement>('[data-relationship-ids]')).map((m) => m.dataset.relationshipIds),
    mentions: [...new Set(Array.from(article.querySelectorAll<HTMLElement>('[data-entity-id]')).map((m) => m.dataset.entityId))].sort(),
  }));
  expect(new Set(marks.quotes.flatMap((q) => q!.split(' ')))).toEqual(
    new Set(['alexey-likhachev|MET_WITH|vladimir-putin', 'alexey-likhachev|VISITED|moscow', 'alexey-likhachev|OFFICIAL_OF|rosatom']),
  );
  expect(marks.mentions).toEqual(expect.arrayContaining(['alexey-likhachev', 'rosatom', 'vladimir-putin', 'moscow', 'iran', 'bushehr-nuclear-power-plant']));
  await shot('6-new-source-in-the-reader');
});

test('a dropped entity, a kind with no type and a token asked once per session', async () => {
  await page.goto(`${api.server.url}/#/add`);
  await page.evaluate((token) => sessionStorage.setItem('kg-explorer-admin-token', token), TOKEN);
  await page.fill('#article-title', 'Short note');
  await page.fill('#article-body', 'Vladimir Putin visited Tehran in May.');
  await page.click('#draft-article');
  await page.locator('#review-entities').waitFor();
  // The token was not asked again.
  expect(await page.locator('#token-form').isHidden()).toBe(true);
  await page.click('#add-relationship');
  const row = page.locator('#review-relationships li').last();
  await row.locator('select.rel-from').selectOption({ label: 'Tehran' });
  await row.locator('select.rel-to').selectOption({ label: 'Vladimir Putin' });
  // Place → Person: the ontology has no such type, and the page says so instead of offering one.
  expect(await row.locator('select.rel-type option').allTextContents()).toEqual(['no type joins these kinds']);
  await row.locator('button.swap').click();
  expect(await row.locator('select.rel-type option').allTextContents()).toContain('visited');
  await row.locator('select.rel-type').selectOption('VISITED');
  await selectText('#review-text', 'Vladimir Putin visited Tehran');
  await row.locator('button.use-selection').click();
  await entityRow('Tehran').locator('input.accept').uncheck();
  const key = await row.getAttribute('data-relationship-key');
  await page.click('#preview-article');
  expect(await problemAt(`relationship:${key}.to`)).toMatch(/Tehran is dropped/);
  await shot('7-dropped-end');
});

test('an uploaded text file fills the article, and a binary one is refused', async () => {
  await page.goto(`${api.server.url}/#/add`);
  await page.setInputFiles('#article-file', { name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from('Iran and Russia meet\n\nIran and Russia met in Tehran.') });
  await page.waitForFunction(() => (document.querySelector('#article-body') as HTMLTextAreaElement).value.includes('met in Tehran'));
  expect(await page.inputValue('#article-title')).toBe('Iran and Russia meet');
  await page.setInputFiles('#article-file', { name: 'image.txt', mimeType: 'text/plain', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]) });
  await page.waitForFunction(() => document.querySelector('[data-problem-for="source.file"]')?.textContent);
  expect(await problemAt('source.file')).toMatch(/not a text file/);
});

test('the reader marks every mention and quote of a seed source; each opens on the graph', async () => {
  const doc = SEED_DOCUMENTS[0]!;
  const { body } = await api.graphql(
    'query($id: ID!) { source(id: $id) { text mentions { entity { id } offsets } statements { relationship { id type } quotes { start end } } } }',
    { id: doc.id },
  );
  const source = body.data.source;
  await page.goto(`${api.server.url}/#/sources`);
  await page.locator('#source-list li').first().waitFor();
  const { body: list } = await api.graphql('{ sources(first: 50) { edges { node { id } } } }');
  expect(await page.locator('#source-list li').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.sourceId))).toEqual(
    list.data.sources.edges.map((e: { node: { id: string } }) => e.node.id),
  );
  await shot('8-source-list');
  await page.click(`#source-list li[data-source-id="${doc.id}"] a`);
  await page.locator('#article-text').waitFor();
  expect(await page.locator('#article-text').textContent()).toBe(source.text);

  // Which marks cover each character, read from the page.
  const covering = await page.locator('#article-text').evaluate((article) => {
    const at: { entities: string[]; relationships: string[] }[] = [];
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const entities: string[] = [];
      const relationships: string[] = [];
      for (let e = node.parentElement; e && e !== article; e = e.parentElement) {
        if (e.dataset.entityId) entities.push(e.dataset.entityId);
        if (e.dataset.relationshipIds) relationships.push(...e.dataset.relationshipIds.split(' '));
      }
      for (let i = 0; i < node.textContent!.length; i++) at.push({ entities, relationships });
    }
    return at;
  });
  expect(covering).toHaveLength(source.text.length);
  for (const m of source.mentions) for (const offset of m.offsets) expect({ offset, entities: covering[offset]!.entities }).toEqual({ offset, entities: expect.arrayContaining([m.entity.id]) });
  for (const s of source.statements) {
    for (const q of s.quotes) {
      expect(q.start).not.toBeNull();
      expect(covering[q.start].relationships).toContain(s.relationship.id);
      expect(covering[q.end - 1].relationships).toContain(s.relationship.id);
    }
  }
  await shot('9-reader-seed-source');

  // A mention opens its entity on the graph; Back returns to the reader.
  const mention = source.mentions.find((m: { offsets: number[] }) => m.offsets.length)!;
  await page.locator(`#article-text [data-entity-id="${mention.entity.id}"]`).first().click();
  await page.waitForURL(new RegExp(`#/entity/${mention.entity.id}$`));
  await page.waitForFunction((id) => (globalThis as any).__explorer.probe().nodes.some((n: { id: string; selected: boolean }) => n.id === id && n.selected), mention.entity.id);
  expect(await page.locator('#reader-pages').isHidden()).toBe(true);
  await page.goBack();
  await page.locator('#article-text').waitFor();
  // The graph under the reader kept its view: "← Graph" shows it as it was left.
  await page.click('#back-to-graph');
  expect(page.url()).toMatch(new RegExp(`#/entity/${mention.entity.id}$`));
  expect(await page.locator('#reader-pages').isHidden()).toBe(true);
  expect((await page.evaluate(() => (globalThis as any).__explorer.probe())).nodes.map((n: { id: string }) => n.id)).toContain(mention.entity.id);
  await page.goBack();
  await page.locator('#article-text').waitFor();

  // Words several quotes cover (one passage stating several relationships) list them beside the article to pick from.
  const shared = await page.locator('#article-text').evaluate((article) => {
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.textContent!.trim().length < 3) continue;
      const quotes = new Set<string>();
      let mention = false;
      for (let e = node.parentElement; e && e !== article; e = e.parentElement) {
        if (e.dataset.entityId) mention = true;
        if (e.dataset.relationshipIds) e.dataset.relationshipIds.split(' ').forEach((id) => quotes.add(id));
      }
      if (mention || quotes.size < 2) continue;
      const range = document.createRange();
      const at = node.textContent!.search(/\S/);
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      const box = range.getBoundingClientRect();
      return { ids: [...quotes].sort(), x: box.x + box.width / 2, y: box.y + box.height / 2 };
    }
    return null;
  });
  // (the interview states several ties in one sentence, e.g. who took part in the joint exercises)
  expect(shared).not.toBeNull();
  await page.mouse.click(shared!.x, shared!.y);
  await page.locator('#reader-choice').waitFor();
  expect(await page.locator('#reader-choice').textContent()).toContain(`states ${shared!.ids.length} relationships`);
  expect((await page.locator('.statement-list li.picked').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.relationshipId!))).sort()).toEqual(shared!.ids);
  expect(page.url()).toMatch(/#\/source\//);

  // A quote stating one relationship opens it on the graph, selected, with its evidence: a click on words that
  // only that quote covers (no mention, no other quote around them), at the point the browser lays them out.
  const target = await page.locator('#article-text').evaluate((article) => {
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.textContent!.trim().length < 3) continue;
      const quotes: string[] = [];
      let mention = false;
      for (let e = node.parentElement; e && e !== article; e = e.parentElement) {
        if (e.dataset.entityId) mention = true;
        if (e.dataset.relationshipIds) quotes.push(...e.dataset.relationshipIds.split(' '));
      }
      if (mention || quotes.length !== 1) continue;
      const range = document.createRange();
      const at = node.textContent!.search(/\S/);
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      const box = range.getBoundingClientRect();
      return { id: quotes[0]!, x: box.x + box.width / 2, y: box.y + box.height / 2 };
    }
    return null;
  });
  expect(target).not.toBeNull();
  const single = source.statements.find((s: { relationship: { id: string } }) => s.relationship.id === target!.id)!;
  await page.mouse.click(target!.x, target!.y);
  await page.waitForFunction(() => document.querySelector('#details .relationship-type'));
  expect(await page.locator('#details .relationship-type').textContent()).toBe(single.relationship.type);
  await page.waitForFunction((id) => (globalThis as any).__explorer.probe().edges.some((e: { id: string; selected: boolean }) => e.id === id && e.selected), single.relationship.id);
  await shot('10-quote-opened-on-the-graph');

  // The details panel's source titles open the reader.
  await page.locator('#details .evidence a.source-link').first().click();
  await page.waitForURL(/#\/source\//);
  await page.locator('#article-text').waitFor();

  // An unknown source and a malformed link say so.
  await page.goto(`${api.server.url}/#/source/no-such-source`);
  await page.waitForFunction(() => document.querySelector('.reader-reading h2')?.textContent === 'No such source');
});
