/**
 * The explorer's starting view and its keyboard and screen-reader basics, in headless Chromium against the real
 * API: what the start lists must hold comes from the API; names for screen readers from Chromium's own
 * accessibility tree; focus from real Tab presses.
 */
import type { Page } from 'playwright-core';
import { SEED_DOCUMENTS } from '../../support/seed';
import { explorerSession, expectText, openWorkbench, probe, scrollWidths, settled, shot, waitForNodes } from './page-harness';

const session = explorerSession();

async function mostConnected(limit: number): Promise<string[]> {
  const { body } = await session.api.graphql('query($p: JSON) { namedQuery(name: "most-connected", params: $p) { rows } }', { p: { limit } });
  return body.data.namedQuery.rows.map((r: unknown[]) => r[0]);
}

async function neighboursOf(id: string): Promise<string[]> {
  const { body } = await session.api.graphql('query($id: ID!) { entity(id: $id) { neighbors(first: 100) { edges { node { id } } } } }', { id });
  return body.data.entity.neighbors.edges.map((e: { node: { id: string } }) => e.node.id);
}

async function openHome(page: Page): Promise<void> {
  await page.goto(`${session.api.server.url}/`);
  await page.locator('#start-entities .start-item').first().waitFor();
  await page.locator('#start-sources .start-item').first().waitFor();
}

/** Every element of Chromium's accessibility tree with an interactive role and no name. */
async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: Array<{ ignored: boolean; role?: { value: string }; name?: { value: string }; backendDOMNodeId?: number }> };
  const interactive = new Set(['button', 'textbox', 'searchbox', 'spinbutton', 'checkbox', 'combobox', 'link', 'listbox', 'option', 'radio', 'slider', 'switch', 'tab', 'menuitem', 'application']);
  const found: string[] = [];
  for (const node of nodes) {
    if (node.ignored || !interactive.has(node.role?.value ?? '') || (node.name?.value ?? '').trim()) continue;
    const { node: dom } = (await cdp.send('DOM.describeNode', { backendNodeId: node.backendDOMNodeId! })) as { node: { localName: string; attributes?: string[] } };
    found.push(`${node.role!.value} <${dom.localName} ${(dom.attributes ?? []).join(' ')}>`);
  }
  await cdp.detach();
  return found;
}

/** Presses Tab until focus comes back around; returns what got focus, with whether its focus ring shows. */
async function tabWalk(page: Page, most = 250): Promise<Array<{ key: string; ring: boolean }>> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const seen: Array<{ key: string; ring: boolean }> = [];
  for (let i = 0; i < most; i++) {
    await page.keyboard.press('Tab');
    const now = await page.evaluate(() => {
      let el = document.activeElement as HTMLElement | null;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement as HTMLElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
      return { key: el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}.${el.className}|${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30)}`, ring };
    });
    if (!now) continue;
    if (seen.length && now.key === seen[0]!.key) break;
    seen.push(now);
  }
  return seen;
}

describe('the starting view', () => {
  test('instead of an empty canvas: the most connected entities and the latest sources, each one click from the graph', async () => {
    const { page } = session;
    await openHome(page);
    const top = await mostConnected(10);
    expect(await page.locator('#start-entities .start-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-entity-id')))).toEqual(top);
    expect((await page.locator('#start-sources .start-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-source-id')))).sort()).toEqual(SEED_DOCUMENTS.map((d) => d.id).sort());
    await expectText(page.locator('#empty-hint'), 'Search for an entity to start');
    await shot(page, '40-start-view');

    // an entity: its neighbourhood
    await page.locator(`#start-entities [data-entity-id="${top[0]}"]`).click();
    await waitForNodes(page, [top[0]!, ...(await neighboursOf(top[0]!))]);
    await page.waitForURL(new RegExp(`#/entity/${top[0]}$`));
    expect(await page.locator('#start-view').isHidden()).toBe(true);

    // "draw together": the ten at once, with the ties between them
    await page.locator('#clear-view').click();
    await page.locator('#start-draw-all').click();
    let state = await waitForNodes(page, top);
    expect(state.nodes.filter((n) => !n.classes.includes('more')).map((n) => n.id).sort()).toEqual([...top].sort());
    expect(state.edges.length).toBeGreaterThan(0);

    // a source: the entities it mentions
    await page.locator('#clear-view').click();
    const source = SEED_DOCUMENTS[0]!;
    const { body } = await session.api.graphql('query($p: JSON) { namedQuery(name: "mentioned-by-source", params: $p) { rows } }', { p: { source: source.id } });
    const mentioned: string[] = body.data.namedQuery.rows.map((r: unknown[]) => r[0]);
    expect(mentioned.length).toBeGreaterThan(0);
    await page.locator(`#start-sources [data-source-id="${source.id}"]`).click();
    state = await waitForNodes(page, mentioned);
    expect(state.nodes.map((n) => n.id).sort()).toEqual([...mentioned].sort());
    await expectText(page.locator('#status'), source.title);
    await shot(page, '41-start-source-drawn');
  });
});

describe('keyboard and screen readers', () => {
  test('every control is reached by Tab with a visible focus ring, and every control has a name', async () => {
    const { page } = session;
    await openHome(page);
    const walk = await tabWalk(page);
    const reached = new Set(walk.map((w) => w.key));
    const expected = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('button, input, select, a[href], [tabindex="0"]'))
        .filter((el) => el.offsetParent !== null || el.id === 'graph')
        .map((el) => (el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}.${el.className}|${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30)}`)),
    );
    expect(expected.length).toBeGreaterThan(30);
    expect(expected.filter((key) => !reached.has(key))).toEqual([]);
    expect(walk.filter((w) => !w.ring).map((w) => w.key)).toEqual([]);
    expect(await unnamedControls(page)).toEqual([]);

    // with an entity selected, the workbench open with its named queries, history and a token prompt
    await page.goto(`${session.api.server.url}/#/entity/russia`);
    await waitForNodes(page, ['russia']);
    await page.locator('#open-workbench').click();
    await page.locator('#workbench .cm-editor').waitFor();
    await page.locator('#show-named-queries').click();
    await page.locator('#named-query-form').waitFor();
    await page.locator('#show-history').click();
    expect(await unnamedControls(page)).toEqual([]);
    const wbWalk = await tabWalk(page);
    const inWorkbench = new Set(wbWalk.map((w) => w.key));
    for (const key of ['#cypher-run', '#show-named-queries', '#named-query-picker', '#named-query-run', '#show-history', '#graph']) expect([key, inWorkbench.has(key)]).toEqual([key, true]);
  });

  test('the canvas selection moves with the arrow keys to neighbours, Enter expands, Escape clears, each said aloud', async () => {
    const { page } = session;
    await page.goto(`${session.api.server.url}/#/entity/russia`);
    const russiaNeighbours = await neighboursOf('russia');
    await waitForNodes(page, ['russia', ...russiaNeighbours]);
    await page.locator('#graph').focus();
    await page.keyboard.press('Escape');
    await expectText(page.locator('#graph-announcer'), 'Selection cleared');
    expect((await probe(page)).nodes.filter((n) => n.selected)).toEqual([]);

    // the first arrow starts at the centre
    await page.keyboard.press('ArrowRight');
    await expectText(page.locator('#graph-announcer'), 'Russia, Country');
    let state = await settled(page);
    expect(state.nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['russia']);

    // each arrow goes to a neighbour lying that way on screen
    const moves: Record<string, (from: { x: number; y: number }, to: { x: number; y: number }) => boolean> = {
      ArrowRight: (a, b) => b.x > a.x,
      ArrowDown: (a, b) => b.y > a.y,
      ArrowLeft: (a, b) => b.x < a.x,
      ArrowUp: (a, b) => b.y < a.y,
    };
    let current = 'russia';
    let moved = 0;
    for (const [key, lies] of Object.entries(moves)) {
      const before = state;
      await page.keyboard.press(key);
      await page.waitForFunction((was) => {
        const p = (globalThis as any).__explorer.probe();
        return !p.busy && (document.getElementById('graph-announcer')!.textContent!.startsWith('No neighbour') || p.nodes.some((n: { id: string; selected: boolean }) => n.selected && n.id !== was));
      }, current);
      state = await settled(page);
      const selected = state.nodes.find((n) => n.selected);
      const announced = (await page.locator('#graph-announcer').textContent()) ?? '';
      if (announced.startsWith('No neighbour')) {
        expect(selected?.id).toBe(current);
        continue;
      }
      const from = before.nodes.find((n) => n.id === current)!;
      const { body } = await session.api.graphql('query($id: ID!) { entity(id: $id) { neighbors(first: 100) { edges { node { id } } } name } }', { id: current });
      expect(body.data.entity.neighbors.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(selected!.id);
      expect(lies(from, before.nodes.find((n) => n.id === selected!.id)!)).toBe(true);
      const { body: named } = await session.api.graphql('query($id: ID!) { entity(id: $id) { name } }', { id: selected!.id });
      expect(announced).toContain(named.data.entity.name);
      await expectText(page.locator('#details h2'), named.data.entity.name);
      current = selected!.id;
      moved++;
    }
    expect(moved).toBeGreaterThan(0);

    // Enter expands the selected entity: first an arrow to one not yet expanded
    for (const key of Object.keys(moves)) {
      if (!state.nodes.find((n) => n.id === current)!.classes.includes('expanded')) break;
      await page.locator('#graph').focus();
      await page.keyboard.press('Escape');
      await page.keyboard.press('ArrowRight'); // back at the centre
      await page.keyboard.press(key);
      state = await settled(page);
      current = state.nodes.find((n) => n.selected)!.id;
    }
    expect(state.nodes.find((n) => n.id === current)!.classes).not.toContain('expanded');
    const toExpand = current;
    const wanted = await neighboursOf(toExpand);
    await page.keyboard.press('Enter');
    await expectText(page.locator('#graph-announcer'), 'expanded');
    state = await waitForNodes(page, wanted.slice(0, 50));
    expect(state.nodes.find((n) => n.id === toExpand)!.classes).toContain('expanded');
    await shot(page, '42-keyboard-selection');

    // Page Down walks through every neighbour of the entity the walk started from, then wraps around
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowRight');
    await expectText(page.locator('#graph-announcer'), 'Russia, Country');
    const visited: string[] = [];
    for (let i = 0; i <= russiaNeighbours.length; i++) {
      await page.keyboard.press('PageDown');
      await expectText(page.locator('#graph-announcer'), `Neighbour ${(i % russiaNeighbours.length) + 1} of ${russiaNeighbours.length} of Russia.`);
      visited.push((await settled(page)).nodes.find((n) => n.selected)!.id);
    }
    expect(visited.slice(0, -1).sort()).toEqual([...russiaNeighbours].sort());
    expect(visited.at(-1)).toBe(visited[0]);
    await page.keyboard.press('PageUp');
    await expectText(page.locator('#graph-announcer'), `Neighbour ${russiaNeighbours.length} of ${russiaNeighbours.length} of Russia.`);

    await page.keyboard.press('Escape');
    await expectText(page.locator('#graph-announcer'), 'Selection cleared');
    expect((await probe(page)).nodes.filter((n) => n.selected)).toEqual([]);
  });
});

describe('on a phone (390 × 844)', () => {
  test('the starting view and the named-query form fit the screen', async () => {
    const page = await session.open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await openHome(page);
    let widths = await scrollWidths(page);
    expect(Math.max(widths.document, widths.body)).toBeLessThanOrEqual(390);
    await shot(page, '43-phone-start');
    const top = await mostConnected(10);
    const first = page.locator(`#start-entities [data-entity-id="${top[0]}"]`);
    await first.tap();
    await waitForNodes(page, [top[0]!]);

    await page.locator('#menu-toggle').click();
    await page.locator('#open-workbench').click();
    await page.locator('#workbench .cm-editor').waitFor();
    await page.locator('#show-named-queries').click();
    await page.locator('#named-query-form').waitFor();
    await page.locator('#named-query-picker').selectOption('agreements');
    await page.locator('#named-query-run').click();
    await expectText(page.locator('#cypher-status'), 'agreements: ');
    widths = await scrollWidths(page);
    expect(Math.max(widths.document, widths.body)).toBeLessThanOrEqual(390);
    await page.locator('#named-queries').scrollIntoViewIfNeeded();
    await shot(page, '44-phone-named-query');
  });
});

