import { urlOf } from './graph-jsonld';

describe('urlOf', () => {
  it('percent-encodes what an RDF IRI cannot hold', () => {
    expect(urlOf('https://example.org/a?b=1&c="2"|{x}^`\\')).toEqual({ url: 'https://example.org/a?b=1&c=%222%22%7C%7Bx%7D%5E%60%5C' });
    expect(urlOf('https://example.org/path with space')).toEqual({ url: 'https://example.org/path%20with%20space' });
    expect(urlOf('https://пример.рф/статья')).toEqual({ url: 'https://xn--e1afmkfd.xn--p1ai/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F' });
  });

  it('keeps text that is no absolute URL as a string, and nothing for no URL', () => {
    expect(urlOf('www.example.org/a')).toEqual({ urlText: 'www.example.org/a' });
    expect(urlOf(null)).toEqual({});
  });
});
