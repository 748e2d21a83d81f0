// Driver values leave the Neo4j engine as plain JSON. The inputs are the driver's own value classes, built the
// way the driver builds them when it decodes a server response.
import neo4j from 'neo4j-driver';
import { neo4jValue } from '../../src/graph/neo4j/values';

const { Node, Relationship, Path, PathSegment, Point, Date: Neo4jDate, DateTime, LocalDateTime, Time, LocalTime, Duration } = neo4j.types;
const int = neo4j.int;

/** Only JSON types, all the way down (no Integer, BigInt, Date or class instance). */
function expectPlainJson(value: unknown): void {
  expect(JSON.parse(JSON.stringify(value))).toEqual(value);
  const visit = (v: unknown): void => {
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return;
    if (Array.isArray(v)) return v.forEach(visit);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    Object.values(v as object).forEach(visit);
  };
  visit(value);
}

describe('Neo4j values at the engine edge', () => {
  it('turns driver integers into numbers, and integers past 2^53 into exact strings', () => {
    expect(neo4jValue(int(42))).toBe(42);
    expect(neo4jValue(int(-7))).toBe(-7);
    expect(neo4jValue(int(25_000_000_000))).toBe(25_000_000_000);
    expect(neo4jValue(int('9007199254740993'))).toBe('9007199254740993');
    expect(neo4jValue(int('-9223372036854775808'))).toBe('-9223372036854775808');
    expect(neo4jValue(12345678901234567890n)).toBe('12345678901234567890');
  });

  it('writes temporal values as ISO 8601 text', () => {
    expect(neo4jValue(new Neo4jDate(2025, 1, 15))).toBe('2025-01-15');
    expect(neo4jValue(new DateTime(2025, 1, 15, 10, 30, 0, 0, 3600))).toBe('2025-01-15T10:30:00+01:00');
    expect(neo4jValue(new DateTime(2025, 1, 15, 10, 30, 0, 0, undefined, 'Europe/Moscow'))).toBe('2025-01-15T10:30:00[Europe/Moscow]');
    expect(neo4jValue(new LocalDateTime(2025, 1, 15, 10, 30, 5, 250_000_000))).toBe('2025-01-15T10:30:05.250000000');
    expect(neo4jValue(new Time(9, 5, 0, 0, 0))).toBe('09:05:00Z');
    expect(neo4jValue(new LocalTime(23, 59, 59, 0))).toBe('23:59:59');
    expect(neo4jValue(new Duration(14, 3, 3600, 0))).toBe('P1Y2M3DT1H');
    expect(neo4jValue(new Neo4jDate(int(2025), int(3), int(1)))).toBe('2025-03-01');
  });

  it('writes spatial points as {srid, x, y[, z]}', () => {
    expect(neo4jValue(new Point(int(4326), 49.59, 37.28))).toEqual({ srid: 4326, x: 49.59, y: 37.28 });
    expect(neo4jValue(new Point(int(9157), 1, 2, 3))).toEqual({ srid: 9157, x: 1, y: 2, z: 3 });
  });

  it('converts inside lists and maps', () => {
    const value = neo4jValue({ count: int(3), when: [new Neo4jDate(2024, 12, 31)], where: { at: new Point(int(7203), 0.5, 1.5) } });
    expect(value).toEqual({ count: 3, when: ['2024-12-31'], where: { at: { srid: 7203, x: 0.5, y: 1.5 } } });
    expectPlainJson(value);
  });

  it('gives nodes, relationships and paths the portable shape, ends named by entity id', () => {
    const jalali = new Node(int(1), ['Entity', 'Person'], { id: 'jalali', kind: 'Person', name: 'Jalali', searchText: 'jalali', since: new Neo4jDate(2024, 1, 1) }, '4:x:1');
    const iran = new Node(int(2), ['Entity', 'Country'], { id: 'iran', kind: 'Country', name: 'Iran', population: int(90_000_000) }, '4:x:2');
    const envoy = new Relationship(int(10), int(1), int(2), 'ENVOY_OF', { evidence: ['Iran’s envoy'], sources: ['s'], weight: int(1) }, '5:x:10', '4:x:1', '4:x:2');
    expect(neo4jValue(jalali)).toEqual({ id: 'jalali', kind: 'Person', name: 'Jalali', properties: { since: '2024-01-01' } });
    const path = neo4jValue(new Path(jalali, iran, [new PathSegment(jalali, envoy, iran)]));
    expect(path).toEqual({
      nodes: [
        { id: 'jalali', kind: 'Person', name: 'Jalali', properties: { since: '2024-01-01' } },
        { id: 'iran', kind: 'Country', name: 'Iran', properties: { population: 90_000_000 } },
      ],
      relationships: [{ type: 'ENVOY_OF', from: 'jalali', to: 'iran', properties: { evidence: ['Iran’s envoy'], sources: ['s'], weight: 1 } }],
    });
    expectPlainJson(path);
  });
});
