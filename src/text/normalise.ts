/**
 * Text folding shared by search, evidence checks and entity resolution, so that "North-South" finds
 * "North–South" and a quote with straight apostrophes matches the article's typographic ones.
 */

const DASHES = /[\u2010-\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u02BC]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g;

/** Typographic dashes and quotes to ASCII, runs of whitespace to one space; case and accents kept. */
export function normaliseTypography(text: string): string {
  return text
    .replace(DASHES, '-')
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Case-, accent- and dash-insensitive form used for matching names and search text. */
export function foldForSearch(text: string): string {
  return normaliseTypography(text)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Whether `quote` occurs in `text` once typography and whitespace are normalised on both sides. */
export function quoteOccursIn(quote: string, text: string): boolean {
  return normaliseTypography(text).includes(normaliseTypography(quote));
}
