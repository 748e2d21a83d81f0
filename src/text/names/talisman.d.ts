// Types for talisman 1.1.4's Double Metaphone (the package ships none).
declare module 'talisman/phonetics/double-metaphone' {
  /** The primary and alternative Double Metaphone codes of a word. */
  function doubleMetaphone(word: string): [string, string];
  export = doubleMetaphone;
}

// Types for talisman 1.1.4's Levenshtein distance.
declare module 'talisman/metrics/levenshtein' {
  /** The Levenshtein distance between two strings. */
  function levenshtein(a: string, b: string): number;
  export = levenshtein;
}
