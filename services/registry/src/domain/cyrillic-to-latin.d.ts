/** Types for the untyped `cyrillic-to-latin` package (Serbian Cyrillic → Latin gajica). */
declare module 'cyrillic-to-latin' {
  function cyrillicToLatin(text: string): string;
  export = cyrillicToLatin;
}
