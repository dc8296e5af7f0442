import { sql } from 'kysely'
import { KindredError } from '@kindred/errors'
import { type TenantHandle, assertModerator, type CommunityActor } from '@kindred/community'

export interface Category {
  id: string
  slug: string
  name: string
  description: string
  position: number
}

export interface NewCategory {
  slug: string
  name: string
  description?: string
  position?: number
}

export type CategoryChange = Partial<Omit<NewCategory, 'slug'>>

const columns = ['id', 'slug', 'name', 'description', 'position'] as const

/**
 * The most categories a community has: a forum's top level is a short list to choose from, and the API can
 * answer it whole (`maxItems` in its schema) instead of a page at a time.
 */
export const maxCategories = 50
const uniqueViolation = '23505'

/**
 * The community's categories in display order.
 *
 * @example const categories = await listCategories(tenant)
 */
export async function listCategories(tenant: TenantHandle): Promise<Category[]> {
  return tenant.query.selectFrom('categories').select(columns).orderBy('position').orderBy('id').execute()
}

async function mapSlugConflict<T>(write: Promise<T>): Promise<T> {
  try {
    return await write
  } catch (error) {
    if ((error as { code?: string }).code === uniqueViolation)
      throw new KindredError('KINDRED_SLUG_TAKEN', 'Another category has this slug')
    throw error
  }
}

/**
 * Adds a category (moderators and owners only); without a position it goes last. A community with
 * `maxCategories` already is 409 `KINDRED_CONFLICT`.
 *
 * @example await createCategory(actor, { slug: 'events', name: 'Events' })
 */
export async function createCategory(actor: CommunityActor, category: NewCategory): Promise<Category> {
  assertModerator(actor.member)
  const { schema } = actor.tenant
  return actor.tenant.transaction(async (trx) => {
    // One addition at a time per community, so two at once cannot both pass the count (nor take one position).
    await trx.selectNoFrom(sql`pg_advisory_xact_lock(hashtextextended(${`${schema}.categories`}, 0))`.as('locked')).execute()
    const existing = await trx
      .selectFrom('categories')
      .select((eb) => [eb.fn.countAll<string>().as('count'), eb.fn.max<number | null>('position').as('position')])
      .executeTakeFirstOrThrow()
    if (Number(existing.count) >= maxCategories) {
      throw new KindredError('KINDRED_CONFLICT', `A community has at most ${maxCategories} categories: rename or reuse one`)
    }
    const position = category.position ?? (existing.position ?? -1) + 1
    return mapSlugConflict(
      trx
        .insertInto('categories')
        .values({ slug: category.slug, name: category.name, description: category.description ?? '', position })
        .returning(columns)
        .executeTakeFirstOrThrow(),
    )
  })
}

/**
 * Renames, describes or moves a category (moderators and owners only); its slug never changes (links).
 *
 * @example await updateCategory(actor, '3', { name: 'Research news' })
 */
export async function updateCategory(actor: CommunityActor, id: string, change: CategoryChange): Promise<Category> {
  assertModerator(actor.member)
  const row = await actor.tenant.query.updateTable('categories').set(change).where('id', '=', id).returning(columns).executeTakeFirst()
  if (row === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such category')
  return row
}
