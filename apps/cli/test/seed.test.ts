import t from 'tap'
import { createTestDatabase, spawnApp } from '@kindred/testkit'
import { demoNetwork, describeSeed, parseSeedArguments } from '../src/commands/seed.ts'

const cli = 'apps/cli/src/main.ts'

t.test('seed builds the communities asked for, shows its progress, and says what it built and how long it took', async (t) => {
  const test = await createTestDatabase(t)
  const args = ['seed', '--communities', '2', '--members', '12', '--threads=5', '--days', '20', '--replies', '2', '--concurrency', '2']
  const run = spawnApp(t, cli, { DATABASE_URL: test.url, LOG_LEVEL: 'fatal' }, args)
  t.equal(await run.exited, 0, run.stderr())
  t.match(
    run.stdout(),
    /^Seeded 2 communities in [\d.]+ s: 24 members \(24 accounts, 0 opted out of statistics\), 10 threads, 30 posts, \d+ reactions, \d+ reports\.\nStatistics: 2 communities computed again, 0 failed; network from \d{4}-\d{2}-\d{2}\.\nLeft 4 proposals in the incubator: 2 ready for review, 1 gathering support with its window closing in 2 days, 1 with changes requested \(\d+ more accounts\)\.\nTo review them: sign up on the site, then `npm run kindred -- staff:grant <your email>` and open \/staff\/proposals\.\n$/,
  )
  const proposals = await test.database.db.selectFrom('hub.proposals').select('status').where('status', '<>', 'live').execute()
  t.same(proposals.map((row) => row.status).sort(), ['changes_requested', 'open', 'ready', 'ready'], 'proposals left to review')
  t.match(run.stderr(), /^2\/2 communities, [\d.]+\/s, ETA 0s$/m, 'progress as plain lines when stderr is not a terminal')
  const live = await test.database.db.selectFrom('hub.communities').select('slug').where('status', '=', 'live').orderBy('slug').execute()
  t.same(
    live.map((row) => row.slug),
    ['cystic-fibrosis', 'fop'],
  )
  const health = await test.database.db.selectFrom('hub.community_health_lines').select(['figures_day', 'members']).execute()
  t.equal(health.length, 2, "staff's dashboard has a line for each community without waiting for the hourly run")
  for (const line of health) {
    t.ok(line.figures_day !== null && line.members !== null && line.members > 0 && line.members <= 12, 'with its figures')
  }
})

t.test('seed refuses malformed, repeated or unknown arguments with its usage and exit code 2', async (t) => {
  const test = await createTestDatabase(t)
  for (const args of [
    ['--communities'],
    ['--communities', '2', '--members', '5', '--threads', '1', '--days', 'x'],
    ['demo'],
    ['--communities', '2', '--communities', '3'],
  ]) {
    const run = spawnApp(t, cli, { DATABASE_URL: test.url }, ['seed', ...args])
    t.equal(await run.exited, 2, args.join(' '))
    t.match(run.stderr(), /Usage: npm run kindred -- seed \[--communities N\] \[--members M\] \[--threads T\] \[--days D\]/)
  }
  const tooMany = spawnApp(t, cli, { DATABASE_URL: test.url, LOG_LEVEL: 'fatal' }, [
    'seed',
    '--communities',
    '9999',
    '--members',
    '5',
    '--threads',
    '1',
    '--days',
    '5',
  ])
  t.equal(await tooMany.exited, 2)
  t.match(tooMany.stderr(), /The disease list allows \d+ more communities here, not 9999/)
})

t.test('arguments are read as --flag value or --flag=value', async (t) => {
  t.same(parseSeedArguments(['--communities=3', '--members', '20', '--threads', '50', '--days', '30']), {
    communities: 3,
    members: 20,
    threads: 50,
    days: 30,
  })
  t.same(
    parseSeedArguments(['--days', '1', '--threads', '0', '--members', '1', '--communities', '1', '--replies', '0', '--concurrency', '8']),
    {
      communities: 1,
      members: 1,
      threads: 0,
      days: 1,
      replies: 0,
      concurrency: 8,
    },
  )
  t.same(parseSeedArguments([]), demoNetwork, 'with no size given, the demo network')
  t.same(parseSeedArguments(['--days', '7']), { ...demoNetwork, days: 7 })
  t.equal(parseSeedArguments(['--communities', '3', '--members', '20', '--threads', '50', '--days', '30', '--fast', '1']), undefined)
  t.equal(parseSeedArguments(['--communities', '-3', '--members', '20', '--threads', '50', '--days', '30']), undefined)
})

t.test('the summary counts with thousands separators and minutes when it took that long', async (t) => {
  const summary = describeSeed({
    communities: 1000,
    accounts: 200_000,
    members: 200_000,
    threads: 400_000,
    posts: 2_000_000,
    reactions: 1_600_000,
    reports: 8000,
    optedOut: 8000,
    elapsedMs: 312_400,
  })
  t.equal(
    summary,
    'Seeded 1,000 communities in 5 min 12 s: 200,000 members (200,000 accounts, 8,000 opted out of statistics), 400,000 threads, 2,000,000 posts, 1,600,000 reactions, 8,000 reports.',
  )
})
