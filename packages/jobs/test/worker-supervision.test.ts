import t from 'tap'
import { startWorker } from '@kindred/jobs'
import { captureLogs, createTestDatabase, until } from '@kindred/testkit'

const logs = captureLogs('warn')

t.test('a runner that cannot finish stopping on its own is replaced, and jobs go on', async (t) => {
  const { database } = await createTestDatabase(t)
  const { pool } = database
  let release: () => void = () => undefined
  const held = new Promise<void>((resolve) => {
    release = resolve
  })
  let slowStarted = false
  let markerRan = false
  const worker = await startWorker({
    pool,
    logger: logs.logger,
    concurrency: 2,
    restartDelayMs: 50,
    stuckAfterMs: 300,
    tasks: {
      slow: async () => {
        slowStarted = true
        await held
      },
      doomed: async () => undefined,
      marker: async () => {
        markerRan = true
      },
    },
  })
  t.teardown(async () => {
    release()
    await worker.stop()
  })

  await pool.query(`select graphile_worker.add_job('slow', '{}'::json)`)
  await until('the slow job runs', () => Promise.resolve(slowStarted))
  // The completion of 'doomed' fails, as when the database goes away: the pool shuts itself down and
  // waits for 'slow', which never ends.
  await pool.query(`
    create function public.refuse_doomed() returns trigger language plpgsql as $$
    begin
      if (select identifier from graphile_worker._private_tasks where id = old.task_id) = 'doomed' then
        raise exception 'completion refused';
      end if;
      return old;
    end $$`)
  await pool.query(`
    create trigger refuse_doomed before delete on graphile_worker._private_jobs
    for each row execute function public.refuse_doomed()`)
  await pool.query(`select graphile_worker.add_job('doomed', '{}'::json)`)
  await until('the pool gives up on itself', () => Promise.resolve(/Failed to complete jobs/.test(logs.text())))
  await pool.query('drop trigger refuse_doomed on graphile_worker._private_jobs')

  await pool.query(`select graphile_worker.add_job('marker', '{}'::json)`)
  await until('another runner takes the next job', () => Promise.resolve(markerRan))
  t.match(logs.text(), /worker did not finish stopping on its own; starting another/)
})
