import { sql, type Kysely } from 'kysely'
import t from 'tap'
import type { HubDatabase } from '@kindred/db'
import { publicStatistics, publishStatistics } from '@kindred/statistics'
import { createTestDatabase } from '@kindred/testkit'

// Roll-up rows and progress marks written directly, as the community runs would; publication is then
// what the network roll-up does at the end of its transaction.

async function community(db: Kysely<HubDatabase>, slug: string, liveSince: string): Promise<string> {
  const row = await db
    .insertInto('hub.communities')
    .values({
      slug,
      name: `Community ${slug}`,
      disease_name: slug,
      disease_key: slug,
      languages: ['en'],
      description: slug,
      status: 'live',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await sql`update hub.communities set live_at = ${`${liveSince}T12:00:00Z`}::timestamptz where id = ${row.id}`.execute(db)
  return row.id
}

// The community's run up to `through`: its members on each of `days`, and its progress mark.
async function finished(db: Kysely<HubDatabase>, communityId: string, through: string, members: Record<string, number>): Promise<void> {
  for (const [day, total] of Object.entries(members)) {
    await sql`
      insert into hub.community_daily_stats (community_id, day, members_total, members_joined, members_left, active_members_7d,
        active_members_30d, threads, replies, reactions, open_reports, threads_answered_24h)
      values (${communityId}, ${day}::date, ${total}, 0, 0, 0, 0, 0, 0, 0, 0, 0)
      on conflict (community_id, day) do update set members_total = excluded.members_total`.execute(db)
  }
  await sql`
    insert into hub.stats_progress (community_id, complete_through) values (${communityId}, ${through}::date)
    on conflict (community_id) do update set complete_through = excluded.complete_through`.execute(db)
}

const membersOf = async (db: Kysely<HubDatabase>) =>
  Object.fromEntries(
    (await publicStatistics(db, { threshold: 10 })).communities.map((entry) => [entry.slug, entry.latestDay?.members ?? null]),
  )

t.test('a day is published once every community live on it has finished it; one launched since does not hold it back', async (t) => {
  const { db } = (await createTestDatabase(t)).database
  const alpha = await community(db, 'alpha', '2025-01-01')
  const bravo = await community(db, 'bravo', '2025-01-01')
  await community(db, 'newcomer', '2025-03-05')
  await finished(db, alpha, '2025-03-01', { '2025-02-28': 40, '2025-03-01': 41 })
  await finished(db, bravo, '2025-02-28', { '2025-02-28': 60 })
  t.equal(await publishStatistics(db), '2025-02-28', 'bravo has not finished 1 March: the day before is the latest ready')
  t.equal((await publicStatistics(db, { threshold: 10 })).latestDay, '2025-02-28')
  t.equal(await publishStatistics(db), null, 'nothing new to publish')

  await finished(db, bravo, '2025-03-01', { '2025-03-01': 62 })
  t.equal(await publishStatistics(db), '2025-03-01')
  const answer = await publicStatistics(db, { threshold: 10 })
  t.same(
    answer.communities.map((entry) => entry.slug),
    ['alpha', 'bravo', 'newcomer'],
  )
  t.same(
    await membersOf(db),
    { alpha: { value: 41 }, bravo: { value: 62 }, newcomer: null },
    'the newcomer, live since, is listed without figures',
  )
  t.same(answer.network.latestDay.members, { value: 103 })
})

t.test('a published day never changes: figures computed again, archiving, restoring and renaming leave it as it was', async (t) => {
  const { db } = (await createTestDatabase(t)).database
  const alpha = await community(db, 'alpha', '2025-01-01')
  const bravo = await community(db, 'bravo', '2025-01-01')
  await finished(db, alpha, '2025-03-01', { '2025-03-01': 40 })
  await finished(db, bravo, '2025-03-01', { '2025-03-01': 3 })
  await publishStatistics(db)
  const published = await publicStatistics(db, { threshold: 10 })

  await finished(db, bravo, '2025-03-01', { '2025-03-01': 4 })
  await db.updateTable('hub.communities').set({ name: 'Renamed' }).where('id', '=', alpha).execute()
  await db.updateTable('hub.communities').set({ status: 'archived' }).where('id', '=', bravo).execute()
  t.equal(await publishStatistics(db), null)
  t.same(await publicStatistics(db, { threshold: 10 }), published, 'archived')
  await db.updateTable('hub.communities').set({ status: 'live' }).where('id', '=', bravo).execute()
  t.equal(await publishStatistics(db), null)
  t.same(await publicStatistics(db, { threshold: 10 }), published, 'restored')
  await t.rejects(
    sql`update hub.stats_publication_figures set members_total = 4`.execute(db),
    /published statistics never change \(UPDATE on stats_publication_figures\)/,
  )
  await t.rejects(
    sql`delete from hub.stats_publications`.execute(db),
    /published statistics never change \(DELETE on stats_publications\)/,
    'nor can anyone change it behind the code',
  )
})

t.test('an archived community does not hold a day back; restored, the next day waits for its run', async (t) => {
  const { db } = (await createTestDatabase(t)).database
  const alpha = await community(db, 'alpha', '2025-01-01')
  const bravo = await community(db, 'bravo', '2025-01-01')
  await finished(db, alpha, '2025-03-01', { '2025-03-01': 40 })
  await finished(db, bravo, '2025-02-28', { '2025-02-28': 30 })
  await db.updateTable('hub.communities').set({ status: 'archived' }).where('id', '=', bravo).execute()
  t.equal(await publishStatistics(db), '2025-03-01')
  t.same(await membersOf(db), { alpha: { value: 40 } }, 'published without the archived community')

  await db.updateTable('hub.communities').set({ status: 'live' }).where('id', '=', bravo).execute()
  await finished(db, alpha, '2025-03-02', { '2025-03-02': 42 })
  t.equal(await publishStatistics(db), null, 'bravo, live again, has not finished 2 March')
  t.same(await membersOf(db), { alpha: { value: 40 } })
  await finished(db, bravo, '2025-03-02', { '2025-03-01': 31, '2025-03-02': 32 })
  t.equal(await publishStatistics(db), '2025-03-02')
  t.same(await membersOf(db), { alpha: { value: 42 }, bravo: { value: 32 } })
})

t.test('two roll-ups publishing at once publish the day once', async (t) => {
  const { db } = (await createTestDatabase(t)).database
  const alpha = await community(db, 'alpha', '2025-01-01')
  await finished(db, alpha, '2025-03-01', { '2025-03-01': 40 })
  const results = await Promise.all([publishStatistics(db), publishStatistics(db)])
  t.same(
    results.filter((day) => day !== null),
    ['2025-03-01'],
    'one of them published it, the other found it published',
  )
  const rows = await sql<{ n: number }>`select count(*)::int as n from hub.stats_publication_figures`.execute(db)
  t.equal(rows.rows[0]?.n, 1)
})
