import t from 'tap'
import { startWorker } from '@kindred/jobs'
import { captureLogs, createTestDatabase, until } from '@kindred/testkit'

const logs = captureLogs('warn')

t.test('the jobs of a worker that died without a word are freed; those of a worker still beating are not', async (t) => {
  const { database } = await createTestDatabase(t)
  const { pool } = database
  const lock = async (key: string, by: string) => {
    await pool.query(`select graphile_worker.add_job('noop', '{}'::json, job_key => $1)`, [key])
    await pool.query(`update graphile_worker._private_jobs set locked_by = $2, locked_at = now() - interval '10 minutes' where key = $1`, [
      key,
      by,
    ])
  }
  const lockedBy = async (key: string) =>
    (await pool.query<{ locked_by: string | null }>('select locked_by from graphile_worker.jobs where key = $1', [key])).rows[0]?.locked_by
  await lock('orphan', 'worker-killed-long-ago')
  await lock('busy', 'worker-still-alive')
  await pool.query(`insert into hub.worker_heartbeats (worker_id) values ('worker-still-alive')`)

  // A worker with no task for these jobs: it only beats and sweeps.
  const worker = await startWorker({
    pool,
    logger: logs.logger,
    concurrency: 1,
    tasks: {},
    liveness: { heartbeatMs: 50, silentAfterMs: 5000 },
  })
  t.teardown(() => worker.stop())
  await until('the orphaned job is free', async () => (await lockedBy('orphan')) === null)
  t.equal(await lockedBy('busy'), 'worker-still-alive', 'a worker that beats keeps its job')
  t.match(logs.text(), /freed the jobs of workers that stopped without releasing them/)
})

t.test('a running worker records itself alive while its job runs, and forgets itself when it stops', async (t) => {
  const { database } = await createTestDatabase(t)
  const { pool } = database
  let release: () => void = () => undefined
  const running = new Promise<void>((resolve) => {
    release = resolve
  })
  let started = false
  const worker = await startWorker({
    pool,
    logger: logs.logger,
    concurrency: 1,
    tasks: {
      slow: async () => {
        started = true
        await running
      },
    },
    liveness: { heartbeatMs: 50, silentAfterMs: 60_000 },
  })
  await pool.query(`select graphile_worker.add_job('slow', '{}'::json)`)
  await until('the job runs', () => Promise.resolve(started))
  const holder = (await pool.query<{ locked_by: string }>('select locked_by from graphile_worker.jobs')).rows[0]?.locked_by
  await until(
    'its worker has a heartbeat',
    async () => (await pool.query('select 1 from hub.worker_heartbeats where worker_id = $1', [holder])).rowCount === 1,
  )
  release()
  await worker.stop()
  const beats = await pool.query('select worker_id from hub.worker_heartbeats where worker_id = $1', [holder])
  t.equal(beats.rowCount, 0, 'a worker that stops cleanly leaves no heartbeat behind')
})
