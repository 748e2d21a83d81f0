/**
 * Decisions over real HTTP: a variant spelling ingested apart, merged by an analyst with the token (refused without
 * it, and across kinds the ontology cannot reconcile, graph unchanged), then `entity(id:)` of the merged id answering
 * the survivor and saying so; a pair kept apart leaving `duplicates`; every decision listed with who, when and why.
 */
import { startApi, type ApiUnderTest } from '../support/server';
import { dataOf } from './graphql-results';

const TOKEN = 'test-admin-token-decisions';
const admin = { authorization: `Bearer ${TOKEN}` };
const INGEST = 'mutation($document: JSON!) { ingestDocument(document: $document) { resolutions { name id outcome } } }';
const MERGE = `mutation($keep: ID!, $merge: ID!, $reason: String) { mergeEntities(keep: $keep, merge: $merge, reason: $reason, analyst: "ana") {
  relationshipsMoved relationshipsCollapsed mentionsMoved aliasesAdded
  survivor { id name aliases }
  decision { id action subjects analyst at reason merged { id name kind properties } survivor { id } } } }`;
const ENTITY = `query($id: ID!) { entity(id: $id) { id name redirectedFrom merges { id analyst reason merged { name } }
  relationships(types: [OFFICIAL_OF]) { edges { other { id } evidence { quote source { id } } } } } }`;

let api: ApiUnderTest;
beforeAll(async () => {
  api = await startApi({ KG_ADMIN_TOKEN: TOKEN });
});
afterAll(() => api.close());

function officeDocument(sourceId: string, person: string, office: string) {
  const text = `${person} works for ${office}.`;
  return {
    source: { id: sourceId, title: text, text },
    entities: [{ kind: 'Person', name: person }, { kind: 'Organization', name: office }],
    relationships: [{ type: 'OFFICIAL_OF', from: person, to: office, evidence: text }],
  };
}

describe('decisions over the API', () => {
  beforeAll(async () => {
    for (const doc of [officeDocument('likhachev-1', 'Alexey Likhachev', 'Rosatom'), officeDocument('likhachev-2', 'Alexei Likhachov', 'Rosatom')]) {
      const { body } = await api.graphql(INGEST, { document: doc }, admin);
      expect(body.errors).toBeUndefined();
    }
  });

  test('a merge needs the token, and one the ontology cannot reconcile is refused with the reason, nothing changed', async () => {
    const variables = { keep: 'alexey-likhachev', merge: 'alexei-likhachov' };
    const anonymous = await api.graphql(MERGE, variables);
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(anonymous.body.errors[0].message).toMatch(/merging entities needs the admin bearer token/);
    const crossKind = await api.graphql(MERGE, { keep: 'alexey-likhachev', merge: 'rosatom' }, admin);
    expect(crossKind.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(crossKind.body.errors[0].message).toMatch(/^cannot merge rosatom into alexey-likhachev: the ontology does not let `OFFICIAL_OF` join a Person to an Organization \(`rosatom OFFICIAL_OF|join a Person to a Person \(`alexey-likhachev OFFICIAL_OF rosatom`; rosatom is an Organization, alexey-likhachev a Person\)/);
    expect(crossKind.body.errors[0].extensions.problems).toContainEqual({ path: 'merge', message: expect.stringMatching(/^a source states `alexey-likhachev OFFICIAL_OF rosatom` between the two/) });
    const stillThere = dataOf(await api.graphql(ENTITY, { id: 'alexei-likhachov' })).entity;
    expect(stillThere).toMatchObject({ id: 'alexei-likhachov', redirectedFrom: null, merges: [] });
    expect(dataOf(await api.graphql('{ decisions { edges { node { id } } totalCount } }')).decisions).toEqual({ edges: [], totalCount: 0 });
  });

  test('merging moves the evidence to the survivor, and the merged id answers the survivor, saying so', async () => {
    const merged = dataOf(await api.graphql(MERGE, { keep: 'alexey-likhachev', merge: 'alexei-likhachov', reason: 'one Rosatom chief' }, admin)).mergeEntities;
    expect(merged).toMatchObject({
      relationshipsMoved: 1,
      relationshipsCollapsed: 1,
      mentionsMoved: 1,
      aliasesAdded: ['Alexei Likhachov'],
      survivor: { id: 'alexey-likhachev', name: 'Alexey Likhachev', aliases: ['Alexei Likhachov'] },
      decision: { action: 'MERGE', subjects: ['alexey-likhachev', 'alexei-likhachov'], analyst: 'ana', reason: 'one Rosatom chief', merged: { id: 'alexei-likhachov', name: 'Alexei Likhachov', kind: 'Person' }, survivor: { id: 'alexey-likhachev' } },
    });
    const entity = dataOf(await api.graphql(ENTITY, { id: 'alexei-likhachov' })).entity;
    expect(entity).toMatchObject({ id: 'alexey-likhachev', redirectedFrom: 'alexei-likhachov', merges: [{ analyst: 'ana', reason: 'one Rosatom chief', merged: { name: 'Alexei Likhachov' } }] });
    // One tie, with the quotes of both sources.
    expect(entity.relationships.edges).toHaveLength(1);
    expect(entity.relationships.edges[0].evidence.map((e: any) => e.source.id)).toEqual(['likhachev-1', 'likhachev-2']);
    expect(dataOf(await api.graphql(ENTITY, { id: 'alexey-likhachev' })).entity.redirectedFrom).toBeNull();
    // Merging it again: it is gone, and the message says which id.
    const again = await api.graphql(MERGE, { keep: 'alexey-likhachev', merge: 'alexei-likhachov' }, admin);
    expect(again.body.errors[0]).toMatchObject({ message: 'no entity with id alexei-likhachov to merge', extensions: { code: 'NOT_FOUND' } });
  });

  test('keeping apart takes a pair out of duplicates; decisions lists both, who and why', async () => {
    const DUP = '{ duplicates(kind: Person, first: 50) { edges { node { a { entity { id } } b { entity { id } } } } } }';
    const pairs = async () => dataOf(await api.graphql(DUP)).duplicates.edges.map((e: any) => `${e.node.a.entity.id}/${e.node.b.entity.id}`);
    const { body } = await api.graphql(INGEST, { document: officeDocument('djalali-1', 'Djalali', 'Rosatom') }, admin);
    expect(body.errors).toBeUndefined();
    expect(await pairs()).toContain('djalali/jalali');
    const KEEP = 'mutation { keepApart(a: "jalali", b: "djalali", reason: "one is the envoy, one works for Rosatom") { id action subjects analyst reason survivor { id } } }';
    expect((await api.graphql(KEEP)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(dataOf(await api.graphql(KEEP, {}, admin)).keepApart).toEqual({
      id: 'keep-apart|djalali|jalali', action: 'KEEP_APART', subjects: ['djalali', 'jalali'], analyst: 'admin', reason: 'one is the envoy, one works for Rosatom', survivor: null,
    });
    expect(await pairs()).not.toContain('djalali/jalali');
    const decisions = dataOf(await api.graphql('{ decisions { edges { node { action subjects analyst at } } } }')).decisions.edges.map((e: any) => e.node);
    expect(decisions.map((d: any) => d.action)).toEqual(['MERGE', 'KEEP_APART']);
    const PAGE = 'query($after: String) { decisions(first: 1, after: $after) { edges { node { action } } pageInfo { hasNextPage endCursor } totalCount } }';
    const first = dataOf(await api.graphql(PAGE, { after: null })).decisions;
    expect(first).toMatchObject({ edges: [{ node: { action: 'MERGE' } }], pageInfo: { hasNextPage: true }, totalCount: 2 });
    const second = dataOf(await api.graphql(PAGE, { after: first.pageInfo.endCursor })).decisions;
    expect(second).toMatchObject({ edges: [{ node: { action: 'KEEP_APART' } }], pageInfo: { hasNextPage: false }, totalCount: 2 });
    expect(dataOf(await api.graphql('{ decisions(entity: "jalali") { edges { node { id } } } }')).decisions.edges).toEqual([{ node: { id: 'keep-apart|djalali|jalali' } }]);
  });

  test('an ingest replays stored merges whose two entities are back, and reports one that can no longer be made', async () => {
    const at = '2026-11-01T10:00:00.000Z';
    await api.store.importDecisions([
      { id: 'merge|ali-larijani|a-larijani', action: 'merge', subjects: ['ali-larijani', 'a-larijani'], actor: 'ana', at, reason: 'initial', merged: { id: 'a-larijani', kind: 'Person', name: 'A. Larijani', aliases: [], description: null, properties: {} } },
      { id: 'merge|vladimir-putin|v-double', action: 'merge', subjects: ['vladimir-putin', 'v-double'], actor: 'ana', at, reason: null, merged: { id: 'v-double', kind: 'Person', name: 'V. Double', aliases: [], description: null, properties: {} } },
    ]);
    const text = 'A. Larijani met V. Double.';
    const document = {
      source: { id: 'replay-note', title: 'Replay', text },
      entities: [{ id: 'a-larijani', kind: 'Person', name: 'A. Larijani' }, { id: 'v-double', kind: 'Person', name: 'V. Double' }],
      relationships: [{ type: 'MET_WITH', from: 'v-double', to: 'vladimir-putin', evidence: 'V. Double' }],
    };
    const { body } = await api.graphql('mutation($d: JSON!) { ingestDocument(document: $d) { decisionsReplayed { decision keep merged reason } decisionsRefused { decision keep merged reason } } }', { d: document }, admin);
    expect(body.errors).toBeUndefined();
    expect(body.data.ingestDocument.decisionsReplayed).toEqual([{ decision: 'merge|ali-larijani|a-larijani', keep: 'ali-larijani', merged: 'a-larijani', reason: null }]);
    expect(body.data.ingestDocument.decisionsRefused).toEqual([
      { decision: 'merge|vladimir-putin|v-double', keep: 'vladimir-putin', merged: 'v-double', reason: expect.stringMatching(/^cannot merge v-double into vladimir-putin: a source states `v-double MET_WITH vladimir-putin` between the two/) },
    ]);
    expect(dataOf(await api.graphql(ENTITY, { id: 'a-larijani' })).entity).toMatchObject({ id: 'ali-larijani', redirectedFrom: 'a-larijani' });
    expect(dataOf(await api.graphql(ENTITY, { id: 'v-double' })).entity).toMatchObject({ id: 'v-double', redirectedFrom: null });
  });

  test('merges of a list of entities are read together, not once per entity', async () => {
    const before = api.store.roundTrips;
    const { body } = await api.graphql('{ entities(kind: Person, first: 20) { edges { node { id merges { analyst } } } } }');
    expect(body.errors).toBeUndefined();
    const merged = body.data.entities.edges.filter((e: any) => e.node.merges.length > 0).map((e: any) => e.node.id);
    // Not vladimir-putin: the stored merge of v-double into him could not be made, so nothing was merged into him.
    expect(merged.sort()).toEqual(['alexey-likhachev', 'ali-larijani']);
    // The page (entities and its count), one read of the decisions and one of the merged ids still present.
    expect(api.store.roundTrips - before).toBe(4);
  });

  test('hostile input is refused by argument before anything is read: a huge reason, an empty analyst, an empty id', async () => {
    const before = dataOf(await api.graphql('{ decisions(first: 50) { edges { node { id } } } }')).decisions;
    const huge = await api.graphql('mutation($r: String) { keepApart(a: "jalali", b: "iran", reason: $r) { id } }', { r: 'x'.repeat(2001) }, admin);
    expect(huge.body.errors[0]).toMatchObject({ message: 'the reason is 2001 characters; at most 2000 are kept', extensions: { code: 'BAD_USER_INPUT', argument: 'reason', max: 2000 } });
    const nobody = await api.graphql('mutation { keepApart(a: "jalali", b: "iran", analyst: "   ") { id } }', {}, admin);
    expect(nobody.body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'analyst' } });
    const empty = await api.graphql('mutation { mergeEntities(keep: "", merge: "iran") { decision { id } } }', {}, admin);
    expect(empty.body.errors[0]).toMatchObject({ message: '`keep` must name an entity by its id', extensions: { code: 'BAD_USER_INPUT', argument: 'keep' } });
    expect(dataOf(await api.graphql('{ decisions(first: 50) { edges { node { id } } } }')).decisions).toEqual(before);
  });
});
