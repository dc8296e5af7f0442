import { sql, type QueryCreator } from 'kysely'
import type { RateLimit } from '@kindred/config'
import { rateLimited } from '@kindred/errors'
import type { CommunityActor } from './actor.ts'
import type { TenantQuery } from './tenant-handle.ts'
import type { TenantDatabase, WriteBudgetFamily } from './tenant-schema.ts'

/** How many posts and threads a member may write in a window of each (`KINDRED_LIMIT_POSTS_PER_MEMBER`, …). */
export type WriteBudgets = Record<WriteBudgetFamily, RateLimit>

/**
 * A write's budgets as values of a queryTemplate, which takes each value as it is: a family's limit as
 * `<family>Max` and `<family>WindowMs`, absent for an actor without budgets (a seed, a package's test).
 */
export type BudgetValues = Partial<Record<`${WriteBudgetFamily}Max` | `${WriteBudgetFamily}WindowMs`, number>>

interface Spend {
  family: WriteBudgetFamily
  max: number
  windowMs: number
}

/**
 * The values of `families` for a write's template, from the actor's budgets.
 *
 * @example await writeReply(actor.tenant, { ...post, ...budgetValues(actor, ['posts']) })
 */
export function budgetValues(actor: Pick<CommunityActor, 'budgets'>, families: readonly WriteBudgetFamily[]): BudgetValues {
  const values: BudgetValues = {}
  if (actor.budgets === undefined) return values
  for (const family of families) {
    values[`${family}Max`] = actor.budgets[family].max
    values[`${family}WindowMs`] = actor.budgets[family].windowMs
  }
  return values
}

// Sorted by family, so two writes of one member lock their rows in the same order and cannot deadlock.
function spendsOf(values: BudgetValues): Spend[] {
  const families: WriteBudgetFamily[] = ['posts', 'threads']
  return families.flatMap((family) => {
    const max = values[`${family}Max`]
    const windowMs = values[`${family}WindowMs`]
    return max === undefined || windowMs === undefined ? [] : [{ family, max, windowMs }]
  })
}

const resetsInMs = sql<number>`ceil(extract(epoch from write_budgets.window_ends_at - now()) * 1000)::float8`.as('resets_in_ms')

/**
 * The CTE `spent` of a write's own statement: one hit counted against each budget in `values`, atomically
 * and in fixed windows (a window that has ended starts again at 1), returning for each whether it is now
 * exceeded (`over`) and when its window ends. Without budgets it counts nothing and returns no row. The
 * write then goes ahead only `withinBudgets`, and `budgetWaitMs` says how long to wait if it did not.
 *
 * @example db.with('spent', (db) => spentBudgets(db, values.memberId, values)).with('post', (db) => … .where(withinBudgets))
 */
export function spentBudgets<DB extends TenantDatabase>(tenantQuery: QueryCreator<DB>, memberId: string, values: BudgetValues) {
  // Only the tenant's own tables are named here, whatever CTEs the statement has made before.
  const db = tenantQuery as unknown as TenantQuery
  const spends = spendsOf(values)
  if (spends.length === 0) {
    return db
      .selectFrom('write_budgets')
      .select([sql<boolean>`false`.as('over'), resetsInMs])
      .where(sql<boolean>`false`)
  }
  const ended = sql<boolean>`write_budgets.window_ends_at <= now()`
  const maxima = sql.join(
    spends.map(({ family, max }) => sql`when ${family} then ${max}::int`),
    sql` `,
  )
  return db
    .insertInto('write_budgets')
    .values(
      spends.map(({ family, windowMs }) => ({
        member_id: memberId,
        family,
        window_ends_at: sql<Date>`now() + ${windowMs} * interval '1 millisecond'`,
        hits: 1,
      })),
    )
    .onConflict((conflict) =>
      conflict.columns(['member_id', 'family']).doUpdateSet({
        window_ends_at: sql<Date>`case when ${ended} then excluded.window_ends_at else write_budgets.window_ends_at end`,
        hits: sql<number>`case when ${ended} then 1 else write_budgets.hits + 1 end`,
      }),
    )
    .returning([sql<boolean>`write_budgets.hits > case write_budgets.family ${maxima} end`.as('over'), resetsInMs])
}

/** The condition a write's statement writes under: none of the budgets its CTE `spent` counted is exceeded. */
export const withinBudgets = sql<boolean>`not exists (select from "spent" where "spent"."over")`

/** The longest wait, in milliseconds, among the budgets the CTE `spent` found exceeded; null when none was. */
export const budgetWaitMs = sql<number | null>`(select max("spent"."resets_in_ms") from "spent" where "spent"."over")`

/**
 * Refuses with 429 `KINDRED_RATE_LIMITED` (and the seconds to wait) a write whose statement found a budget
 * exceeded (`budgetWaitMs`), before any other reason it may have had not to write.
 *
 * @example assertWithinBudgets(row.budget_wait_ms)
 */
export function assertWithinBudgets(waitMs: number | null | undefined): void {
  if (waitMs != null) throw rateLimited(Math.ceil(Math.max(waitMs, 0) / 1000))
}

/**
 * Spends the actor's `families` budgets in a statement of their own, for the writes that take several
 * statements (an edit, a deletion, accepting the charter): 429 once one is exceeded, before anything else.
 *
 * @example await spendBudgets(actor, ['posts'])
 */
export async function spendBudgets(
  actor: Pick<CommunityActor, 'tenant' | 'member' | 'budgets'>,
  families: readonly WriteBudgetFamily[],
): Promise<void> {
  const values = budgetValues(actor, families)
  if (spendsOf(values).length === 0) return
  const spent = await spentBudgets(actor.tenant.query, actor.member.memberId, values).execute()
  const over = spent.filter((budget) => budget.over).map((budget) => budget.resets_in_ms)
  if (over.length > 0) assertWithinBudgets(Math.max(...over))
}
