/**
 * Every limit on every field: the fields that take `first`, `maxHops`, a row `limit` (or any depth-like
 * argument) are read from the schema by introspection, so a field added later is covered without editing this
 * file. Each is asked for one more than its setting allows (refused with the limit's own code, naming the
 * setting) and for exactly the setting (answered).
 */
import { buildClientSchema, getIntrospectionQuery, getNamedType, isInterfaceType, isNonNullType, isObjectType, isLeafType, type GraphQLField, type GraphQLNamedType, type GraphQLSchema } from 'graphql';
import { startApi, type ApiUnderTest } from '../support/server';
import { seedEntityIds } from '../support/seed';

const SETTINGS = { KG_MAX_PAGE_SIZE: 7, KG_MAX_HOPS: 3, KG_CYPHER_MAX_ROWS: 5 };

/** Which setting bounds an argument, and the code of its refusal. A limited-looking argument missing here fails the test. */
const LIMITED_ARGUMENTS: Record<string, { setting: keyof typeof SETTINGS; extensions: (max: number) => Record<string, unknown> }> = {
  first: { setting: 'KG_MAX_PAGE_SIZE', extensions: (max) => ({ code: 'PAGE_SIZE_LIMIT', argument: 'first', max }) },
  maxHops: { setting: 'KG_MAX_HOPS', extensions: (max) => ({ code: 'HOPS_LIMIT', argument: 'maxHops', max }) },
  // The Cypher row cap is a KgError: its extensions name the argument as `at` and carry no `max` (yet).
  limit: { setting: 'KG_CYPHER_MAX_ROWS', extensions: () => ({ code: 'LIMIT_EXCEEDED', path: 'limit' }) },
};
/** Argument names that look like a size or a depth and so must have a limit. */
const LOOKS_LIMITED = /^(first|last|limit|max\w*|\w*depth\w*|\w*hops\w*|k)$/i;

/** Values for the required arguments of the fields under test (ids from the seed documents). */
const REQUIRED_VALUES: Record<string, unknown> = {
  id: 'russia',
  from: 'vladimir-putin',
  to: 'rasht-astara-railway',
  text: 'Russia',
  query: 'MATCH (e:Entity) RETURN e.id AS id',
  name: 'most-connected',
};

let api: ApiUnderTest;
let schema: GraphQLSchema;

beforeAll(async () => {
  api = await startApi(Object.fromEntries(Object.entries(SETTINGS).map(([k, v]) => [k, String(v)])));
  const { body } = await api.graphql(getIntrospectionQuery());
  schema = buildClientSchema(body.data);
});
afterAll(() => api.close());

interface LimitedField {
  type: GraphQLNamedType;
  field: GraphQLField<unknown, unknown>;
  argument: string;
}

/** Every (type, field, argument) of the schema whose argument is a size or depth, queries and entity fields alike. */
function limitedFields(): LimitedField[] {
  const out: LimitedField[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    if (type === schema.getMutationType()) continue;
    for (const field of Object.values(type.getFields())) {
      for (const arg of field.args) if (LOOKS_LIMITED.test(arg.name)) out.push({ type, field, argument: arg.name });
    }
  }
  return out;
}

/** A GraphQL literal for a JS value. */
const literal = (v: unknown) => JSON.stringify(v);

/** The operation that reaches `field` of `type` with `argument: value`, selecting as little as possible. */
function operationFor({ type, field, argument }: LimitedField, value: number): string {
  const args = field.args
    .map((a) => {
      if (a.name === argument) return `${a.name}: ${value}`;
      if (!isNonNullType(a.type)) return null;
      if (!(a.name in REQUIRED_VALUES)) throw new Error(`no value for the required argument ${type.name}.${field.name}(${a.name}): add one to REQUIRED_VALUES`);
      return `${a.name}: ${literal(REQUIRED_VALUES[a.name])}`;
    })
    .filter(Boolean)
    .join(', ');
  const named = getNamedType(field.type);
  const call = `${field.name}(${args})${isLeafType(named) ? '' : ' { __typename }'}`;
  if (type === schema.getQueryType()) return `{ ${call} }`;
  const entity = schema.getType('Entity');
  if (type === entity) return `{ entity(id: ${literal(REQUIRED_VALUES.id)}) { ${call} } }`;
  if (isObjectType(type) && entity && type.getInterfaces().includes(entity as never)) {
    // An entity of this very kind, so the field's resolver runs (a fragment on another kind would not).
    const [id] = seedEntityIds(type.name);
    if (!id) throw new Error(`the seed documents hold no ${type.name} to ask ${type.name}.${field.name} of`);
    return `{ entity(id: ${literal(id)}) { ... on ${type.name} { ${call} } } }`;
  }
  throw new Error(`${type.name}.${field.name} takes ${argument} but this test does not know how to reach ${type.name}: teach operationFor`);
}

describe('every limited argument of every field', () => {
  it('finds the fields from the schema (the list is not empty, and includes search)', () => {
    const names = limitedFields().map((f) => `${f.type.name}.${f.field.name}(${f.argument})`);
    expect(names).toEqual(expect.arrayContaining(['Query.search(first)', 'Query.connections(maxHops)', 'Query.cypher(limit)', 'Entity.relationships(first)']));
  });

  it('knows the setting of every limited argument', () => {
    const unknown = limitedFields().filter((f) => !(f.argument in LIMITED_ARGUMENTS));
    expect(unknown.map((f) => `${f.type.name}.${f.field.name}(${f.argument})`)).toEqual([]);
  });

  it('refuses one past the setting with the limit\u2019s code, and answers at the setting', async () => {
    const failures: string[] = [];
    for (const limited of limitedFields()) {
      const { setting, extensions } = LIMITED_ARGUMENTS[limited.argument]!;
      const max = SETTINGS[setting];
      const where = `${limited.type.name}.${limited.field.name}(${limited.argument})`;

      const over = await api.graphql(operationFor(limited, max + 1));
      const error = over.body.errors?.[0];
      const expected = extensions(max);
      const matches = error && Object.entries(expected).every(([k, v]) => error.extensions?.[k] === v) && error.message.includes(`${max} (${setting})`);
      if (!matches || over.body.errors!.length !== 1) {
        failures.push(`${where} = ${max + 1}: expected ${JSON.stringify(expected)} and "${max} (${setting})" in the message, got ${JSON.stringify(over.body)}`);
      }
      const at = await api.graphql(operationFor(limited, max));
      if (at.body.errors) failures.push(`${where} = ${max}: expected an answer, got ${JSON.stringify(at.body.errors)}`);
    }
    expect(failures).toEqual([]);
  });
});
