import type { Entity, Source } from '../graph/port';
import { pairKey, scorePair, type DuplicateSide } from './duplicates';

const person = (id: string, role?: string): Entity => ({ id, kind: 'Person', name: id, aliases: [], description: null, properties: role ? { role } : {} });
const source = (id: string): Source => ({ id, title: id, url: null, publisher: null, published: null, text: '' });
const side = (id: string, o: { role?: string; neighbours?: string[]; sources?: string[]; countries?: string[] } = {}): DuplicateSide => ({
  entity: person(id, o.role),
  matchedName: id,
  neighbours: (o.neighbours ?? []).map((n) => person(n)),
  sources: (o.sources ?? []).map(source),
  countriesOfOffice: o.countries ?? [],
});

describe('scoring a pair', () => {
  test('shared neighbours and sources raise the score, within bounds', () => {
    const plain = scorePair('variant', side('a'), side('b'));
    const shared = scorePair('variant', side('a', { neighbours: ['x', 'y', 'b'], sources: ['s'] }), side('b', { neighbours: ['x', 'y', 'a'], sources: ['s'] }));
    expect(plain).toMatchObject({ score: 0.8, conflicts: [] });
    expect(shared.sharedNeighbours.map((e) => e.id)).toEqual(['x', 'y']);
    expect(shared.sharedSources.map((s) => s.id)).toEqual(['s']);
    expect(shared.score).toBeCloseTo(0.95);
    const many = scorePair('same-name', side('a', { neighbours: ['1', '2', '3', '4', '5'], sources: ['s'] }), side('b', { neighbours: ['1', '2', '3', '4', '5'], sources: ['s'] }));
    expect(many.score).toBe(1);
  });

  test('different countries of office and different roles are conflicts, and rank the pair lower', () => {
    const conflicting = scorePair('variant', side('a', { countries: ['iran'], role: 'Ambassador to Russia' }), side('b', { countries: ['russia'], role: 'Energy Minister' }));
    expect(conflicting.conflicts).toEqual(['countries of office: iran / russia', 'roles: Ambassador to Russia / Energy Minister']);
    expect(conflicting.score).toBeCloseTo(0.2);
    const agreeing = scorePair('family-name', side('a', { countries: ['iran'], role: 'Foreign Minister' }), side('b', { countries: ['iran', 'russia'], role: 'Deputy Foreign Minister' }));
    expect(agreeing.conflicts).toEqual([]);
    expect(agreeing.score).toBeGreaterThan(conflicting.score);
  });

  test('the review order is best score first, then ids', () => {
    const keys = [
      { score: 0.4, a: { entity: { id: 'a' } }, b: { entity: { id: 'b' } } },
      { score: 1, a: { entity: { id: 'z' } }, b: { entity: { id: 'zz' } } },
      { score: 0.8, a: { entity: { id: 'c' } }, b: { entity: { id: 'd' } } },
      { score: 0.8, a: { entity: { id: 'a' } }, b: { entity: { id: 'e' } } },
    ].map(pairKey);
    expect([...keys].sort()).toEqual([keys[1], keys[3], keys[2], keys[0]]);
  });
});
