/**
 * The explorer's claims and time line, in headless Chromium against the real API: the details panel shows every
 * value the sources state with their quotes, marks the current one and the property they disagree on, and an
 * entity's time line puts its dated ties on an axis, each opening the tie's evidence. Expectations come from the API.
 */
import path from 'node:path';
import { loadFactsFile } from '../../../src/knowledge/load';
import { EXAMPLES_DIR } from '../../support/engines';
import { explorerSession, settled, shot, waitForNodes } from './page-harness';

const session = explorerSession();
const INVESTMENT = 'russian-investment-in-iranian-oil-fields';
const AGREEMENT = 'rasht-astara-railway-agreement';

beforeAll(async () => {
  for (const name of ['conflicting-amounts/oil-investment-2023', 'conflicting-amounts/oil-investment-2024', 'rasht-astara-railway-agreement']) {
    await loadFactsFile(session.api.store, path.join(EXAMPLES_DIR, `${name}.facts.yaml`));
  }
});

describe('claims and time in the explorer', () => {
  test('the details panel lists every stated value with its quotes, marks the current one and the disagreement', async () => {
    const { body } = await session.api.graphql(`query($id: ID!) { claims(subject: $id, property: "amount") { id current sources { quote } } }`, { id: INVESTMENT });
    const amounts: { id: string; current: boolean; sources: { quote: string | null }[] }[] = body.data.claims;
    expect(amounts.length).toBeGreaterThan(1);
    const page = session.page;
    await page.goto(`${session.api.server.url}/#/entity/${INVESTMENT}`);
    await waitForNodes(page, [INVESTMENT]);
    const property = page.locator('#details .claims .claim-property[data-property="amount"]');
    await property.waitFor();
    await expect(property.getAttribute('class')).resolves.toContain('conflict');
    await expect(page.locator('#details .conflict-note').textContent()).resolves.toMatch(/Sources disagree on 1 property/);
    await expect(property.locator('.claim').evaluateAll((items) => items.map((i) => i.getAttribute('data-claim-id')).sort())).resolves.toEqual(amounts.map((c) => c.id).sort());
    await expect(property.locator('.claim.current').getAttribute('data-claim-id')).resolves.toBe(amounts.find((c) => c.current)!.id);
    for (const quote of amounts.flatMap((c) => c.sources.map((s) => s.quote)).filter((q): q is string => q !== null)) {
      await expect(property.locator('blockquote', { hasText: quote }).count()).resolves.toBe(1);
    }
    // A property every source agrees on is not marked.
    await expect(page.locator('#details .claim-property[data-property="currency"]').getAttribute('class')).resolves.not.toContain('conflict');
    await shot(page, 'claims-conflict');
  });

  test('the time line puts each dated tie on the axis in order, and a mark opens that tie\'s evidence', async () => {
    const { body } = await session.api.graphql(`query($id: ID!) { timeline(entity: $id) { at relationship { id type } } }`, { id: AGREEMENT });
    const entries: { at: string; relationship: { id: string; type: string } }[] = body.data.timeline;
    expect(entries.length).toBeGreaterThan(0);
    const page = session.page;
    await page.goto(`${session.api.server.url}/#/entity/${AGREEMENT}`);
    await waitForNodes(page, [AGREEMENT]);
    const marks = page.locator('#details .timeline .timeline-mark');
    await marks.first().waitFor();
    await expect(marks.evaluateAll((list) => list.map((m) => m.getAttribute('data-at')))).resolves.toEqual(entries.map((e) => e.at));
    // Every mark is its own to click, ties of the same day included (none lies under another).
    await expect(
      marks.evaluateAll((list) =>
        list.map((m) => {
          const box = m.getBoundingClientRect();
          return document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2) === m;
        }),
      ),
    ).resolves.toEqual(entries.map(() => true));
    await shot(page, 'timeline');
    await marks.first().click();
    await expect(page.locator('#details h2.relationship-type').textContent()).resolves.toBe(entries[0]!.relationship.type);
    await page.locator('#details .evidence blockquote').first().waitFor();
    await page.locator(`#details .claims[data-subject="${entries[0]!.relationship.id}"] .claim-property[data-property="@time"]`).waitFor();
  });

  test('the date slider filters the canvas to what held by then, and "All dates" brings everything back', async () => {
    const page = session.page;
    const day = '2023-05-17';
    const held = async (d: string) => {
      const { body } = await session.api.graphql(`query($id: ID!, $d: Date!) { entity(id: $id) { relationships(asOf: $d) { edges { node { id } } } } }`, { id: AGREEMENT, d });
      return body.data.entity.relationships.edges.map((e: { node: { id: string } }) => e.node.id).sort();
    };
    expect(await held('2023-05-16')).toEqual([]);
    const onDay = await held(day);
    expect(onDay.length).toBeGreaterThan(0);
    await page.goto(`${session.api.server.url}/#/entity/${AGREEMENT}`);
    const before = await waitForNodes(page, [AGREEMENT]);
    const drawnEdges = before.edges.filter((e) => e.visible).length;
    const choose = (d: string) =>
      page.locator('#as-of-range').evaluate((input: HTMLInputElement, wanted: string) => {
        input.value = String(Math.round((Date.parse(`${wanted}T00:00:00Z`) - Date.parse(`${input.dataset.start}T00:00:00Z`)) / 86_400_000));
        input.dispatchEvent(new Event('input'));
        input.dispatchEvent(new Event('change'));
      }, d);
    await choose(day);
    await expect(page.locator('#as-of-output').textContent()).resolves.toBe(day);
    await page.locator('#status', { hasText: `As of ${day}: ` }).waitFor();
    let now = await settled(page);
    expect(now.edges.some((e) => !e.visible)).toBe(true);
    // Only the ties that held by then are drawn, with the entities they join.
    expect(now.edges.filter((e) => e.visible && !e.classes.includes('bundle')).map((e) => e.id).sort()).toEqual(onDay.filter((id: string) => now.edges.some((e) => e.id === id)));
    expect(now.nodes.find((n) => n.id === AGREEMENT)!.visible).toBe(true);
    await shot(page, 'as-of-slider');
    await choose('2023-05-16');
    await page.locator('#status', { hasText: 'As of 2023-05-16: ' }).waitFor();
    now = await settled(page);
    expect(now.edges.filter((e) => e.visible)).toEqual([]);
    expect(now.nodes.filter((n) => n.visible)).toEqual([]);
    await page.locator('#as-of-clear').click();
    now = await settled(page);
    expect(now.edges.filter((e) => e.visible).length).toBe(drawnEdges);
  });
});
