import { sql } from 'kysely'
import t from 'tap'
import { loadConfig } from '@kindred/config'
import { createPlacements } from '@kindred/community'
import { provisionCommunity } from '@kindred/tenancy'
import { captureLogs, createTestDatabase, insertProposal, spawnApp } from '@kindred/testkit'
import { describePlan, formatBytes, parseRebalanceArguments } from '../src/commands/communities-rebalance.ts'

const cli = 'apps/cli/src/main.ts'
const logs = captureLogs('warn')

t.test('communities:rebalance prints the sizes and the moves as commands, and moves nothing', async (t) => {
  const test = await createTestDatabase(t)
  const second = await createTestDatabase(t, { fromTemplate: false })
  const env = { DATABASE_URL: test.url, KINDRED_PLACEMENTS: `eu-2=${second.url}`, LOG_LEVEL: 'fatal' }
  const placements = createPlacements({ hubUrl: test.url, config: loadConfig(env), applicationName: 'kindred-test', logger: logs.logger })
  t.teardown(() => placements.close())
  for (const slug of ['alpha', 'beta']) {
    const proposal = await insertProposal(test.database.db, { slug, moderators: 1, members: 0 })
    await provisionCommunity({ db: test.database.db, placements, logger: logs.logger }, proposal.proposalId, { placement: 'default' })
  }
  const alpha = await test.database.db
    .selectFrom('hub.communities')
    .select('schema_name')
    .where('slug', '=', 'alpha')
    .executeTakeFirstOrThrow()
  await sql`create table ${sql.id(alpha.schema_name, 'ballast')} as select md5(n::text) as filler from generate_series(1, 20000) as n`.execute(
    test.database.db,
  )

  const run = spawnApp(t, cli, env, ['communities:rebalance'])
  t.equal(await run.exited, 0, run.stderr())
  t.match(run.stdout(), /^Placement +Now +After the moves\ndefault +[\d.]+ MB +[\d.]+ [kM]B\neu-2 +0 B +[\d.]+ MB\n\n/)
  t.match(run.stdout(), /^npm run kindred -- communities:move alpha eu-2 {3}# [\d.]+ MB from default$/m)
  const homes = await test.database.db.selectFrom('hub.communities').select('placement').execute()
  t.same(
    homes.map((home) => home.placement),
    ['default', 'default'],
  )

  const loose = spawnApp(t, cli, env, ['communities:rebalance', '--tolerance=300', '--max-moves', '5'])
  t.equal(await loose.exited, 0)
  t.match(loose.stdout(), /\n\nThe placements are balanced; no move proposed\.\n$/)
  for (const args of [['--tolerance', '1000'], ['--tolerance', '0.5'], ['--max-moves', '0'], ['alpha']]) {
    const wrong = spawnApp(t, cli, env, ['communities:rebalance', ...args])
    t.equal(await wrong.exited, 2, args.join(' '))
    t.match(wrong.stderr(), /Usage: npm run kindred -- communities:rebalance \[--tolerance PERCENT\] \[--max-moves N\]/)
  }
})

t.test('options are a percentage and a count, each once', async (t) => {
  t.same(parseRebalanceArguments([]), { tolerance: 0.1, maxMoves: 20 })
  t.same(parseRebalanceArguments(['--tolerance', '0', '--max-moves=3']), { tolerance: 0, maxMoves: 3 })
  t.equal(parseRebalanceArguments(['--tolerance', '5', '--tolerance', '6']), undefined)
})

t.test('sizes read in units of 1024', async (t) => {
  t.same([0, 1023, 1024, 4_300_000, 5 * 1024 ** 3, 3 * 1024 ** 5].map(formatBytes), [
    '0 B',
    '1023 B',
    '1.0 kB',
    '4.1 MB',
    '5.0 GB',
    '3072.0 TB',
  ])
})

t.test('the moves line up as commands with their sizes as comments, and an unevenness no move helps is said', async (t) => {
  const plan = {
    placements: [
      { name: 'default', before: 30 * 1024 ** 2, after: 12 * 1024 ** 2 },
      { name: 'eu-2', before: 0, after: 10 * 1024 ** 2 },
      { name: 'eu-3', before: 0, after: 8 * 1024 ** 2 },
    ],
    moves: [
      { slug: 'fop', from: 'default', to: 'eu-2', bytes: 10 * 1024 ** 2 },
      { slug: 'alkaptonuria', from: 'default', to: 'eu-3', bytes: 8 * 1024 ** 2 },
    ],
    balanced: false,
  }
  t.equal(
    describePlan(plan),
    [
      'Placement       Now   After the moves',
      'default     30.0 MB           12.0 MB',
      'eu-2            0 B           10.0 MB',
      'eu-3            0 B            8.0 MB',
      '',
      '# In this order: each move was chosen with the ones above it done.',
      'npm run kindred -- communities:move fop eu-2            # 10.0 MB from default',
      'npm run kindred -- communities:move alkaptonuria eu-3   # 8.0 MB from default',
      '# The placements are still uneven after these (the move limit, or communities larger than the gap).',
      '',
    ].join('\n'),
  )
  const stuck = { placements: [{ name: 'default', before: 100, after: 100 }], moves: [], balanced: false }
  t.match(describePlan(stuck), /moving any community of the fullest would only turn the imbalance round; no move proposed\.\n$/)
})
