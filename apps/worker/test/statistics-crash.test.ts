import { randomBytes } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import pg from 'pg'
import t from 'tap'
import { loadConfig } from '@kindred/config'
import type { HubDatabase } from '@kindred/db'
import { aggregateCommunity, requestStatisticsRun } from '@kindred/statistics'
import { createPlacements } from '@kindred/community'
import { provisionCommunity } from '@kindred/tenancy'
import { captureLogs, createTestDatabase, insertProposal, queuedJobs, spawnApp, type SpawnedProcess } from '@kindred/testkit'

// A worker process is killed with SIGKILL in the middle of a community's statistics run: it has written
// the community's days in its transaction and waits for a lock the test holds on the progress marks.
// Nothing of that run may be visible, then or after; the next worker runs it again completely.

const workerScript = 'apps/worker/src/main.ts'
const logs = captureLogs('warn')

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const value = await probe()
    if (value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`timed out waiting until ${what}`)
}

async function count(db: Kysely<HubDatabase>, where: ReturnType<typeof sql>): Promise<number> {
  const result = await sql<{
    n: number
  }>`select count(*)::int as n from pg_stat_activity where application_name like 'kindred-worker%' and ${where}`.execute(db)
  return result.rows[0]?.n ?? 0
}

async function visible(db: Kysely<HubDatabase>): Promise<{ days: unknown[]; progress: unknown[] }> {
  const days =
    await sql`select community_id, day::text, threads, members_total, computed_at from hub.community_daily_stats order by day`.execute(db)
  const progress = await sql`select community_id, complete_through::text, last_run_at from hub.stats_progress`.execute(db)
  return { days: days.rows, progress: progress.rows }
}

t.test(
  'a worker killed in the middle of a statistics run leaves no day of that run visible, and the next one writes them all',
  async (t) => {
    const test = await createTestDatabase(t)
    const { db, pool } = test.database
    const placements = createPlacements({
      hubUrl: test.url,
      config: loadConfig({ DATABASE_URL: test.url }),
      applicationName: 'kindred-test',
      logger: logs.logger,
    })
    t.teardown(() => placements.close())
    const deps = { db, placements, logger: logs.logger }
    const proposal = await insertProposal(db, { slug: 'sturdy', moderators: 1, members: 0 })
    await provisionCommunity(deps, proposal.proposalId)
    const community = await db.selectFrom('hub.communities').select(['id', 'placement', 'schema_name']).executeTakeFirstOrThrow()
    const tenant = placements.tenantDb({ placement: community.placement, schemaName: community.schema_name })
    const tdb = tenant.query
    const founder = await tdb.selectFrom('members').select('member_id').executeTakeFirstOrThrow()
    await sql`update ${sql.id(tenant.schema, 'members')} set joined_at = ${new Date(Date.now() - 5 * 86_400_000)}`.execute(
      placements.database(community.placement),
    )
    await aggregateCommunity(deps, community.id)
    const before = await visible(db)
    t.equal(before.days.length, 6, 'a first run wrote six days')

    // New activity today, which the killed run would count.
    const category = await tdb.selectFrom('categories').select('id').executeTakeFirstOrThrow()
    await tdb.insertInto('threads').values({ category_id: category.id, author_id: founder.member_id, title: 'New' }).execute()

    const holder = new pg.Client({ connectionString: test.url })
    await holder.connect()
    t.teardown(() => holder.end())
    await holder.query('begin')
    await holder.query('lock table hub.stats_progress in share mode')
    await requestStatisticsRun(db)
    const environment = {
      DATABASE_URL: test.url,
      LOG_FORMAT: 'json',
      WORKER_CONCURRENCY: '1',
      KINDRED_MASTER_KEY: randomBytes(32).toString('base64'),
    }
    const first: SpawnedProcess = spawnApp(t, workerScript, environment)
    await first.waitForLine(/Kindred worker is running/)
    await until('the worker waits on the progress marks', async () =>
      (await count(db, sql`wait_event_type = 'Lock' and wait_event = 'relation'`)) > 0 ? true : undefined,
    )
    const writing = await sql<{ n: number }>`
    select count(*)::int as n from pg_locks as lock join pg_stat_activity as session on session.pid = lock.pid
    where session.application_name like 'kindred-worker%' and lock.granted and lock.mode = 'RowExclusiveLock'
      and lock.relation = 'hub.community_daily_stats'::regclass`.execute(db)
    t.equal(writing.rows[0]?.n, 1, 'the run has written its days in its transaction')
    t.same(await visible(db), before, 'while the run waits, none of its days is visible')

    first.child.kill('SIGKILL')
    await first.exited
    await holder.query('rollback')
    await until('the dead worker has no session left', async () => ((await count(db, sql`true`)) === 0 ? true : undefined))
    t.same(await visible(db), before, 'killed: every figure and mark is as the first run left it')
    await sql`select graphile_worker.force_unlock_workers(array_agg(distinct locked_by)) from graphile_worker._private_jobs where locked_by is not null`.execute(
      db,
    )

    const second = spawnApp(t, workerScript, environment)
    await second.waitForLine(/Kindred worker is running/)
    await until('the community job is done', async () =>
      (await queuedJobs(pool)).some((job) => job.task === 'stats__community') ? undefined : true,
    )
    second.child.kill('SIGTERM')
    t.equal(await second.exited, 0, 'the second worker stops cleanly')
    const after = await visible(db)
    t.same(
      after.days.map((row) => (row as { threads: number }).threads),
      [0, 0, 0, 0, 0, 1],
      'the next worker wrote the run completely, today with its new thread',
    )
  },
)
