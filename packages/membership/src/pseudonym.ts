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

export type PseudonymProblem = 'missing' | 'tooShort' | 'tooLong' | 'characters'

const pseudonymExpression = new RegExp(pseudonymPattern, 'u')

/**
 * What is wrong with a pseudonym as the member typed it (before normalising), or null: the rule of
 * `pseudonymPattern` told apart, so a form can say which part to change.
 *
 * @example pseudonymProblem('a') // 'tooShort'
 */
export function pseudonymProblem(typed: string): PseudonymProblem | null {
  const pseudonym = normalisePseudonym(typed)
  if (pseudonym === '') return 'missing'
  if (pseudonym.length < pseudonymLength.min) return 'tooShort'
  if (pseudonym.length > pseudonymLength.max) return 'tooLong'
  return pseudonymExpression.test(pseudonym) ? null : 'characters'
}
