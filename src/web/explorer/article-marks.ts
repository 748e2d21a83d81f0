/**
 * Marking an article: where each mention and each evidence quote sits, cut into runs of text that the same
 * marks cover, so the reader can draw nested marks without overlapping elements.
 */
import { normaliseTypography } from '../../text/normalise';

/** A marked range [start, end) of the text: a mention of an entity or a quote stating relationships. */
export type Mark = { kind: 'mention'; start: number; end: number; entityId: string } | { kind: 'quote'; start: number; end: number; relationshipIds: string[] };

/** A run of text and the marks that cover all of it (empty for plain text). */
export interface Run {
  start: number;
  end: number;
  marks: Mark[];
}

/**
 * How long the mention at `offset` is: the longest of the entity's names that the text holds there, with case,
 * typographic quotes and dashes and spacing aside (as mentions are found); the first name's length otherwise.
 */
export function mentionLength(text: string, offset: number, names: string[]): number {
  const fold = (s: string) => normaliseTypography(s).toLowerCase();
  let best = 0;
  for (const name of names) {
    const wanted = fold(name);
    // The text may spell a name with more spacing than the name has, so try a little past its length.
    for (let length = name.length; length <= name.length + 4 && offset + length <= text.length; length++) {
      if (fold(text.slice(offset, offset + length)) === wanted && !/\s/.test(text[offset + length - 1]!)) {
        best = Math.max(best, length);
        break;
      }
    }
  }
  return best || Math.max(1, Math.min(names[0]?.length ?? 1, text.length - offset));
}

/** Quotes with the same range state several relationships: one mark lists them all. */
export function mergeQuotes(quotes: { start: number; end: number; relationshipId: string }[]): Mark[] {
  const byRange = new Map<string, Mark & { kind: 'quote' }>();
  for (const q of quotes) {
    const key = `${q.start}:${q.end}`;
    const mark = byRange.get(key) ?? { kind: 'quote' as const, start: q.start, end: q.end, relationshipIds: [] };
    if (!mark.relationshipIds.includes(q.relationshipId)) mark.relationshipIds.push(q.relationshipId);
    byRange.set(key, mark);
  }
  return [...byRange.values()];
}

/** Cuts `[0, length)` at every mark's ends; each run lists the marks covering it, outermost (longest) first. */
export function runsOf(length: number, marks: Mark[]): Run[] {
  const inside = marks.filter((m) => m.start < m.end && m.start >= 0 && m.end <= length);
  const cuts = [...new Set([0, length, ...inside.flatMap((m) => [m.start, m.end])])].sort((a, b) => a - b);
  const runs: Run[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [start, end] = [cuts[i]!, cuts[i + 1]!];
    const covering = inside.filter((m) => m.start <= start && m.end >= end).sort((a, b) => b.end - b.start - (a.end - a.start));
    runs.push({ start, end, marks: covering });
  }
  return runs;
}
