/**
 * A pseudonym: 2 to 32 letters, digits, spaces, dots, underscores or hyphens, starting and ending with a
 * letter or digit. No `@`, so an email address can never be one; unique in a community whatever its case.
 */
export const pseudonymPattern = '^[\\p{L}\\p{N}](?:[\\p{L}\\p{N} ._-]{0,30}[\\p{L}\\p{N}])?$'

export const pseudonymLength = { min: 2, max: 32 } as const

/** The stored form: Unicode-normalised (NFC) with runs of spaces collapsed, so look-alikes compare equal. */
export function normalisePseudonym(pseudonym: string): string {
  return pseudonym.normalize('NFC').trim().replace(/\s+/gu, ' ')
}
