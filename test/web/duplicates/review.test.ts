/**
 * The duplicate review in a real headless Chromium against the real API: a search suggestion shows the spelling
 * it matched; "Possible duplicates" shows pairs side by side with their relationships and quotes; Merge asks for the
 * token once per browser session (a wrong one is refused and asked again), merges, and the pair leaves the list;
 * Keep apart then needs no second asking. The graph changes only on a decision. Screenshots in test-artifacts/explorer/.
 */
import { expectText, explorerSession, shot } from '../explorer/page-harness';

const TOKEN = 'duplicates-review-token';
const session = explorerSession({ KG_ADMIN_TOKEN: TOKEN });

/** A one-sentence article: a person working for an organisation. */
function officeDocument(sourceId: string, person: string, office: string) {
  const text = `${person} works for ${office}.`;
  return {
    source: { id: sourceId, title: `${person} at ${office}`, text },
    entities: [{ kind: 'Person', name: person }, { kind: 'Organization', name: office }],
    relationships: [{ type: 'OFFICIAL_OF', from: person, to: office, evidence: text }],
  };
}

beforeAll(async () => {
  for (const doc of [officeDocument('likhachev-1', 'Alexey Likhachev', 'Rosatom'), officeDocument('likhachev-2', 'Alexei Likhachov', 'Rosatom'), officeDocument('djalali-1', 'Djalali', 'Rosatom')]) {
    const { body } = await session.api.graphql('mutation($d: JSON!) { ingestDocument(document: $d) { sourceId } }', { d: doc }, { authorization: `Bearer ${TOKEN}` });
    expect(body.errors).toBeUndefined();
  }
});

test('a search suggestion says which spelling it matched', async () => {
  const { page, api } = session;
  await page.goto(`${api.server.url}/`);
  await page.locator('#search-input').fill('Laridjani');
  const option = page.locator('[role="option"][data-entity-id="ali-larijani"]');
  await option.waitFor();
  expect(await option.getAttribute('data-why')).toBe('variant');
  await expectText(option.locator('.suggestion-hint'), 'matched “Ali Larijani” (spelling variant of “Laridjani”)');
  await shot(page, 'search-variant-hint');
});

test('possible duplicates side by side; merge asks for the token once, keep apart then does not', async () => {
  const { page, api } = session;
  // From the reader's pages: Sources, then "Possible duplicates" beside "Add an article".
  await page.goto(`${api.server.url}/`);
  await page.locator('#open-sources').click();
  await page.locator('#open-duplicates').click();
  const pair = page.locator('.duplicate-pair[data-pair="alexei-likhachov|alexey-likhachev"]');
  await pair.waitFor();
  // Each side with its name, sources, relationships and the quotes that state them.
  const left = pair.locator('.duplicate-side[data-entity-id="alexei-likhachov"]');
  const right = pair.locator('.duplicate-side[data-entity-id="alexey-likhachev"]');
  await expectText(left.locator('h3'), 'Alexei Likhachov');
  await expectText(left.locator('.duplicate-sources'), 'in Alexei Likhachov at Rosatom');
  await expectText(left.locator('.duplicate-relationships li'), '→ OFFICIAL_OF Rosatom');
  await expectText(left.locator('blockquote'), '“Alexei Likhachov works for Rosatom.”');
  await expectText(right.locator('blockquote'), '“Alexey Likhachev works for Rosatom.”');
  await expect(page.locator('.duplicate-pair[data-pair="djalali|jalali"]').count()).resolves.toBe(1);
  await shot(page, 'duplicates-review');
  const before = await api.store.stats();

  // Merge: the token is asked for; a wrong one is refused (graph unchanged) and asked for again.
  await pair.locator('.duplicate-reason').fill('one Rosatom chief');
  await pair.locator('button.merge-into-b').click();
  const form = page.locator('#duplicates-token-form');
  await form.waitFor({ state: 'visible' });
  await page.locator('#duplicates-token').fill('not-the-token');
  await page.locator('#duplicates-use-token').click();
  await expectText(page.locator('.duplicates-notice'), 'The server refused the token');
  expect(await api.store.stats()).toEqual(before);
  await page.locator('#duplicates-token').fill(TOKEN);
  await page.locator('#duplicates-use-token').click();
  await expectText(page.locator('.duplicates-notice'), 'Merged “Alexei Likhachov” into “Alexey Likhachev”: 1 relationship moved (1 joined one it had, quotes kept), mentions in 1 source moved; alexei-likhachov now opens alexey-likhachev.');
  await pair.waitFor({ state: 'detached' });
  expect(await form.isVisible()).toBe(false);
  const [merged, survivor] = await api.store.getEntities(['alexei-likhachov', 'alexey-likhachev']);
  expect(merged).toBeNull();
  expect(survivor!.aliases).toEqual(['Alexei Likhachov']);
  expect(await api.store.decisions()).toEqual([expect.objectContaining({ action: 'merge', subjects: ['alexey-likhachev', 'alexei-likhachov'], actor: 'explorer', reason: 'one Rosatom chief' })]);
  await shot(page, 'duplicates-merged');

  // Keep apart: same browser session, no second asking.
  const djalali = page.locator('.duplicate-pair[data-pair="djalali|jalali"]');
  await djalali.locator('button.keep-apart').click();
  await expectText(page.locator('.duplicates-notice'), 'Kept “Djalali” and “Jalali” apart; the pair leaves this list.');
  await djalali.waitFor({ state: 'detached' });
  expect(await form.isVisible()).toBe(false);
  expect((await api.store.decisions()).map((d) => d.id)).toEqual(['merge|alexey-likhachev|alexei-likhachov', 'keep-apart|djalali|jalali']);


  // The merged id still opens: the survivor, saying what was merged into it, by whom and why.
  await page.goto(`${api.server.url}/#/entity/alexei-likhachov`);
  await expectText(page.locator('#details #redirected-from'), '“alexei-likhachov” was merged into this entity.');
  await expectText(page.locator('#details .entity-name'), 'Alexey Likhachev');
  await expectText(page.locator('#details #merged-into-this li'), 'Alexei Likhachov (alexei-likhachov) — by explorer');
  await expectText(page.locator('#details #merged-into-this li'), ': one Rosatom chief');
  await shot(page, 'duplicates-redirect');
});
