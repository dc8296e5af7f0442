import { sql, type Kysely } from 'kysely'
import type { DisclosureNature, HubDatabase } from '@kindred/db'

/** An industry relationship an account declares; shown next to its posts in every community it is in. */
export interface Disclosure {
  organisation: string
  nature: DisclosureNature
  /** `YYYY-MM-DD`, or null when not given. */
  since: string | null
}

export const disclosureNatures = [
  'employment',
  'consulting',
  'advisory_board',
  'speaker_fees',
  'research_funding',
  'travel_support',
  'shares',
  'other',
] as const satisfies readonly DisclosureNature[]

export const maxDisclosures = 20

/** The account's disclosures, in the order it gave them. */
export async function listDisclosures(db: Kysely<HubDatabase>, accountId: string): Promise<Disclosure[]> {
  return db
    .selectFrom('hub.disclosures')
    .select(['organisation', 'nature', sql<string | null>`since::text`.as('since')])
    .where('account_id', '=', accountId)
    .orderBy('position')
    .execute()
}

/**
 * Replaces the account's disclosures as a whole (an empty list removes them), in one transaction.
 *
 * @example await replaceDisclosures(db, accountId, [{ organisation: 'Acme Pharma', nature: 'consulting', since: '2024-03-01' }])
 */
export async function replaceDisclosures(
  db: Kysely<HubDatabase>,
  accountId: string,
  disclosures: readonly Disclosure[],
): Promise<Disclosure[]> {
  if (disclosures.length > maxDisclosures) throw new RangeError(`At most ${maxDisclosures} disclosures`)
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('hub.disclosures').where('account_id', '=', accountId).execute()
    if (disclosures.length === 0) return
    const rows = disclosures.map((disclosure, position) => ({ account_id: accountId, position, ...disclosure }))
    await trx.insertInto('hub.disclosures').values(rows).execute()
  })
  return listDisclosures(db, accountId)
}
