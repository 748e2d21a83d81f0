/**
 * Mention linking: where in a source text each known entity is named (by its name or an alias), as character
 * offsets, and the sentence around a mention. Names are compared word by word with the keys of resolve.ts,
 * so "Rasht-Astara", "Rasht–Astara" and "RASHT ASTARA" are one name, and "Iran’s" mentions Iran.
 */
import type { EntityLabel } from '../graph/port';
import { nameKeyTokens, nameTokens } from './resolve';

interface Pattern {
  id: string;
  /** Characters before the first word that belong to the name, e.g. "$" of "$25 billion memorandum". */
  prefix: string;
  /** For short acronyms ("US", "UN"): the words exactly as written, matched case-sensitively. */
  exact: string[] | null;
}

/** A trie of name words: following `next` word by word, `ends` holds the names that end here. */
interface WordNode {
  next: Map<string, WordNode>;
  ends: Pattern[];
}

/** One place an entity is named: [start, end) in the source text. */
export interface MentionSpan {
  start: number;
  end: number;
}

/** Finds every known entity named in a text. Build once per set of entities, use for many texts. */
export class MentionMatcher {
  private readonly root: WordNode = { next: new Map(), ends: [] };

  constructor(entities: Iterable<EntityLabel>) {
    for (const e of entities) {
      const seen = new Set<string>();
      for (const label of [e.name, ...e.aliases]) {
        const tokens = nameTokens(label);
        const words = nameKeyTokens(
          tokens.map((t) => t.key),
          e.kind,
        );
        const joined = words.join(' ');
        if (!joined || seen.has(joined)) continue;
        let exact: string[] | null = null;
        if (joined.replace(/ /g, '').length < 3) {
          // Too short to match loosely ("us" would match every "us"); only an acronym as written counts.
          if (!/^[\p{Lu}\p{N}]+$/u.test(label.replace(/[.\s]/g, ''))) continue;
          exact = tokens.slice(tokens.length - words.length).map((t) => t.raw);
        }
        seen.add(joined);
        const first = tokens[tokens.length - words.length]!;
        const prefix = tokens.length === words.length ? label.slice(0, first.start).trim() : '';
        let node = this.root;
        for (const w of words) {
          let child = node.next.get(w);
          if (!child) node.next.set(w, (child = { next: new Map(), ends: [] }));
          node = child;
        }
        node.ends.push({ id: e.id, prefix, exact });
      }
    }
  }

  /** Entity id → every span naming it in `text`, in text order (a name inside a longer name of the same entity is not counted again). */
  find(text: string): Map<string, MentionSpan[]> {
    const tokens = nameTokens(text);
    const found = new Map<string, Map<number, MentionSpan>>();
    tokens.forEach((token, i) => {
      let node = this.root.next.get(token.key);
      for (let k = i; node; node = tokens[++k] ? node.next.get(tokens[k]!.key) : undefined) {
        for (const p of node.ends) {
          if (p.exact && !p.exact.every((w, j) => tokens[i + j]!.raw === w)) continue;
          let start = token.start;
          if (p.prefix && text.slice(start - p.prefix.length, start) === p.prefix) start -= p.prefix.length;
          const end = tokens[k]!.end;
          const spans = found.get(p.id) ?? new Map<number, MentionSpan>();
          const previous = spans.get(start);
          if (!previous || previous.end < end) spans.set(start, { start, end });
          found.set(p.id, spans);
        }
      }
    });
    // "Putin" inside "Vladimir Putin" is the same mention of the same entity: keep the longer span only.
    return new Map(
      [...found].map(([id, byStart]) => {
        const spans = [...byStart.values()].sort((a, b) => a.start - b.start || b.end - a.end);
        const kept: MentionSpan[] = [];
        let reach = -1;
        for (const span of spans) {
          if (span.end <= reach) continue;
          kept.push(span);
          reach = span.end;
        }
        return [id, kept];
      }),
    );
  }

  /** Entity id → start offsets of its mentions in `text`. */
  offsets(text: string): Map<string, number[]> {
    return new Map([...this.find(text)].map(([id, spans]) => [id, spans.map((s) => s.start)]));
  }
}

/** A sentence of a text with its character range. */
export interface Sentence {
  start: number;
  end: number;
  text: string;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** The sentences of a text (Unicode sentence boundaries), trimmed, empty ones dropped. */
export function sentencesOf(text: string): Sentence[] {
  const out: Sentence[] = [];
  for (const s of segmenter.segment(text)) {
    const lead = s.segment.length - s.segment.trimStart().length;
    const body = s.segment.trim();
    if (!body) continue;
    // Headlines and paragraphs without a full stop end at a blank line, not at the next sentence.
    let offset = s.index + lead;
    for (const part of body.split(/\n\s*\n/)) {
      const trimmed = part.trim();
      if (!trimmed) continue;
      const at = text.indexOf(trimmed, offset);
      out.push({ start: at, end: at + trimmed.length, text: trimmed });
      offset = at + trimmed.length;
    }
  }
  return out;
}

/** The sentence containing `offset`, or null when the offset lies outside the text. */
export function sentenceAt(text: string, offset: number, sentences: Sentence[] = sentencesOf(text)): Sentence | null {
  return sentences.find((s) => offset >= s.start && offset < s.end) ?? null;
}
