/**
 * Blocking keys: the keys under which two names of one kind become candidates for being one entity, the same
 * keys the name index matches by (./name-keys.ts). Used by entity resolution (to report a possible duplicate at
 * ingest) and by the duplicate review (to list likely pairs without comparing every pair).
 */
import { phoneticWord, soundsLike, variantWord } from './name-keys';

/** Why two names are alike, strongest first: the same key words, a romanisation variant, the same sound, the same family name. */
export const LIKENESS = ['same-name', 'variant', 'sound', 'family-name'] as const;
export type Likeness = (typeof LIKENESS)[number];

/** One blocking key of a name: names sharing `key` are alike by `why`. */
export interface BlockKey {
  why: Likeness;
  key: string;
}

/**
 * The blocking keys of a name given as its key words (folded, transliterated, titles already stripped):
 * the words themselves, their variant keys, their phonetic keys and, for a person, the family name's variant key
 * (the last word; a one-word name is its own family name, so "Jalali" and "Kazem Jalali" meet).
 */
export function blockKeys(words: readonly string[], person: boolean): BlockKey[] {
  if (words.length === 0) return [];
  const variants = words.map(variantWord);
  const keys: BlockKey[] = [
    { why: 'same-name', key: words.join(' ') },
    { why: 'variant', key: variants.join(' ') },
  ];
  // A phonetic key of a short name joins too much ("Ali" / "Ela"): only names of five letters or more.
  if (words.join('').length >= 5) keys.push({ why: 'sound', key: words.map(phoneticWord).join(' ') });
  if (person) keys.push({ why: 'family-name', key: variants[variants.length - 1]! });
  return keys;
}

/** Orders likeness reasons: the stronger first. */
export function likenessRank(why: Likeness): number {
  return LIKENESS.indexOf(why);
}

/** Whether two names met under `why` are alike indeed: a shared sound must also be spelt close, word for word ("Hossein" is not "Hassan"). */
export function likenessHolds(why: Likeness, wordsA: readonly string[], wordsB: readonly string[]): boolean {
  if (why !== 'sound') return true;
  return wordsA.length === wordsB.length && wordsA.every((w, i) => soundsLike(variantWord(w), variantWord(wordsB[i]!)));
}
