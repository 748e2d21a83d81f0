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

// MiniSearch 7's radix tree (fuzzy and prefix lookups over the distinct words), a subpath export the project's
// module resolution does not read: its own declaration file, re-exported.
declare module 'minisearch/SearchableMap' {
  import SearchableMap from 'minisearch/dist/cjs/SearchableMap.cjs';
  export = SearchableMap;
}
