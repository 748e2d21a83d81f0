/**
 * The keys a name is matched by, beyond the case/accent/dash folding of ../normalise.ts: the name in Latin letters
 * (Cyrillic and Persian script transliterated), a variant key that folds the usual differences between Persian and
 * Russian romanisations (Likhachev/Likhachov, Soleimani/Suleimani/Soleymani, Jalali/Djalali, Larijani/Laridjani),
 * a phonetic key (Double Metaphone) and, for names written in Persian script (which leaves out short vowels),
 * a consonant skeleton.
 */
import { transliterate } from 'transliteration';
import doubleMetaphone = require('talisman/phonetics/double-metaphone');
import levenshtein = require('talisman/metrics/levenshtein');
import { foldForSearch } from '../normalise';

const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/u;
const NON_LATIN_LETTER = /[^\p{Script=Latin}\P{L}]/u;

// Persian script writes long vowels as letters the transliteration library leaves out or doubles; ayn is
// usually not written in English at all ("Ali", not "Aali"); consonants as Persian, not Arabic, says them
// (the library reads keheh as "kh" and zah as "Z": کاظم is "Kazem").
const PERSIAN_LETTERS: Record<string, string> = {
  '\u0627': 'a', '\u0622': 'a', '\u0623': 'a', '\u0625': 'a', '\u06CC': 'i', '\u064A': 'i', '\u0649': 'i', '\u0648': 'u', '\u0639': '',
  '\u06A9': 'k', '\u0643': 'k', '\u062B': 's', '\u0635': 's', '\u0630': 'z', '\u0636': 'z', '\u0638': 'z', '\u0637': 't', '\u062D': 'h',
  '\u0698': 'zh', '\u063A': 'gh', '\u0626': 'i', '\u0629': '',
};

/** Whether `text` has letters of a script other than Latin (so a match through it is a transliteration). */
export function hasOtherScript(text: string): boolean {
  return NON_LATIN_LETTER.test(text);
}

/** Whether `text` is written (partly) in Arabic/Persian script, which leaves short vowels out. */
export function hasArabicScript(text: string): boolean {
  return ARABIC_SCRIPT.test(text);
}

/**
 * The words of a name in folded Latin letters: "Лихачёв" → ["lihachyov"], "Rasht–Astara" → ["rasht", "astara"].
 * Apostrophes and a possessive 's are dropped ("Russia's" → "russia"), every other non-letter separates words.
 */
export function latinWords(text: string): string[] {
  const persian = hasArabicScript(text) ? [...text].map((c) => PERSIAN_LETTERS[c] ?? c).join('') : text;
  const folded = foldForSearch(persian);
  // Transliteration costs most of a key; Latin text (after folding accents) has nothing for it to do.
  const latin = /^[\x00-\x7F]*$/.test(folded) ? folded : foldForSearch(transliterate(folded));
  return latin
    .replace(/['\u2018\u2019\u02BC]s\b/gu, '')
    .replace(/['\u2018\u2019\u02BC`]/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

// Order matters: digraphs before the letters they contain, vowels last.
const VARIANT_RULES: [RegExp, string][] = [
  [/^ye/, 'e'], // Yevgeny / Evgeny
  [/dzh|dj|zh/g, 'j'], // Djalali / Jalali, Laridjani / Larijani / Larizhani
  [/kh/g, 'h'], // Likhachev / Lihachev
  [/gh|q/g, 'g'], // Ghasem / Qasem
  [/tch|tsch/g, 'ch'],
  [/ph/g, 'f'],
  [/w/g, 'v'], // Wladimir / Vladimir
  [/x/g, 'ks'], // Alexey / Aleksey
  [/ck/g, 'k'],
  [/(?:y?[eo])v$/g, 'ev'], // Likhachov / Likhachyov / Likhachev
  [/ou|oo|o/g, 'u'], // Rouhani / Ruhani, Soleimani / Suleimani
  [/ei|ey|ai|ay|ie|ee|y|e/g, 'i'], // Soleymani / Soleimani, Alexei / Alexey, trailing -i / -y
  [/(\p{L})\1+/gu, '$1'], // double letters (never digits: "Project 11" is not "Project 1"): Hassan / Hasan
];

/** The romanisation-variant key of one Latin word: "likhachov" and "likhachev" both give "lihaciv"-like keys. */
export function variantWord(word: string): string {
  let out = word.toLowerCase();
  for (const [pattern, replacement] of VARIANT_RULES) out = out.replace(pattern, replacement);
  return out;
}

/** The phonetic key of one Latin word (Double Metaphone, primary code, of its variant form). */
export function phoneticWord(word: string): string {
  return phoneticOfVariant(variantWord(word));
}

// Double Metaphone is the costly key and names repeat words ("Minister", "of", "Iran"): remembered, within a bound.
const PHONETIC_MEMO = new Map<string, string>();
const PHONETIC_MEMO_SIZE = 100_000;

function phoneticOfVariant(variant: string): string {
  let code = PHONETIC_MEMO.get(variant);
  if (code === undefined) {
    code = /\p{L}/u.test(variant) ? (doubleMetaphone(variant)[0] ?? variant) : variant;
    if (PHONETIC_MEMO.size >= PHONETIC_MEMO_SIZE) PHONETIC_MEMO.clear();
    PHONETIC_MEMO.set(variant, code);
  }
  return code;
}

/** The consonant skeleton of one Latin word ("jalali" → "jll"): what a name in Persian script can be compared by. */
export function skeletonWord(word: string): string {
  return skeletonOfVariant(variantWord(word));
}

function skeletonOfVariant(variant: string): string {
  return variant.replace(/[aeiouy]/g, '') || variant;
}

/** Every key of a name, word by word. */
export interface NameKeys {
  words: string[];
  variants: string[];
  phonetics: string[];
  skeletons: string[];
}

/** The keys of a name or a search text. */
export function nameKeys(text: string): NameKeys {
  const words = latinWords(text);
  const variants = words.map(variantWord);
  return { words, variants, phonetics: variants.map(phoneticOfVariant), skeletons: variants.map(skeletonOfVariant) };
}

/** Edits a typo may make in a word of `length` letters: none up to 4 ("Iran" is not "Iraq"), 1 up to 6, then 2. */
export function typoEdits(length: number): number {
  return length <= 4 ? 0 : length <= 6 ? 1 : 2;
}

/**
 * Whether two words that sound alike (same phonetic key) are also spelt close enough to be one name: their variant
 * keys within the typo edits of their length. Double Metaphone drops vowels, so "Hassan" and "Hossein" share a
 * sound but are two names; "Qassem" / "Kasem" and "Lavrof" / "Lavrov" are one.
 */
export function soundsLike(variantA: string, variantB: string): boolean {
  if (variantA === variantB) return true;
  return levenshtein(variantA, variantB) <= typoEdits(Math.min(variantA.length, variantB.length));
}
