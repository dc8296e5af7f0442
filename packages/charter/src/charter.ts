import { readFile } from 'node:fs/promises'
import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import type { QueueableJob } from '@kindred/job-definition'

export interface Charter {
  version: number
  text: string
  publishedAt: Date
}

const defaultCharterFile = new URL('../default-charter.md', import.meta.url)

/**
 * The charter in force; the default charter is published as version 1 the first time it is asked for, so
 * a new network starts with one (concurrent first calls publish it once).
 */
export async function currentCharter(db: Kysely<HubDatabase>): Promise<Charter> {
  const latest = await latestCharter(db)
  if (latest !== undefined) return latest
  const text = await readFile(defaultCharterFile, 'utf8')
  await db
    .insertInto('hub.charters')
    .values({ version: 1, text, published_by: null })
    .onConflict((conflict) => conflict.doNothing())
    .execute()
  const published = await latestCharter(db)
  if (published === undefined) throw new Error('the default charter was not published')
  return published
}

/**
 * The job a publication queues: `charter__distribute`, which copies the version into every community; its
 * module is @kindred/tenancy's (which depends on this package, so the caller hands it in:
 * `{ distribution: charterDistributeJob }`).
 */
export interface CharterJobs {
  distribution: QueueableJob<{ version: number }>
}

/**
 * Publishes a new version of the charter, which members must accept before they post again. The version
 * number is the next one; two staff publishing at once get consecutive versions, or one of them a 409.
 * The job copying it into every community (`jobs.distribution`) is queued in the same transaction.
 *
 * @example await publishCharter(db, { text, publishedBy: staffId }, { distribution: charterDistributeJob })
 */
export async function publishCharter(
  db: Kysely<HubDatabase>,
  input: { text: string; publishedBy: string },
  jobs: CharterJobs,
): Promise<Charter> {
  await currentCharter(db)
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('hub.charters')
        .values({
          version: sql<number>`(select max(version) + 1 from hub.charters)`,
          text: input.text,
          published_by: input.publishedBy,
        })
        .returning(['version', 'text', 'published_at'])
        .executeTakeFirstOrThrow()
      await jobs.distribution.enqueue(trx, { version: row.version })
      return { version: row.version, text: row.text, publishedAt: row.published_at }
    })
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw new KindredError('KINDRED_CONFLICT', 'Another version of the charter was published at the same time; try again')
    }
    throw error
  }
}

async function latestCharter(db: Kysely<HubDatabase>): Promise<Charter | undefined> {
  const row = await db
    .selectFrom('hub.charters')
    .select(['version', 'text', 'published_at'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row === undefined ? undefined : { version: row.version, text: row.text, publishedAt: row.published_at }
}
