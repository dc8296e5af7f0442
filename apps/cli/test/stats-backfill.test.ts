import { sql } from 'kysely'
import t from 'tap'
import { loadConfig } from '@kindred/config'
import { createPlacements } from '@kindred/community'
import { provisionCommunity } from '@kindred/tenancy'
import { captureLogs, createTestDatabase, insertProposal, spawnApp } from '@kindred/testkit'
import { parseBackfillArguments } from '../src/commands/stats-backfill.ts'

const cli = 'apps/cli/src/main.ts'
const logs = captureLogs('warn')
const dayMs = 86_400_000
const day = (days: number): string => new Date(Date.now() + days * dayMs).toISOString().slice(0, 10)

t.test('stats:backfill computes every live community from its first day, then the network, with progress', async (t) => {
  const test = await createTestDatabase(t)
  const { db } = test.database
  const placements = createPlacements({
    hubUrl: test.url,
    config: loadConfig({ DATABASE_URL: test.url }),
    applicationName: 'kindred-test',
    logger: logs.logger,
  })
  t.teardown(() => placements.close())
  for (const slug of ['alpha', 'beta']) {
    const proposal = await insertProposal(db, { slug, moderators: 1, members: 0 })
    await provisionCommunity({ db, placements, logger: logs.logger }, proposal.proposalId)
  }
  const alpha = await db.selectFrom('hub.communities').select(['id', 'schema_name']).where('slug', '=', 'alpha').executeTakeFirstOrThrow()
  await sql`update ${sql.id(alpha.schema_name, 'members')} set joined_at = now() - interval '4 days'`.execute(db)

  const run = spawnApp(t, cli, { DATABASE_URL: test.url, LOG_LEVEL: 'fatal' }, ['stats:backfill', '--concurrency', '2'])
  t.equal(await run.exited, 0, run.stderr())
  t.match(run.stdout(), `Statistics: 2 communities computed again, 0 failed; network from ${day(-4)}.`)
  t.match(run.stderr(), /^2\/2 communities, [\d.]+\/s, ETA 0s$/m, 'progress as plain lines when stderr is not a terminal')
  const counts = await sql<{ community: number; network: number; incubator: number; progress: number }>`
    select (select count(*)::int from hub.community_daily_stats) as community, (select count(*)::int from hub.network_daily_stats) as network,
           (select count(*)::int from hub.incubator_daily_stats) as incubator, (select count(*)::int from hub.stats_progress) as progress`.execute(
    db,
  )
  t.same(counts.rows[0], { community: 6, network: 5, incubator: 5, progress: 2 }, 'alpha from four days ago, beta from today')

  const again = spawnApp(t, cli, { DATABASE_URL: test.url, LOG_LEVEL: 'fatal' }, ['stats:backfill', `--from=${day(-1)}`])
  t.equal(await again.exited, 0)
  t.match(again.stdout(), `network from ${day(-1)}.`)
  const wrong = spawnApp(t, cli, { DATABASE_URL: test.url }, ['stats:backfill', '--from', 'yesterday'])
  t.equal(await wrong.exited, 2)
  t.match(wrong.stderr(), /Usage: npm run kindred -- stats:backfill \[--from YYYY-MM-DD\] \[--concurrency N\]/)
})

t.test('stats:backfill takes --from and --concurrency, each once, as two words or with =', async (t) => {
  t.same(parseBackfillArguments([]), { concurrency: 4 })
  t.same(parseBackfillArguments(['--from', '2025-01-31', '--concurrency=8']), { from: '2025-01-31', concurrency: 8 })
  for (const args of [
    ['--from'],
    ['--from', '2025-02-30'],
    ['--concurrency', '0'],
    ['--concurrency', '1', '--concurrency', '2'],
    ['--fast', '1'],
  ]) {
    t.equal(parseBackfillArguments(args), undefined, args.join(' '))
  }
})
