// Types for talisman 1.1.4's Double Metaphone (the package ships none).
declare module 'talisman/phonetics/double-metaphone' {
  /** The primary and alternative Double Metaphone codes of a word. */
  function doubleMetaphone(word: string): [string, string];
  export = doubleMetaphone;
}
