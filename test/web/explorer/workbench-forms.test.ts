/**
 * The Cypher workbench's named-query forms, its session history and its token prompt, in headless Chromium
 * against the real API (started with an admin token). Expectations come from the API itself.
 */
import { explorerSession, expectText, openWorkbench, pasteQuery, requestsDuring, shot, waitForNodes } from './page-harness';

const TOKEN = 'workbench-test-admin-token-5b1d';
const session = explorerSession({ KG_ADMIN_TOKEN: TOKEN });

async function namedQueryFromApi(name: string) {
  const { body } = await session.api.graphql('{ namedQueries { name description text parameters { name type required default min max } } }');
  return (body.data.namedQueries as Array<{ name: string; description: string; text: string; parameters: Array<{ name: string }> }>).find((q) => q.name === name)!;
}

async function openNamedQueries(): Promise<void> {
  await session.page.locator('#show-named-queries').click();
  await session.page.locator('#named-query-picker').waitFor();
}

describe('named queries as forms', () => {
  test('a form per named query from its declared parameters; inputs checked by type before anything is sent; the answer shown', async () => {
    const { page } = session;
    await openWorkbench(session);
    await openNamedQueries();
    const { body } = await session.api.graphql('{ namedQueries { name } }');
    expect(await page.locator('#named-query-picker option').allTextContents()).toEqual(body.data.namedQueries.map((q: { name: string }) => q.name));

    await page.locator('#named-query-picker').selectOption('connected-to-project');
    const declared = await namedQueryFromApi('connected-to-project');
    await expectText(page.locator('.named-query-description'), declared.description);
    // one labelled field per declared parameter
    for (const p of declared.parameters) await page.getByLabel(new RegExp(`^${p.name} \\(`)).waitFor();
    expect(await page.locator('#named-query-form .named-query-field').count()).toBe(declared.parameters.length);

    // refused here, beside each field, with nothing sent to the server
    const project = page.locator('#nq-connected-to-project-project');
    const k = page.locator('#nq-connected-to-project-k');
    await k.fill('9');
    const refused = await requestsDuring(page, async () => {
      await page.locator('#named-query-run').click();
      await expectText(page.locator('[data-parameter=project]'), 'project is required');
    });
    await expectText(page.locator('[data-parameter=k]'), 'k must be at most 6');
    expect(await project.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('nq-connected-to-project-project');
    await k.fill('2.5');
    await page.locator('#named-query-run').click();
    await expectText(page.locator('[data-parameter=k]'), 'k must be a whole number');
    await k.fill('two');
    await page.locator('#named-query-run').click();
    await expectText(page.locator('[data-parameter=k]'), 'k must be a whole number');
    expect(refused.filter((r) => /namedQuery\(/.test(r.query))).toEqual([]);
    await shot(page, '30-named-query-refused');

    // valid values run through namedQuery(name, params) with typed values
    await project.fill('rasht-astara-railway');
    await k.fill('2');
    const sent = await requestsDuring(page, async () => {
      await page.locator('#named-query-run').click();
      await expectText(page.locator('#cypher-status'), 'connected-to-project: ');
    });
    const run = sent.find((r) => /namedQuery\(/.test(r.query))!;
    expect(run.variables).toEqual({ name: 'connected-to-project', params: { project: 'rasht-astara-railway', k: 2 } });
    const expected = await session.api.graphql('{ namedQuery(name: "connected-to-project", params: {project: "rasht-astara-railway", k: 2}) { rowCount columns } }');
    const { rowCount, columns } = expected.body.data.namedQuery;
    expect(rowCount).toBeGreaterThan(0);
    await expectText(page.locator('#cypher-status'), `${rowCount} row`);
    expect(await page.locator('#cypher-result thead th').allTextContents()).toEqual(columns);
    expect(await page.locator('#cypher-result tbody tr').count()).toBe(rowCount);
    expect(await project.getAttribute('aria-invalid')).toBeNull();
    await shot(page, '31-named-query-answer');

    // a result of ids is one click from the canvas
    const rows = (await session.api.graphql('{ namedQuery(name: "connected-to-project", params: {project: "rasht-astara-railway", k: 2}) { rows } }')).body.data.namedQuery.rows;
    await page.locator('#cypher-draw-ids').click();
    const state = await waitForNodes(page, rows.map((r: unknown[]) => r[0]));
    expect(state.nodes.length).toBe(rows.length);

    // its Cypher, as the server runs it, into the editor
    await page.locator('#named-query-open').click();
    await page.waitForFunction((text) => (document.querySelector('#workbench .cypher-editor-host')!.shadowRoot!.querySelector('.cm-content') as HTMLElement).innerText.includes(text), declared.text.split('\n').find((l) => l.startsWith('MATCH'))!);
  });
});

describe('the session\'s history', () => {
  test('every query run is listed newest first, runs again, loads back, survives a reload and not a new browser session', async () => {
    const { page } = session;
    await openWorkbench(session);
    const cypher = "MATCH (e:Entity {kind: 'Country'}) RETURN e.id AS id ORDER BY id";
    const countries = (await session.api.graphql('query($q: String!) { cypher(query: $q) { rowCount } }', { q: cypher })).body.data.cypher.rowCount;
    await pasteQuery(page, cypher);
    await page.keyboard.press('Control+Enter');
    await expectText(page.locator('#cypher-status'), `${countries} row`);
    await openNamedQueries();
    await page.locator('#named-query-picker').selectOption('most-connected');
    await page.locator('#nq-most-connected-limit').fill('3');
    await page.locator('#named-query-run').click();
    await expectText(page.locator('#cypher-status'), 'most-connected: 3 rows');

    await page.locator('#show-history').click();
    const entries = page.locator('#cypher-history li');
    await entries.nth(1).waitFor();
    expect(await entries.count()).toBe(2);
    await expectText(entries.nth(0).locator('.history-query'), 'most-connected(limit: 3)');
    await expectText(entries.nth(1).locator('.history-query'), cypher);
    await expectText(entries.nth(1).locator('.history-outcome'), `${countries} rows`);
    await shot(page, '32-history');

    // run again: the same query moves to the top instead of repeating
    await pasteQuery(page, 'RETURN 1 AS one');
    await entries.nth(1).getByRole('button', { name: /^Run again/ }).click();
    await expectText(entries.nth(0).locator('.history-query'), cypher);
    expect(await entries.count()).toBe(2);
    await expectText(page.locator('#cypher-status'), `${countries} row`);
    // load: into the editor, or a named query into its form
    await entries.nth(0).getByRole('button', { name: /^Load into the editor/ }).click();
    await page.waitForFunction((text) => (document.querySelector('#workbench .cypher-editor-host')!.shadowRoot!.querySelector('.cm-content') as HTMLElement).innerText === text, cypher);
    await entries.nth(1).getByRole('button', { name: /^Load into the form/ }).click();
    await page.waitForFunction(() => (document.querySelector('#nq-most-connected-limit') as HTMLInputElement | null)?.value === '3');

    // a reload keeps the session's history; a new browser session starts without it
    await page.reload();
    await page.locator('#open-workbench').click();
    await page.locator('#show-history').click();
    await session.page.locator('#cypher-history li').nth(1).waitFor();
    expect(await session.page.locator('#cypher-history li').count()).toBe(2);
    await session.open();
    await openWorkbench(session);
    await session.page.locator('#show-history').click();
    await expectText(session.page.locator('#cypher-history'), 'No queries yet');
  });
});

describe('a write asks for the token', () => {
  const created = "CREATE (:Entity {id: 'token-probe', kind: 'Person', name: 'Token probe'})";
  const exists = async () => (await session.api.graphql('{ entity(id: "token-probe") { id } }')).body.data.entity !== null;
  const storedToken = () => session.page.evaluate(() => sessionStorage.getItem('kg-explorer-admin-token'));

  test('refused without it; a wrong one is refused and forgotten; the right one runs the write, sent as Bearer, and is kept for the session only', async () => {
    const { page } = session;
    await openWorkbench(session);
    await pasteQuery(page, created);
    await page.keyboard.press('Control+Enter');
    await page.locator('#token-prompt').waitFor();
    await expectText(page.locator('#cypher-status'), 'admin token');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('cypher-token');
    expect(await exists()).toBe(false);
    await shot(page, '33-token-prompt');

    await page.locator('#cypher-token').fill('not-the-token');
    await page.locator('#token-run').click();
    await expectText(page.locator('#token-why'), 'did not accept');
    expect(await exists()).toBe(false);
    expect(await storedToken()).toBeNull();

    await page.locator('#cypher-token').fill(TOKEN);
    const sent = await requestsDuring(page, async () => {
      await page.locator('#token-run').click();
      await expectText(page.locator('#cypher-status'), '0 rows');
    });
    expect(await exists()).toBe(true);
    const write = sent.find((r) => r.variables.query === created)!;
    expect(write.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(write.headers['apollo-require-preflight']).toBe('true');
    expect(await storedToken()).toBe(TOKEN);
    expect(await page.locator('#token-prompt').isHidden()).toBe(true);

    // asked once per session: the next write runs without asking, also after a reload
    await page.reload();
    await page.locator('#open-workbench').click();
    await page.locator('#workbench .cm-editor').waitFor();
    await pasteQuery(page, "MATCH (e:Entity {id: 'token-probe'}) DETACH DELETE e");
    await page.keyboard.press('Control+Enter');
    await expectText(page.locator('#cypher-status'), '0 rows');
    expect(await exists()).toBe(false);
    expect(await page.locator('#token-prompt').isHidden()).toBe(true);
    // the history never holds the token
    expect(await page.evaluate(() => sessionStorage.getItem('kg-explorer-query-history'))).not.toContain(TOKEN);

    // forgotten on request; and a new browser session asks again
    await page.locator('#forget-token').click();
    expect(await storedToken()).toBeNull();
    await session.open();
    await openWorkbench(session);
    await pasteQuery(session.page, created);
    await session.page.keyboard.press('Control+Enter');
    await session.page.locator('#token-prompt').waitFor();
    expect(await exists()).toBe(false);
  });
});
