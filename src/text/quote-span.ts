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

/** Every place `quote` occurs in `text` (typography and spacing aside), in text order; none for an empty quote. */
export function quoteSpans(quote: string, text: string): TextSpan[] {
  const wanted = normaliseTypography(quote);
  if (!wanted) return [];
  const { folded, offsets } = normalisedWithOffsets(text);
  const spans: TextSpan[] = [];
  for (let at = folded.indexOf(wanted); at >= 0; at = folded.indexOf(wanted, at + 1)) {
    spans.push({ start: offsets[at]!, end: offsets[at + wanted.length - 1]! + 1 });
  }
  return spans;
}
