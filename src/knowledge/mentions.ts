/**
 * Mention linking: where in a source text each known entity is named (by its name or an alias), as character
 * offsets, and the sentence around a mention. Names are compared word by word with the keys of resolve.ts,
 * so "Rasht-Astara", "Rasht–Astara" and "RASHT ASTARA" are one name, and "Iran’s" mentions Iran; a word of
 * five letters or more also matches in a romanisation variant or another script (the name index's variant key:
 * "Likhachov" and "Лихачёв" name Alexey Likhachev). Where names overlap, the longest wins: "Energy" inside
 * "Atomic Energy Organization" names the organisation, not the sector.
 */
import type { EntityLabel } from '../graph/port';
import { latinWords, variantWord } from '../text/names/name-keys';
import { nameKeyTokens, nameTokens } from './resolve';

interface Pattern {
  id: string;
  /** Characters before the first word that belong to the name, e.g. "$" of "$25 billion memorandum". */
  prefix: string;
  /** For short acronyms ("US", "UN"): the words exactly as written, matched case-sensitively. */
  exact: string[] | null;
  /** The name's folded words: a text word that differs from one must be long enough to be a variant of it. */
  words: string[];
}

/** A trie of name words by variant key: following `next` word by word, `ends` holds the names that end here. */
interface WordNode {
  next: Map<string, WordNode>;
  ends: Pattern[];
}

/** One place an entity is named: [start, end) in the source text. */
export interface MentionSpan {
  start: number;
  end: number;
}

/** Shorter words match only as written (after folding): "Iran" and "Iraq" share no variant, but short words collide too easily. */
const VARIANT_MIN_LETTERS = 5;

/** The key a word is looked up by: its romanisation-variant key, from its Latin letters. */
function wordKey(folded: string): string {
  return variantWord(latinWords(folded).join('') || folded);
}

/** Finds every known entity named in a text. Build once per set of entities, use for many texts. */
export class MentionMatcher {
  private readonly root: WordNode = { next: new Map(), ends: [] };
  /** Variant keys of text words, remembered: a text repeats its words. */
  private readonly keys = new Map<string, string>();

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
          const key = this.keyOf(w);
          let child = node.next.get(key);
          if (!child) node.next.set(key, (child = { next: new Map(), ends: [] }));
          node = child;
        }
        node.ends.push({ id: e.id, prefix, exact, words });
      }
    }
  }

  private keyOf(folded: string): string {
    let key = this.keys.get(folded);
    if (key === undefined) this.keys.set(folded, (key = wordKey(folded)));
    return key;
  }

  /**
   * Entity id → every span naming it in `text`, in text order. Overlapping names give way to the longest
   * ("Putin" inside "Vladimir Putin" is one mention; "Energy" inside "Atomic Energy Organization" none of the
   * sector); the same words naming two entities alike mention both, but a name as written wins over a variant
   * (a new "Alexei Likhachov" is named by "Alexei Likhachov", not the known Alexey Likhachev).
   */
  find(text: string): Map<string, MentionSpan[]> {
    const tokens = nameTokens(text);
    const candidates: (MentionSpan & { id: string; first: number; last: number; variant: boolean })[] = [];
    tokens.forEach((token, i) => {
      let node = this.root.next.get(this.keyOf(token.key));
      for (let k = i; node; node = tokens[++k] ? node.next.get(this.keyOf(tokens[k]!.key)) : undefined) {
        for (const p of node.ends) {
          if (p.exact && !p.exact.every((w, j) => tokens[i + j]!.raw === w)) continue;
          if (!p.words.every((w, j) => sameOrVariant(w, tokens[i + j]!.key))) continue;
          let start = token.start;
          if (p.prefix && text.slice(start - p.prefix.length, start) === p.prefix) start -= p.prefix.length;
          const variant = !p.words.every((w, j) => w === tokens[i + j]!.key);
          candidates.push({ id: p.id, start, end: tokens[k]!.end, first: i, last: k, variant });
        }
      }
    });
    // Longest first (in words), then as written before a variant, then leftmost: a name is kept unless a longer (or
    // earlier, as long) kept one covers one of its words; the same words naming two entities alike keep both.
    candidates.sort((a, b) => b.last - b.first - (a.last - a.first) || Number(a.variant) - Number(b.variant) || a.first - b.first);
    const holder: (typeof candidates)[number][] = [];
    const kept: typeof candidates = [];
    for (const c of candidates) {
      let clash = false;
      for (let t = c.first; t <= c.last && !clash; t++) {
        const h = holder[t];
        clash = h !== undefined && !(h.first === c.first && h.last === c.last && h.variant === c.variant && h.id !== c.id && !kept.some((x) => x.id === c.id && x.first === c.first));
      }
      if (clash) continue;
      kept.push(c);
      for (let t = c.first; t <= c.last; t++) holder[t] ??= c;
    }
    const found = new Map<string, MentionSpan[]>();
    for (const c of kept.sort((a, b) => a.start - b.start)) {
      const spans = found.get(c.id) ?? [];
      spans.push({ start: c.start, end: c.end });
      found.set(c.id, spans);
    }
    return found;
  }

  /** Entity id → start offsets of its mentions in `text`. */
  offsets(text: string): Map<string, number[]> {
    return new Map([...this.find(text)].map(([id, spans]) => [id, spans.map((s) => s.start)]));
  }
}

/** A text word names a name's word when it is the same folded word, or a variant of it and both are long enough. */
function sameOrVariant(nameWord: string, textWord: string): boolean {
  return nameWord === textWord || (nameWord.length >= VARIANT_MIN_LETTERS && textWord.length >= VARIANT_MIN_LETTERS);
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
