import { latinWords } from './name-keys';
import { likelyPairs, type PairableEntity } from './likely-pairs';

const people = (...rows: [string, ...string[]][]): PairableEntity[] =>
  rows.map(([id, ...labels]) => ({ id, names: labels.map((label) => ({ label, words: latinWords(label) })) }));

describe('likely pairs', () => {
  test('pairs names alike by the blocking keys, strongest likeness first, each pair once', () => {
    const { pairs } = likelyPairs(
      people(
        ['likhachev', 'Alexey Likhachev'],
        ['likhachov', 'Alexei Likhachov'],
        ['jalali', 'Jalali'],
        ['kazem-jalali', 'Kazem Jalali'],
        ['putin', 'Vladimir Putin'],
        ['putin-2', 'Vladimir Putin'],
        ['rouhani', 'Hassan Rouhani'],
        ['hossein-rouhani', 'Hossein Rouhani'],
        ['lavrov', 'Sergei Lavrov'],
      ),
      { person: true, maxBlock: 50 },
    );
    expect(pairs.map((p) => [p.a, p.b, p.why])).toEqual([
      ['putin', 'putin-2', 'same-name'],
      ['likhachev', 'likhachov', 'variant'],
      ['hossein-rouhani', 'rouhani', 'family-name'],
      ['jalali', 'kazem-jalali', 'family-name'],
    ]);
    expect(pairs[1]!.names).toEqual(['Alexey Likhachev', 'Alexei Likhachov']);
  });

  test('an alias meets a name; organisations have no family names', () => {
    const { pairs } = likelyPairs(
      [
        { id: 'aeoi', names: [{ label: 'Atomic Energy Organization of Iran', words: latinWords('Atomic Energy Organization of Iran') }, { label: 'AEOI', words: ['aeoi'] }] },
        { id: 'aeoi-2', names: [{ label: 'AEOI', words: ['aeoi'] }] },
        { id: 'central-bank', names: [{ label: 'Central Bank of Iran', words: latinWords('Central Bank of Iran') }] },
      ],
      { person: false, maxBlock: 50 },
    );
    expect(pairs.map((p) => [p.a, p.b, p.why, p.names])).toEqual([['aeoi', 'aeoi-2', 'same-name', ['AEOI', 'AEOI']]]);
  });

  test('a block too common to say anything is skipped and counted, not compared pair by pair', () => {
    const many = people(...Array.from({ length: 60 }, (_, i) => [`p${i}`, `Given${String.fromCharCode(97 + (i % 26))}${i} Mohammadi`] as [string, string]));
    const { pairs, skippedBlocks } = likelyPairs(many, { person: true, maxBlock: 50 });
    expect(pairs.filter((p) => p.why === 'family-name')).toEqual([]);
    expect(skippedBlocks).toBeGreaterThanOrEqual(1);
  });
});

test('a cap on pairs keeps the strongest blocks', () => {
  const twins = people(...Array.from({ length: 10 }, (_, i) => [`p${i}`, 'Anna Petrova'] as [string, string]), ['q1', 'Kazem Jalali'], ['q2', 'Kazem Djalali']);
  const { pairs, truncated } = likelyPairs(twins, { person: true, maxBlock: 50, maxPairs: 5 });
  expect(truncated).toBe(true);
  expect(pairs.every((p) => p.why === 'same-name')).toBe(true);
  expect(pairs.length).toBeLessThan(10 * 9 / 2);
});
