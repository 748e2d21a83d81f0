/**
 * The relational questions over real HTTP against the seed graph: who takes part in which project, which
 * agreements there are and what they are worth, who is affiliated with whom, how Putin is linked to the
 * Rasht–Astara railway; every answer backed by exactly the quotes the seed documents give, each occurring in
 * the text of the source it names.
 */
import { quoteOccursIn } from '../../src/text/normalise';
import { WITH_EXAMPLES as SEED_DOCUMENTS, seedEntityIds, seedEvidence } from '../support/seed';
import { startApi, type ApiUnderTest } from '../support/server';
import { dataOf, errorOf } from './graphql-results';

const INTERVIEW = 'iran-russia-envoy-interview';
const RAILWAY_PIECE = 'rasht-astara-railway-agreement';

let api: ApiUnderTest;
/** Source id → its text, as the API gives it. */
const texts = new Map<string, string>();

beforeAll(async () => {
  api = await startApi({}, { examples: true });
  for (const { id } of SEED_DOCUMENTS) texts.set(id, dataOf(await api.graphql('query($id: ID!) { source(id: $id) { text } }', { id })).source.text);
});
afterAll(() => api.close());

/** The evidence of `from|TYPE|to` is exactly the seed documents' quotes for it, each found in its source's text. */
function expectSeedEvidence(relationshipId: string, evidence: { quote: string; source: { id: string } }[]) {
  expect(evidence.length).toBeGreaterThan(0);
  expect(evidence.map((e) => ({ quote: e.quote, sourceId: e.source.id }))).toEqual(seedEvidence(relationshipId, SEED_DOCUMENTS));
  for (const e of evidence) expect(quoteOccursIn(e.quote, texts.get(e.source.id)!)).toBe(true);
}

/** Sources of a list of quotes, each once, in order. */
const sourcesOf = (evidence: { source: { id: string } }[]) => [...new Set(evidence.map((e) => e.source.id))];

const TIE = 'entity { id name kind } type role evidence { quote source { id } }';

/** The entities of a page of a kind's root list (a Relay connection). */
const nodes = (connection: { edges: { node: any }[] }) => connection.edges.map((e) => e.node);

describe('who is connected to which project', () => {
  it('lists every project with its participants, roles and evidence in one query', async () => {
    const projects = nodes(dataOf(await api.graphql(`{ projects(first: 20) { edges { node { id name participants { ${TIE} } } } } }`)).projects);
    const byId = new Map<string, any>(projects.map((p: any) => [p.id, p]));
    expect([...byId.keys()]).toEqual(
      expect.arrayContaining(['rasht-astara-railway', 'bushehr-additional-units', 'bushehr-nuclear-power-plant', 'north-south-transport-corridor', 'new-nuclear-projects']),
    );
    expect(projects.map((p: any) => p.id)).toEqual([...projects.map((p: any) => p.id)].sort());

    const railway = byId.get('rasht-astara-railway').participants;
    const russiaOnRailway = railway.find((p: any) => p.entity.id === 'russia');
    expect(russiaOnRailway).toMatchObject({ type: 'PARTICIPATES_IN', role: 'studies before construction', entity: { kind: 'Country' } });
    // Both sources state it: the interview's Russian studies and the agreement's joint financing.
    expect(sourcesOf(russiaOnRailway.evidence)).toEqual([INTERVIEW, RAILWAY_PIECE]);
    expectSeedEvidence('russia|PARTICIPATES_IN|rasht-astara-railway', russiaOnRailway.evidence);
    const iranOnRailway = railway.find((p: any) => p.entity.id === 'iran');
    expect(iranOnRailway).toMatchObject({ type: 'PARTICIPATES_IN', role: null });
    expectSeedEvidence('iran|PARTICIPATES_IN|rasht-astara-railway', iranOnRailway.evidence);

    const units = byId.get('bushehr-additional-units').participants;
    expect(units.map((p: any) => p.entity.id)).toContain('russia');
    const russiaOnUnits = units.find((p: any) => p.entity.id === 'russia').evidence;
    expect(sourcesOf(russiaOnUnits)).toEqual([INTERVIEW]);
    expectSeedEvidence('russia|PARTICIPATES_IN|bushehr-additional-units', russiaOnUnits);

    const newProjects = byId.get('new-nuclear-projects').participants;
    expect(newProjects).toEqual([expect.objectContaining({ type: 'IMPLEMENTS', entity: expect.objectContaining({ id: 'atomic-energy-organization' }) })]);
  });

  it('filters projects by participant: Russia takes part in the Rasht–Astara railway and the Bushehr units', async () => {
    const projects = nodes(dataOf(await api.graphql('{ projects(participant: "russia") { edges { node { id } } } }')).projects);
    const ids = projects.map((p: any) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['rasht-astara-railway', 'bushehr-additional-units', 'bushehr-nuclear-power-plant', 'north-south-transport-corridor']));
    expect(ids).not.toContain('new-nuclear-projects');
  });

  it('pages the project list by id with cursors: one at a time equals one page of all, each page knowing whether more follow', async () => {
    const PAGE = 'query($after: String, $first: Int) { projects(first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } totalCount } }';
    const whole = dataOf(await api.graphql(PAGE, { first: 100 })).projects;
    const seeded = seedEntityIds('Project', SEED_DOCUMENTS);
    expect(nodes(whole).map((p: any) => p.id)).toEqual(seeded);
    expect(whole.totalCount).toBe(seeded.length);
    expect(whole.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false, endCursor: whole.edges[whole.edges.length - 1].cursor });
    const paged: string[] = [];
    let after: string | null = null;
    for (let more = true; more; ) {
      const page: any = dataOf(await api.graphql(PAGE, { first: 1, after })).projects;
      expect(page.edges).toHaveLength(1);
      expect(page.totalCount).toBe(seeded.length);
      paged.push(page.edges[0].node.id);
      more = page.pageInfo.hasNextPage;
      after = page.pageInfo.endCursor;
      expect(more).toBe(paged.length < seeded.length);
    }
    expect(paged).toEqual(nodes(whole).map((p: any) => p.id));
  });

  it('pages the projects an entity takes part in one at a time, equal to one page of all, with no total', async () => {
    const PAGE = 'query($after: String, $first: Int) { projects(participant: "russia", first: $first, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } totalCount } }';
    const whole = dataOf(await api.graphql(PAGE, { first: 100 })).projects;
    expect(whole.edges.length).toBeGreaterThan(2);
    expect(whole.totalCount).toBeNull();
    expect(whole.pageInfo.hasNextPage).toBe(false);
    const paged: string[] = [];
    let after: string | null = null;
    for (let more = true; more; ) {
      const page: any = dataOf(await api.graphql(PAGE, { first: 1, after })).projects;
      paged.push(...nodes(page).map((p: any) => p.id));
      more = page.pageInfo.hasNextPage;
      after = page.pageInfo.endCursor;
    }
    expect(paged).toEqual(nodes(whole).map((p: any) => p.id));
  });

  it.each([
    ['projects(first: 2, after: $after)', 'not a cursor'],
    ['projects(participant: "russia", after: $after)', '%%%'],
    ['projects(after: $after)', ''],
  ])('refuses a cursor it did not write in %s, naming `after`', async (field, after) => {
    const error = errorOf(await api.graphql(`query($after: String) { ${field} { edges { node { id } } } }`, { after }));
    expect(error.message).toBe(`malformed cursor "${after}"`);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: 'after' });
  });

  it('keeps KG_MAX_PAGE_SIZE and the cost limit on the connection: a page costs `first` nodes and what each selects', async () => {
    const max = api.config.maxPageSize;
    const tooMany = errorOf(await api.graphql('query($n: Int) { projects(first: $n) { edges { node { id } } } }', { n: max + 1 }));
    expect(tooMany.extensions).toMatchObject({ code: 'PAGE_SIZE_LIMIT', argument: 'first', max });
    // Within the page size, nesting pages of pages multiplies: refused before the engine is asked.
    const nested = `{ projects(first: ${max}) { edges { node { participants(first: ${max}) { entity { relationships(first: ${max}) { edges { other { id } } } } } } } } }`;
    const before = api.store.roundTrips;
    expect(errorOf(await api.graphql(nested)).extensions.code).toBe('QUERY_COST_LIMIT');
    expect(api.store.roundTrips).toBe(before);
  });

  it('relates projects to their parts and the larger whole', async () => {
    const data = dataOf(
      await api.graphql(`{
        railway: entity(id: "rasht-astara-railway") { ... on Project { partOf { id } parts { id } sectors { id } } }
        corridor: entity(id: "north-south-transport-corridor") { ... on Project { parts { id } sectors { id } } }
      }`),
    );
    expect(data.railway.partOf).toEqual([{ id: 'north-south-transport-corridor' }]);
    expect(data.railway.parts).toEqual([]);
    expect(data.corridor.parts).toEqual([{ id: 'rasht-astara-railway' }]);
    expect(data.corridor.sectors).toEqual([{ id: 'transport' }]);
  });

  it('answers NOT_FOUND for a participant id that is not in the graph', async () => {
    const error = errorOf(await api.graphql('{ projects(participant: "atlantis") { edges { node { id } } } }'));
    expect(error.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'participant' });
  });
});

describe('agreements and what they are worth', () => {
  it('gives the memorandum its parties, value and sector', async () => {
    const data = dataOf(
      await api.graphql(`{ agreements { edges { node { id name agreementType status value { amount currency } parties { ${TIE} } implementers { entity { id } } sectors { id } } } } }`),
    );
    const agreements = nodes(data.agreements);
    const memorandum = agreements.find((a: any) => a.id === 'nuclear-energy-memorandum');
    expect(memorandum).toMatchObject({
      agreementType: 'memorandum',
      status: 'signed',
      value: { amount: 25000000000, currency: 'USD' },
      sectors: [{ id: 'nuclear-energy' }],
      implementers: [],
    });
    expect(memorandum.parties.map((p: any) => p.entity.id).sort()).toEqual(['iran', 'russia']);
    for (const party of memorandum.parties) {
      expect(party.type).toBe('PARTY_TO');
      expect(sourcesOf(party.evidence)).toEqual([INTERVIEW]);
      expectSeedEvidence(`${party.entity.id}|PARTY_TO|nuclear-energy-memorandum`, party.evidence);
    }
  });

  it('gives the railway agreement its parties and no value, as its source states none', async () => {
    const agreements = nodes(dataOf(await api.graphql(`{ agreements { edges { node { id agreementType status value { amount currency } parties { ${TIE} } sectors { id } } } } }`)).agreements);
    const railway = agreements.find((a: any) => a.id === 'rasht-astara-railway-agreement');
    expect(railway).toMatchObject({ agreementType: 'intergovernmental agreement', status: 'signed', value: null, sectors: [] });
    expect(railway.parties.map((p: any) => p.entity.id).sort()).toEqual(['iran', 'russia']);
    for (const party of railway.parties) {
      expect(sourcesOf(party.evidence)).toEqual([RAILWAY_PIECE]);
      expectSeedEvidence(`${party.entity.id}|PARTY_TO|rasht-astara-railway-agreement`, party.evidence);
    }
  });

  it('keeps the amount exact in the JSON text (25000000000, not 2.5e10)', async () => {
    const res = await fetch(`${api.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ agreements(party: "russia") { edges { node { value { amount currency } } } } }' }),
    });
    expect(await res.text()).toContain('"value":{"amount":25000000000,"currency":"USD"}');
  });

  it('filters agreements by party', async () => {
    const russia = nodes(dataOf(await api.graphql('{ agreements(party: "russia") { edges { node { id } } } }')).agreements);
    const china = nodes(dataOf(await api.graphql('{ agreements(party: "china") { edges { node { id } } } }')).agreements);
    expect(russia).toEqual([{ id: 'nuclear-energy-memorandum' }, { id: 'rasht-astara-railway-agreement' }]);
    expect(china).toEqual([]);
  });

  it('gives investments their amounts, investors and what they fund', async () => {
    const investments = nodes(
      dataOf(
        await api.graphql('{ investments(investor: "russia") { edges { node { id value { amount currency } expectedValue { amount currency } investors { entity { id } } funds { id } } } } }'),
      ).investments,
    );
    expect(investments).toEqual([
      {
        id: 'russian-investment-in-iranian-oil-fields',
        value: { amount: 1100000000, currency: 'USD' },
        expectedValue: { amount: 8000000000, currency: 'USD' },
        investors: [{ entity: { id: 'russia' } }],
        funds: [{ id: 'iranian-oil-fields' }],
      },
      {
        id: 'russian-loan-for-rasht-astara-railway',
        value: { amount: 1300000000, currency: 'EUR' },
        expectedValue: null,
        investors: [{ entity: { id: 'russia' } }],
        funds: [{ id: 'rasht-astara-railway' }],
      },
    ]);
  });
});

describe('affiliations and involvements of actors', () => {
  it("gives a person's affiliations with the role the article states", async () => {
    const data = dataOf(
      await api.graphql(`{
        jalali: entity(id: "jalali") { ... on Person { affiliations { ${TIE} } } }
        minister: entity(id: "russian-energy-minister") { ... on Person { affiliations { ${TIE} } involvedIn { entity { id } type } } }
      }`),
    );
    expect(data.jalali.affiliations).toEqual([expect.objectContaining({ type: 'ENVOY_OF', entity: expect.objectContaining({ id: 'iran' }) })]);
    expectSeedEvidence('jalali|ENVOY_OF|iran', data.jalali.affiliations[0].evidence);
    expect(data.minister.affiliations).toEqual([expect.objectContaining({ type: 'OFFICIAL_OF', role: 'energy minister', entity: expect.objectContaining({ id: 'russia' }) })]);
    expect(data.minister.involvedIn).toEqual([{ entity: { id: 'joint-economic-commission-meeting' }, type: 'PARTICIPATES_IN' }]);
  });

  it("lists a country's projects, agreements, events and investments", async () => {
    const data = dataOf(await api.graphql('{ entity(id: "russia") { ... on Country { involvedIn { entity { id } type role } affiliations { entity { id } type } } } }'));
    const involved = data.entity.involvedIn.map((i: any) => `${i.type} ${i.entity.id}`);
    expect(involved).toEqual(
      expect.arrayContaining([
        'PARTICIPATES_IN rasht-astara-railway',
        'PARTICIPATES_IN bushehr-additional-units',
        'PARTY_TO nuclear-energy-memorandum',
        'PARTICIPATES_IN joint-military-exercises',
        'INVESTOR_IN russian-investment-in-iranian-oil-fields',
      ]),
    );
    expect(data.entity.involvedIn.find((i: any) => i.entity.id === 'iran')).toMatchObject({ type: 'INVESTOR_IN', role: 'largest foreign investor' });
    expect(data.entity.affiliations).toEqual([{ entity: { id: 'joint-economic-commission' }, type: 'MEMBER_OF' }]);
  });

  it('lists the participants of an event', async () => {
    const events = nodes(dataOf(await api.graphql('{ events(participant: "china") { edges { node { id participants { entity { id } } heldIn { id } } } } }')).events);
    expect(events).toHaveLength(1);
    expect(events[0].id).toBe('joint-military-exercises');
    expect(events[0].participants.map((p: any) => p.entity.id).sort()).toEqual(['china', 'iran', 'regional-states', 'russia']);
  });
});

describe('how Putin is linked to the Rasht–Astara railway', () => {
  const PATH = `length entities { id } relationships { type from { id } to { id } evidence { quote source { id } } }`;

  it('finds a path whose every step joins its neighbours and carries the evidence its sources give', async () => {
    const { shortestPath: path } = dataOf(await api.graphql(`{ shortestPath(from: "vladimir-putin", to: "rasht-astara-railway") { ${PATH} } }`));
    expect(path).not.toBeNull();
    // The railway piece names Putin Russia's president; both sources put Russia in the railway.
    expect(path.entities.map((e: any) => e.id)).toEqual(['vladimir-putin', 'russia', 'rasht-astara-railway']);
    expect(path.length).toBe(path.relationships.length);
    expect(path.entities).toHaveLength(path.length + 1);
    path.relationships.forEach((rel: any, i: number) => {
      const ends = [rel.from.id, rel.to.id].sort();
      expect(ends).toEqual([path.entities[i].id, path.entities[i + 1].id].sort());
      expectSeedEvidence(`${rel.from.id}|${rel.type}|${rel.to.id}`, rel.evidence);
    });
    expect(path.relationships.map((r: any) => sourcesOf(r.evidence))).toEqual([[RAILWAY_PIECE], [INTERVIEW, RAILWAY_PIECE]]);
  });

  it('gives every equally short route with allShortestPaths', async () => {
    const { railway, iran, shortestPath } = dataOf(
      await api.graphql(`{
        railway: allShortestPaths(from: "vladimir-putin", to: "rasht-astara-railway", first: 10) { ${PATH} }
        iran: allShortestPaths(from: "vladimir-putin", to: "iran", first: 10) { ${PATH} }
        shortestPath(from: "vladimir-putin", to: "iran") { length }
      }`),
    );
    // To the railway there is one route only (through Russia); to Iran there are three.
    expect(railway.map((p: any) => p.entities.map((e: any) => e.id))).toEqual([['vladimir-putin', 'russia', 'rasht-astara-railway']]);
    // Two routes pass the same entities through different ties (Iran–Russia: COOPERATES_WITH, INVESTOR_IN).
    const routes = iran.map((p: any) => p.relationships.map((r: any) => `${r.from.id}-${r.type}-${r.to.id}`).join(' '));
    expect([...routes].sort()).toEqual([
      'vladimir-putin-MET_WITH-ali-larijani ali-larijani-OFFICIAL_OF-iran',
      'vladimir-putin-OFFICIAL_OF-russia iran-COOPERATES_WITH-russia',
      'vladimir-putin-OFFICIAL_OF-russia russia-INVESTOR_IN-iran',
    ]);
    for (const p of iran) expect(p.length).toBe(shortestPath.length);
    for (const p of [...railway, ...iran]) {
      for (const rel of p.relationships) expectSeedEvidence(`${rel.from.id}|${rel.type}|${rel.to.id}`, rel.evidence);
    }
  });

  it('answers null when no path fits within maxHops, and NOT_FOUND for an unknown end', async () => {
    const short = dataOf(await api.graphql('{ shortestPath(from: "vladimir-putin", to: "rasht-astara-railway", maxHops: 1) { length } }'));
    expect(short.shortestPath).toBeNull();
    const enough = dataOf(await api.graphql('{ shortestPath(from: "vladimir-putin", to: "rasht-astara-railway", maxHops: 2) { length } }'));
    expect(enough.shortestPath).toEqual({ length: 2 });
    const error = errorOf(await api.graphql('{ shortestPath(from: "vladimir-putin", to: "atlantis") { length } }'));
    expect(error.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'to' });
  });
});
