/**
 * The explorer's pure parts: deep-link routes and how property values are written.
 */
import { formatAmount, formatValue, humanise, propertyRows, readableType } from '../../../src/web/explorer/format';
import { kindStyle, shapePoints, useKindStyles } from '../../../src/web/explorer/kind-style';
import { legendKinds } from '../../../src/ontology/legend';
import { formatRoute, parseRoute, sameRoute } from '../../../src/web/explorer/route';
import { kindNames } from '../../../src/ontology/ontology';

describe('deep-link routes', () => {
  test('read entity and path links', () => {
    expect(parseRoute('#/entity/russia')).toEqual({ view: 'entity', id: 'russia' });
    expect(parseRoute('#/path/vladimir-putin/rasht-astara-railway')).toEqual({ view: 'path', from: 'vladimir-putin', to: 'rasht-astara-railway' });
  });

  test('anything else, including malformed escapes and extra segments, is home', () => {
    for (const hash of ['', '#', '#/', '#/entity', '#/entity/a/b', '#/path/a', '#/path/a/b/c', '#/nonsense/x', '#/entity/%E0%A4%A']) {
      expect(parseRoute(hash)).toEqual({ view: 'home' });
    }
  });

  test('round-trip ids that need escaping', () => {
    const route = { view: 'path' as const, from: 'a b/c', to: 'é–f' };
    expect(parseRoute(formatRoute(route))).toEqual(route);
    expect(sameRoute(parseRoute(formatRoute(route)), route)).toBe(true);
    expect(formatRoute({ view: 'home' })).toBe('#/');
  });
});

describe('property values', () => {
  test('amounts carry their currency, in full and in words', () => {
    expect(formatAmount(25_000_000_000, 'USD')).toBe('$25,000,000,000 (25 billion USD)');
    expect(formatAmount(1_100_000_000, 'USD')).toBe('$1,100,000,000 (1.1 billion USD)');
    expect(formatAmount(950, 'EUR')).toBe('€950');
    expect(formatAmount(5_000_000, 'XYZQ')).toBe('5,000,000 XYZQ (5 million XYZQ)');
    expect(formatAmount(12_000)).toBe('12,000 (12 thousand)');
  });

  test('every amount of a map uses its currency, which is not listed again', () => {
    const rows = propertyRows({ currency: 'USD', status: 'signed', amount: 1_100_000_000, expectedAmount: 8_000_000_000 });
    expect(rows.map((r) => r.key)).toEqual(['amount', 'expectedAmount', 'status']);
    expect(rows[1]).toEqual({ key: 'expectedAmount', label: 'Expected amount', value: '$8,000,000,000 (8 billion USD)' });
  });

  test('a currency without an amount is still shown; lists are joined; empty values are skipped', () => {
    expect(propertyRows({ currency: 'USD', areas: ['military', 'nuclear'], note: null })).toEqual([
      { key: 'currency', label: 'Currency', value: 'USD' },
      { key: 'areas', label: 'Areas', value: 'military, nuclear' },
    ]);
    expect(formatValue('size', 80)).toBe('80');
    expect(formatValue('active', false)).toBe('no');
  });

  test('names read as words', () => {
    expect(humanise('agreementType')).toBe('Agreement type');
    expect(humanise('size_qualifier')).toBe('Size qualifier');
    expect(readableType('PARTICIPATES_IN')).toBe('participates in');
  });
});

describe('kind styles', () => {
  // The page takes the styles from the server's `ontology` query; these are what that query serves.
  beforeAll(() => useKindStyles(legendKinds()));

  test('each kind of the ontology has its own colour and shape pair, and the legend can draw it', () => {
    const kinds = kindNames.map(String);
    const styles = kinds.map((k) => kindStyle(k));
    expect(new Set(styles.map((s) => s.color)).size).toBe(kinds.length);
    expect(new Set(styles.map((s) => s.shape)).size).toBe(kinds.length);
    for (const s of styles) expect(s.shape === 'ellipse' || /^[\d.]+,[\d.]+( [\d.]+,[\d.]+)+$/.test(shapePoints(s.shape)!)).toBe(true);
  });

  test('a kind added later gets a style of its own that stays the same while other kinds are added', () => {
    const known = kindNames.map((k) => kindStyle(String(k)));
    const vessel = { ...kindStyle('Vessel') };
    const aircraft = kindStyle('Aircraft');
    expect(known.map((s) => s.color)).not.toContain(vessel.color);
    expect(aircraft.color).not.toBe(vessel.color);
    expect(kindStyle('Vessel')).toEqual(vessel); // asked again after another new kind took the next slot
    expect(vessel.shape === 'ellipse' || shapePoints(vessel.shape) !== null).toBe(true);
  });
});
