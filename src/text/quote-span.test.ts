import { quoteSpans } from './quote-span';
import { quoteOccursIn } from './normalise';

describe('quoteSpans', () => {
  it('finds a verbatim quote at its offsets', () => {
    const text = 'Jalali met Putin in Moscow. Putin spoke.';
    expect(quoteSpans('Putin', text)).toEqual([{ start: 11, end: 16 }, { start: 28, end: 33 }]);
    expect(text.slice(11, 16)).toBe('Putin');
  });

  it('finds a quote written with straight quotes, ASCII dashes and single spaces in a typographic text', () => {
    const text = 'He said:\n  \u201cthe North\u2013South   corridor\u201d matters.';
    const [span] = quoteSpans('"the North-South corridor"', text);
    expect(span).toBeDefined();
    expect(text.slice(span!.start, span!.end)).toBe('\u201cthe North\u2013South   corridor\u201d');
  });

  it('agrees with quoteOccursIn, the rule evidence is checked by', () => {
    const text = '  Rosatom chief\u00a0Alexey Likhachev visited Tehran. ';
    for (const quote of ['Rosatom chief Alexey Likhachev', 'visited  Tehran.', 'Rosatom', 'Moscow', ' ', 'Tehran. ']) {
      expect(quoteSpans(quote, text).length > 0).toBe(quoteOccursIn(quote, text) && quote.trim() !== '');
    }
  });

  it('finds nothing for an empty or absent quote', () => {
    expect(quoteSpans('', 'abc')).toEqual([]);
    expect(quoteSpans('   ', 'a b c')).toEqual([]);
    expect(quoteSpans('xyz', 'abc')).toEqual([]);
  });
});
