/**
 * Claims and time over GraphQL, over real HTTP on a real engine: every value with its sources and quotes and the
 * current one marked, conflicts, an analyst's preferred mark (token required), `asOf` and `timeline`. Expectations
 * are read from the documents (seed/, examples/, examples/conflicting-amounts/).
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { loadFactsFile } from '../../src/knowledge/load';
import { EXAMPLES_DIR } from '../support/engines';
import { startApi, type ApiUnderTest } from '../support/server';

const TOKEN = 'claims-test-admin-token';
const PAIR = ['oil-investment-2023', 'oil-investment-2024'].map((n) => path.join(EXAMPLES_DIR, 'conflicting-amounts', `${n}.facts.yaml`));
const docs = PAIR.map((f) => YAML.parse(fs.readFileSync(f, 'utf8')));
const INVESTMENT = 'russian-investment-in-iranian-oil-fields';
const amountOf = (doc: any) => doc.entities.find((e: any) => e.id === INVESTMENT).properties.amount as number;
const quoteOf = (doc: any) => doc.entities.find((e: any) => e.id === INVESTMENT).claims.amount.quote as string;
const railway = YAML.parse(fs.readFileSync(path.join(EXAMPLES_DIR, 'rasht-astara-railway-agreement.facts.yaml'), 'utf8'));
const signedOn = railway.relationships.find((r: any) => r.date).date as string;
const dayBefore = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

let api: ApiUnderTest;
beforeAll(async () => {
  api = await startApi({ KG_ADMIN_TOKEN: TOKEN }, { examples: true });
  for (const file of PAIR) await loadFactsFile(api.store, file);
});
afterAll(async () => api?.close());

const CLAIMS = `query($id: ID!) { entity(id: $id) { properties claims(property: "amount") { id value current corroboration time { date precision stated } preferred { by at why } sources { quote source { id published } } } } }`;

describe('claims over GraphQL', () => {
  it('gives every stated amount with its sources and quotes, the later-published one current and in properties', async () => {
    const { body } = await api.graphql(CLAIMS, { id: INVESTMENT });
    expect(body.errors).toBeUndefined();
    const { properties, claims } = body.data.entity;
    const latest = [...docs].sort((a, b) => (a.source.published < b.source.published ? 1 : -1))[0];
    expect(properties.amount).toBe(amountOf(latest));
    expect(claims.filter((c: any) => c.current).map((c: any) => c.value)).toEqual([amountOf(latest)]);
    for (const doc of docs) {
      const claim = claims.find((c: any) => c.sources.some((s: any) => s.source.id === doc.source.id));
      expect(claim).toMatchObject({ value: amountOf(doc), corroboration: 1, sources: [{ quote: quoteOf(doc), source: { id: doc.source.id, published: doc.source.published } }] });
    }
  });

  it('lists the conflict with each value\'s sources', async () => {
    const { body } = await api.graphql(`{ conflicts(first: 50) { edges { node { subject property entity { id } relationship { id } claims { value sources { source { id } } } } } } }`);
    expect(body.errors).toBeUndefined();
    const conflict = body.data.conflicts.edges.map((e: any) => e.node).find((c: any) => c.subject === INVESTMENT && c.property === 'amount');
    expect(conflict).toMatchObject({ entity: { id: INVESTMENT }, relationship: null });
    expect(conflict.claims.map((c: any) => c.value)).toEqual(expect.arrayContaining(docs.map(amountOf)));
  });

  it('pages conflicts one at a time with cursors, by subject then property, to the same list as one page', async () => {
    const PAGE = 'query($after: String) { conflicts(first: 1, after: $after) { edges { cursor node { subject property } } pageInfo { hasNextPage endCursor } } }';
    const whole = (await api.graphql('{ conflicts(first: 50) { edges { node { subject property } } pageInfo { hasNextPage } } }')).body.data.conflicts;
    expect(whole.pageInfo.hasNextPage).toBe(false);
    const paged: unknown[] = [];
    let after: string | null = null;
    for (let guard = 0; guard <= whole.edges.length; guard++) {
      const page: any = (await api.graphql(PAGE, { after })).body.data.conflicts;
      paged.push(...page.edges.map((e: any) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(whole.edges.length).toBeGreaterThan(0);
    expect(paged).toEqual(whole.edges.map((e: any) => e.node));
  });

  it('refuses preferClaim without the token, changing nothing; with it records who, when and why and the value becomes current', async () => {
    const before = (await api.graphql(CLAIMS, { id: INVESTMENT })).body.data.entity;
    const older = before.claims.find((c: any) => c.value === amountOf(docs[0]) && c.sources.some((s: any) => s.source.id === docs[0].source.id));
    const PREFER = `mutation($claim: ID!, $why: String) { preferClaim(claim: $claim, by: "analyst-7", why: $why) { id current preferred { by at why } } }`;
    const refused = await api.graphql(PREFER, { claim: older.id, why: 'checked' });
    expect(refused.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(refused.body.errors[0].message).toMatch(/preferring a claim needs the admin bearer token/);
    expect((await api.graphql(CLAIMS, { id: INVESTMENT })).body.data.entity).toEqual(before);
    const missing = await api.graphql(PREFER, { claim: 'c-none', why: null }, { authorization: `Bearer ${TOKEN}` });
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const started = new Date().toISOString();
    const { body } = await api.graphql(PREFER, { claim: older.id, why: 'the later figure is unconfirmed' }, { authorization: `Bearer ${TOKEN}` });
    expect(body.errors).toBeUndefined();
    expect(body.data.preferClaim).toMatchObject({ id: older.id, current: true, preferred: { by: 'analyst-7', why: 'the later figure is unconfirmed' } });
    expect(body.data.preferClaim.preferred.at >= started).toBe(true);
    const after = (await api.graphql(CLAIMS, { id: INVESTMENT })).body.data.entity;
    expect(after.properties.amount).toBe(amountOf(docs[0]));
  });
});

describe('time over GraphQL', () => {
  const AGREEMENT = 'rasht-astara-railway-agreement';

  it('asOf on relationships, neighbors, paths and connections keeps only what held by then', async () => {
    const query = `query($id: ID!, $before: Date!, $on: Date!) {
      entity(id: $id) {
        before: relationships(types: [PARTY_TO], asOf: $before) { totalCount }
        on: relationships(types: [PARTY_TO], asOf: $on) { totalCount edges { other { id } corroboration time { date precision } } }
        nBefore: neighbors(types: [PARTY_TO], asOf: $before) { edges { node { id } } }
        nOn: neighbors(types: [PARTY_TO], asOf: $on) { edges { node { id } } }
      }
      pBefore: shortestPath(from: "russia", to: $id, asOf: $before) { length }
      pOn: shortestPath(from: "russia", to: $id, asOf: $on) { length relationships { id } }
      cOn: connections(id: $id, maxHops: 1, asOf: $on) { entity { id } }
      cBefore: connections(id: $id, maxHops: 1, asOf: $before) { entity { id } }
    }`;
    const { body } = await api.graphql(query, { id: AGREEMENT, before: dayBefore(signedOn), on: signedOn });
    expect(body.errors).toBeUndefined();
    const parties = railway.relationships.filter((r: any) => r.type === 'PARTY_TO' && r.to === AGREEMENT);
    expect(body.data.entity.before.totalCount).toBe(0);
    expect(body.data.entity.on.totalCount).toBe(parties.length);
    expect(body.data.entity.on.edges[0].time).toEqual({ date: signedOn, precision: 'day' });
    expect(body.data.entity.nBefore.edges).toEqual([]);
    expect(body.data.entity.nOn.edges.map((e: any) => e.node.id).sort()).toEqual(['iran', 'russia']);
    expect(body.data.pBefore).toBeNull();
    expect(body.data.pOn.length).toBe(1);
    expect(body.data.cBefore).toEqual([]);
    expect(body.data.cOn.map((c: any) => c.entity.id)).toEqual(expect.arrayContaining(['iran', 'russia']));
  });

  it('timeline lists dated ties in order with quote and source; a bad date is refused naming it', async () => {
    const { body } = await api.graphql(`query($id: ID!) { timeline(entity: $id) { at time { date } relationship { id type } claim { sources { quote source { id } } } } }`, { id: AGREEMENT });
    expect(body.errors).toBeUndefined();
    expect(body.data.timeline.length).toBeGreaterThan(0);
    expect(body.data.timeline.map((e: any) => e.at)).toEqual([...body.data.timeline.map((e: any) => e.at)].sort());
    expect(body.data.timeline[0]).toMatchObject({ at: signedOn, claim: { sources: [{ source: { id: railway.source.id } }] } });
    const bad = await api.graphql(`{ timeline(entity: "${AGREEMENT}", from: "2023-02-30") { at } }`);
    expect(bad.body.errors[0].message).toMatch(/2023-02-30/);
    expect(bad.body.data ?? null).toBeNull();
    const unknown = await api.graphql(`{ timeline(entity: "no-such-entity") { at } }`);
    expect(unknown.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('the interview\'s "this year" is kept as stated words with no date', async () => {
    const { body } = await api.graphql(`{ entity(id: "nuclear-energy-memorandum") { relationships(types: [PARTY_TO]) { edges { time { date precision stated } node { time { stated } claims(property: "@time") { value } } } } } }`);
    expect(body.errors).toBeUndefined();
    for (const edge of body.data.entity.relationships.edges) {
      expect(edge.time).toEqual({ date: null, precision: null, stated: 'This year' });
    }
  });
});
