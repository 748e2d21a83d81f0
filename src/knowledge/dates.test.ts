import { datePrecision, periodEnd, periodStart, resolveStatedWords, statedTime } from './dates';

describe('stated dates', () => {
  it('knows real dates and their precision, and refuses the rest', () => {
    expect(['2023-05-17', '2024-02-29', '2023-05', '2023'].map(datePrecision)).toEqual(['day', 'day', 'month', 'year']);
    expect(['2023-02-29', '2023-13', '2023-00', '2023-04-31', 'May 2023', '23', '2023-5-1', '2023-05-17T10:00:00Z', ''].map(datePrecision)).toEqual(Array(9).fill(null));
  });

  it('gives the first and last day a date can mean', () => {
    expect([periodStart('2023'), periodEnd('2023'), periodStart('2024-02'), periodEnd('2024-02'), periodEnd('2023-02'), periodEnd('2023-05-17')]).toEqual([
      '2023-01-01', '2023-12-31', '2024-02-01', '2024-02-29', '2023-02-28', '2023-05-17',
    ]);
  });

  it('resolves relative words only against a publication date precise enough, and never vague ones', () => {
    expect(resolveStatedWords('This year', '2023-05-17')).toEqual({ date: '2023', precision: 'year' });
    expect(resolveStatedWords('last  month', '2023-01-10')).toEqual({ date: '2022-12', precision: 'month' });
    expect(resolveStatedWords('yesterday', '2024-03-01T09:30:00Z')).toEqual({ date: '2024-02-29', precision: 'day' });
    expect(resolveStatedWords('this year', null)).toBeNull();
    expect(resolveStatedWords('this month', '2023')).toBeNull();
    expect(resolveStatedWords('recently', '2023-05-17')).toBeNull();
  });

  it('checks a stated time as a whole, naming each field', () => {
    const check = (input: Parameters<typeof statedTime>[0], published: string | null = null) => {
      const problems: { path: string; message: string }[] = [];
      return { time: statedTime(input, published, 'r', problems), problems: problems.map((p) => `${p.path}: ${p.message}`) };
    };
    expect(check({ start: '2023-05', end: '2024-01' })).toEqual({ time: { date: null, start: '2023-05', end: '2024-01', precision: 'month', stated: null }, problems: [] });
    expect(check({ stated: 'this year' }, '2023-05-17').time).toEqual({ date: '2023', start: null, end: null, precision: 'year', stated: 'this year' });
    expect(check({ stated: 'this year' }).time).toEqual({ date: null, start: null, end: null, precision: null, stated: 'this year' });
    expect(check({}).time).toBeNull();
    expect(check({ date: '2023-02-30' }).problems).toEqual([expect.stringMatching(/^r\.date: must be a real date/)]);
    expect(check({ start: '2024-01-01', end: '2023-12-31' }).problems).toEqual(['r.end: ends (2023-12-31) before it starts (2024-01-01)']);
    expect(check({ start: '2023', end: '2023' }).problems).toEqual([]);
    expect(check({ date: '2023-05', precision: 'day' }).problems).toEqual(['r.date: is written at month precision but precision says day']);
    expect(check({ start: '2023', end: '2023-05-01' }).problems).toEqual([expect.stringMatching(/^r\.precision: the dates are written at different precisions/)]);
    expect(check({ date: '2023', start: '2022' }).problems).toEqual([expect.stringMatching(/^r\.date: give either a date/)]);
    expect(check({ precision: 'year' }).problems).toEqual(['r.precision: a precision needs a date, start or end']);
  });
});
