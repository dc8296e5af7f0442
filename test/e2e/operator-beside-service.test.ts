import t from 'tap'
import { spawnApp } from '@kindred/testkit'
import { cli, dataFolder, finished, serverRunning, serverStopped, startHub } from './operator-support.ts'

t.test('staff:grant, seed and stats:backfill run beside the service on its embedded database', async (t) => {
  const { dataDir, env } = await dataFolder(t)
  const service = await startHub(t, env)
  const registered = await fetch(`${service.url}/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'steward@example.org', password: 'a long enough password', displayName: 'Steward' }),
  })
  t.equal(registered.status, 202)

  const granted = await finished(spawnApp(t, cli, env, ['staff:grant', 'steward@example.org']))
  t.equal(granted.code, 0, granted.stderr)
  t.equal(granted.stdout, 'Steward is now network staff.\n')
  t.match(granted.stderr, /using the embedded PostgreSQL already running on this data folder/)

  const seeded = await finished(spawnApp(t, cli, env, ['seed', '--communities', '2', '--members', '12', '--threads', '3', '--days', '2']))
  t.equal(seeded.code, 0, seeded.stderr)
  t.match(seeded.stdout, /^Seeded 2 communities in /)
  const backfilled = await finished(spawnApp(t, cli, env, ['stats:backfill']))
  t.equal(backfilled.code, 0, backfilled.stderr)
  t.match(backfilled.stdout, /Statistics: 2 communities computed again, 0 failed/)

  const directory = await fetch(`${service.url}/v1/communities`)
  t.equal(directory.status, 200, 'the service still answers after the commands stopped')
  t.equal(((await directory.json()) as { communities: unknown[] }).communities.length, 2, 'and sees what they wrote')
  t.ok(serverRunning(dataDir), 'the database runs on')

  service.process.child.kill('SIGTERM')
  t.equal(await service.process.exited, 0)
  t.ok(await serverStopped(dataDir), 'the service stopped the database as the last process using it')
})
