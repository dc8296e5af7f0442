import { readdir } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { spawnApp } from '@kindred/testkit'
import { cli, dataFolder, finished, serverRunning, serverStopped, startHub } from './operator-support.ts'

t.test('commands and the service started together share one database, which stops after the last of them', async (t) => {
  const { dataDir, env } = await dataFolder(t)
  const backfilling = spawnApp(t, cli, env, ['stats:backfill'])
  const migrating = spawnApp(t, cli, env, ['migrate'])
  const service = await startHub(t, env)
  const [backfilled, migrated] = await Promise.all([finished(backfilling), finished(migrating)])
  t.equal(backfilled.code, 0, backfilled.stderr)
  t.equal(migrated.code, 0, migrated.stderr)
  t.equal((await fetch(`${service.url}/readyz`)).status, 200, 'the service kept its database when the commands ended')
  t.ok(serverRunning(dataDir))

  service.process.child.kill('SIGTERM')
  t.equal(await service.process.exited, 0)
  t.ok(await serverStopped(dataDir), 'stopped after the last process')
  t.same(await readdir(path.join(dataDir, 'leases')), [], 'no lease is left behind')
})
