/**
 * Where a quote sits in a text when typography and spacing are set aside (the rule evidence is checked by,
 * `quoteOccursIn`), so a reader can mark it in the original text.
 */
import { normaliseTypography } from './normalise';

/** A half-open range of character offsets [start, end) in the original text. */
export interface TextSpan {
  start: number;
  end: number;
}

/** The text normalised as `normaliseTypography` does it, with the original offset of each of its characters. */
function normalisedWithOffsets(text: string): { folded: string; offsets: number[] } {
  let folded = '';
  const offsets: number[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i]!)) {
      const start = i;
      while (i < text.length && /\s/.test(text[i]!)) i++;
      // Runs of whitespace become one space; leading and trailing ones are trimmed, as normaliseTypography does.
      if (folded.length > 0 && i < text.length) {
        folded += ' ';
        offsets.push(start);
      }
      continue;
    }
    // Dashes and quotes map one character to one, so each keeps its own offset.
    folded += normaliseTypography(text[i]!);
    offsets.push(i);
    i++;
  }
  return { folded, offsets };
}

/** Finds quotes in one text, normalising the text once however many quotes are looked up. */
export class QuoteFinder {
  private readonly folded: string;
  private readonly offsets: number[];

  constructor(text: string) {
    ({ folded: this.folded, offsets: this.offsets } = normalisedWithOffsets(text));
  }

  /** Every place `quote` occurs in the text (typography and spacing aside), in text order; none for an empty quote. */
  spans(quote: string): TextSpan[] {
    const wanted = normaliseTypography(quote);
    if (!wanted) return [];
    const spans: TextSpan[] = [];
    for (let at = this.folded.indexOf(wanted); at >= 0; at = this.folded.indexOf(wanted, at + 1)) {
      spans.push({ start: this.offsets[at]!, end: this.offsets[at + wanted.length - 1]! + 1 });
    }
    return spans;
  }
}

/** Every place `quote` occurs in `text` (typography and spacing aside), in text order; none for an empty quote. */
export function quoteSpans(quote: string, text: string): TextSpan[] {
  return new QuoteFinder(text).spans(quote);
}
