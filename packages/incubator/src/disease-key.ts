/**
 * The key under which a disease name is compared, for exact duplicates and for trigram similarity:
 * compatibility-decomposed (NFKD), diacritics removed, lower case, every run of characters that are not
 * letters or digits (in any script) turned into one space, trimmed. Spelling variants that differ only
 * in accents, case, hyphens or punctuation get the same key.
 *
 * @example diseaseKey('Sjögren’s  syndrome') // 'sjogren s syndrome'
 */
export function diseaseKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}
