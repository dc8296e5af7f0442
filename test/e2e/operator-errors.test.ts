import t from 'tap'
import { freePort, spawnApp } from '@kindred/testkit'
import { cli, dataFolder, finished, serverStopped } from './operator-support.ts'

const errorLines = (stderr: string): string[] => stderr.split('\n').filter((line) => line !== '' && !line.startsWith('{'))

t.test('a command that fails says what is wrong in one line, with a non-zero exit code and no stack', async (t) => {
  const { dataDir, env } = await dataFolder(t)
  const unknown = await finished(spawnApp(t, cli, env, ['staff:grant', 'nobody@example.org']))
  t.equal(unknown.code, 1)
  t.same(errorLines(unknown.stderr), ['No account with that email; register first, then run this command again.'])
  t.notMatch(unknown.stderr, /\n\s+at /, 'no stack trace')
  t.ok(await serverStopped(dataDir), 'the command stopped the database it started')

  const debug = await finished(spawnApp(t, cli, { ...env, LOG_LEVEL: 'debug' }, ['staff:grant', 'nobody@example.org']))
  t.equal(debug.code, 1)
  t.match(debug.stderr, /"msg":"staff:grant failed"/, 'LOG_LEVEL=debug logs the failure with its details')

  const unreachable = await finished(
    spawnApp(t, cli, { DATABASE_URL: `postgres://kindred@127.0.0.1:${await freePort()}/kindred` }, ['migrate']),
  )
  t.equal(unreachable.code, 1)
  t.same(errorLines(unreachable.stderr).length, 1, unreachable.stderr)
  t.match(unreachable.stderr, /^migrate failed: connect ECONNREFUSED 127\.0\.0\.1:\d+ \(LOG_LEVEL=debug shows the details\)$/m)
})
