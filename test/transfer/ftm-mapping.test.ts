// The FtM mapping table checked against the FollowTheMoney model shipped in @opensanctions/followthemoney:
// every schema exists and is concrete, every property exists on its schema, entity-typed properties point at
// schemata the mapped kinds are, and every kind and relationship type of the ontology has an entry.
import { Model, defaultModel, type Schema } from '@opensanctions/followthemoney';
import { KINDS, RELATIONSHIP_TYPES, kindNames, kindProperties, relationshipProperties, relationshipTypeNames } from '../../src/ontology/ontology';
import {
  CORE_PROPERTIES,
  DEFAULT_TYPE_OF_SCHEMA,
  DOCUMENT_LINKS,
  FALLBACK_PROPERTY,
  FOREIGN_SCHEMATA,
  KIND_SCHEMATA,
  RELATIONSHIP_SCHEMATA,
  SOURCE_PROPERTIES,
  SOURCE_SCHEMA,
  SOURCE_SCHEMA_BASE,
  UNKNOWN_LINK,
  linkMappingFor,
} from '../../src/transfer/ftm-mapping';

const model = new Model(defaultModel);
const schema = (name: string): Schema => {
  const s = model.schemata[name];
  if (!s) throw new Error(`FtM has no schema "${name}"`);
  return s;
};
const property = (schemaName: string, name: string) => {
  const s = schema(schemaName);
  if (!s.hasProperty(name)) throw new Error(`FtM schema ${schemaName} has no property "${name}"`);
  return s.getProperty(name);
};

describe('the FtM mapping', () => {
  it('maps every kind to a concrete FtM thing schema, with properties that schema has', () => {
    expect(Object.keys(KIND_SCHEMATA).sort()).toEqual([...kindNames].sort());
    for (const [kind, m] of Object.entries(KIND_SCHEMATA)) {
      const s = schema(m.schema);
      expect({ kind, abstract: s.abstract, thing: s.isA('Thing'), edge: s.isEdge }).toEqual({ kind, abstract: false, thing: true, edge: false });
      for (const [ours, theirs] of Object.entries(m.properties)) {
        expect({ kind, ours, declared: ours in kindProperties(kind as keyof typeof KINDS) }).toEqual({ kind, ours, declared: true });
        property(m.schema, theirs);
      }
      for (const p of [CORE_PROPERTIES.name, CORE_PROPERTIES.aliases, CORE_PROPERTIES.description, CORE_PROPERTIES.proof, CORE_PROPERTIES.sourceUrl, CORE_PROPERTIES.publisher, FALLBACK_PROPERTY.thing, ...(m.nameAlso ?? [])]) {
        property(m.schema, p);
      }
      expect(property(m.schema, CORE_PROPERTIES.proof).getRange().name).toBe('Document');
      if (m.marker) {
        property(m.schema, m.marker.property);
        const type = property(m.schema, m.marker.property).type;
        // A vocabulary (topics) must know the marker value.
        if (type.values.size > 0) expect(type.values.has(m.marker.value)).toBe(true);
      }
    }
    property(KIND_SCHEMATA.Country.schema, CORE_PROPERTIES.countryCode);
    expect(property(KIND_SCHEMATA.Country.schema, CORE_PROPERTIES.countryCode).type.name).toBe('country');
  });

  it('tells apart kinds that share a schema by a marker', () => {
    const bySchema = new Map<string, string[]>();
    for (const [kind, m] of Object.entries(KIND_SCHEMATA)) bySchema.set(m.schema, [...(bySchema.get(m.schema) ?? []), kind]);
    for (const [s, kinds] of bySchema) {
      const unmarked = kinds.filter((k) => !KIND_SCHEMATA[k as keyof typeof KINDS].marker);
      expect({ schema: s, unmarked: unmarked.length <= 1 }).toEqual({ schema: s, unmarked: true });
      const markers = kinds.map((k) => JSON.stringify(KIND_SCHEMATA[k as keyof typeof KINDS].marker ?? null));
      expect(new Set(markers).size).toBe(markers.length);
    }
    for (const [foreign, kind] of Object.entries(FOREIGN_SCHEMATA)) {
      expect(schema(foreign).abstract).toBe(false);
      expect(kindNames).toContain(kind);
    }
  });

  it('writes every relationship type as a concrete interval whose end properties admit the kinds it joins', () => {
    expect(Object.keys(RELATIONSHIP_SCHEMATA).sort()).toEqual([...relationshipTypeNames].sort());
    for (const type of relationshipTypeNames) {
      const spec = RELATIONSHIP_TYPES[type];
      for (const toKind of spec.to) {
        const m = linkMappingFor(type, toKind);
        const s = schema(m.schema);
        expect({ type, schema: m.schema, abstract: s.abstract, interval: s.isA('Interval') }).toEqual({ type, schema: m.schema, abstract: false, interval: true });
        const fromProp = property(m.schema, m.from);
        const toProp = property(m.schema, m.to);
        expect([fromProp.type.name, toProp.type.name]).toEqual(['entity', 'entity']);
        for (const fromKind of spec.from) {
          const fits = schema(KIND_SCHEMATA[fromKind].schema).isA(fromProp.getRange());
          expect({ type, end: `${m.schema}.${m.from}`, fromKind, fits }).toEqual({ type, end: `${m.schema}.${m.from}`, fromKind, fits: true });
        }
        const fits = schema(KIND_SCHEMATA[toKind].schema).isA(toProp.getRange());
        expect({ type, end: `${m.schema}.${m.to}`, toKind, fits }).toEqual({ type, end: `${m.schema}.${m.to}`, toKind, fits: true });
        for (const [ours, theirs] of Object.entries(m.properties)) {
          expect({ type, ours, declared: ours in relationshipProperties(type) }).toEqual({ type, ours, declared: true });
          property(m.schema, theirs);
        }
        for (const name of Object.keys(m.constants ?? {})) property(m.schema, name);
        for (const p of [CORE_PROPERTIES.proof, CORE_PROPERTIES.quotes, CORE_PROPERTIES.relationshipId, CORE_PROPERTIES.sourceUrl, CORE_PROPERTIES.publisher, FALLBACK_PROPERTY.interval]) {
          property(m.schema, p);
        }
        expect(property(m.schema, CORE_PROPERTIES.proof).getRange().name).toBe('Document');
      }
    }
    expect(UNKNOWN_LINK.schema).toBe('UnknownLink');
    for (const [s, type] of Object.entries(DEFAULT_TYPE_OF_SCHEMA)) {
      expect(relationshipTypeNames).toContain(type);
      expect(RELATIONSHIP_SCHEMATA[type].some((m) => m.schema === s)).toBe(true);
    }
  });

  it('writes sources as a Document schema with the properties it uses', () => {
    expect(schema(SOURCE_SCHEMA).isA(SOURCE_SCHEMA_BASE)).toBe(true);
    for (const p of [...Object.values(SOURCE_PROPERTIES), 'name', 'fileName']) property(SOURCE_SCHEMA, p);
    expect(property(SOURCE_SCHEMA, SOURCE_PROPERTIES.text).type.name).toBe('text');
    for (const [s, link] of Object.entries(DOCUMENT_LINKS)) {
      expect(property(s, link.document).getRange().isA(SOURCE_SCHEMA_BASE)).toBe(true);
      expect(property(s, link.entity).type.name).toBe('entity');
    }
  });

  it('fails on a schema or property FtM does not have (the checks above can fail)', () => {
    expect(() => schema('Country')).toThrow('FtM has no schema "Country"');
    expect(() => property('Person', 'kind')).toThrow('FtM schema Person has no property "kind"');
    // Membership's organization must be an Organization: a Place (Address) is not one.
    expect(schema('Address').isA(property('Membership', 'organization').getRange())).toBe(false);
  });
});
