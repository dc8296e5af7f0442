import { sql } from 'kysely'
import type { TenantHandle } from '@kindred/community'
import { normalisePseudonym, pseudonymLength } from './pseudonym.ts'

const candidateCount = 8

// "Bone Builder" → "Bone Builder 2" … "Bone Builder 9", shortened so the number always fits.
function candidates(pseudonym: string): string[] {
  return Array.from({ length: candidateCount }, (_, index) => {
    const suffix = ` ${index + 2}`
    return `${pseudonym.slice(0, pseudonymLength.max - suffix.length).trimEnd()}${suffix}`
  })
}

/**
 * A pseudonym close to a taken one that nobody in the community uses yet (compared as the unique index
 * compares them, whatever their case), or undefined when the first few are all taken too.
 *
 * @example await suggestPseudonym(tenant, 'Bone Builder') // 'Bone Builder 2'
 */
export async function suggestPseudonym(tenant: TenantHandle, taken: string): Promise<string | undefined> {
  const options = candidates(normalisePseudonym(taken))
  const rows = await tenant.query
    .selectFrom('members')
    .select(sql<string>`lower(pseudonym)`.as('pseudonym'))
    .where(
      sql<string>`lower(pseudonym)`,
      'in',
      options.map((option) => option.toLowerCase()),
    )
    .execute()
  const used = new Set(rows.map((row) => row.pseudonym))
  return options.find((option) => !used.has(option.toLowerCase()))
}
