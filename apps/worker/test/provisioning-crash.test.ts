import { randomBytes } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import pg from 'pg'
import t from 'tap'
import { migrationLockKey, tenantMigrations, type HubDatabase } from '@kindred/db'
import { communityProvisionJob } from '@kindred/tenancy'
import { createTestDatabase, insertProposal, queuedJobs, spawnApp, type SpawnedProcess } from '@kindred/testkit'

// A worker process is killed with SIGKILL while provisioning, at a different step each time: the test
// holds a lock that the step needs, waits until the worker is blocked on it, kills it, lets go, unlocks
// the dead worker's job as an operator would (graphile_worker.force_unlock_workers) and starts another.
// Whatever was left behind, the next worker must finish the same community, exactly once.

const workerScript = 'apps/worker/src/main.ts'

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const value = await probe()
    if (value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`timed out waiting until ${what}`)
}

async function count(db: Kysely<HubDatabase>, query: ReturnType<typeof sql<{ n: string }>>): Promise<number> {
  return Number((await query.execute(db)).rows[0]?.n)
}

t.test(
  'a worker killed at any step of provisioning leaves nothing half-done, and the next one finishes the community exactly once',
  async (t) => {
    const test = await createTestDatabase(t)
    const { db, pool } = test.database
    const proposal = await insertProposal(db, { slug: 'sturdy', moderators: 2, members: 2 })
    await db.transaction().execute((trx) => communityProvisionJob.enqueue(trx, { proposalId: proposal.proposalId }))
    const environment = {
      DATABASE_URL: test.url,
      LOG_FORMAT: 'json',
      WORKER_CONCURRENCY: '1',
      KINDRED_MASTER_KEY: randomBytes(32).toString('base64'),
    }

    const startWorker = async (): Promise<SpawnedProcess> => {
      const worker = spawnApp(t, workerScript, environment)
      await worker.waitForLine(/Kindred worker is running/)
      return worker
    }
    const workerSessions = (where: ReturnType<typeof sql>) =>
      count(db, sql<{ n: string }>`select count(*) as n from pg_stat_activity where application_name like 'kindred-worker%' and ${where}`)
    const blockedOn = (events: string[]) =>
      until(`the worker waits on a lock (${events.join(', ')})`, async () =>
        (await workerSessions(sql`wait_event_type = 'Lock' and wait_event in (${sql.join(events)})`)) > 0 ? true : undefined,
      )

    // Kills the worker while it waits, releases the test's lock, and waits for the dead worker's sessions
    // to end: each one rolls back its transaction once it sees its client is gone.
    const crash = async (worker: SpawnedProcess, release: () => Promise<void>): Promise<void> => {
      worker.child.kill('SIGKILL')
      await worker.exited
      await release()
      await until('the dead worker has no session left', async () => ((await workerSessions(sql`true`)) === 0 ? true : undefined))
      await sql`
      select graphile_worker.force_unlock_workers(array_agg(distinct locked_by))
      from graphile_worker._private_jobs where locked_by is not null`.execute(db)
    }
    const holder = new pg.Client({ connectionString: test.url })
    await holder.connect()
    t.teardown(() => holder.end())

    const state = async () => ({
      communities: (await db.selectFrom('hub.communities').select(['status', 'schema_name']).execute()).map(
        (row) => `${row.schema_name}:${row.status}`,
      ),
      proposal: (await db.selectFrom('hub.proposals').select('status').where('id', '=', proposal.proposalId).executeTakeFirstOrThrow())
        .status,
      events: (
        await db
          .selectFrom('hub.proposal_events')
          .select(['from_status', 'to_status'])
          .where('proposal_id', '=', proposal.proposalId)
          .orderBy('id')
          .execute()
      ).map((event) => `${event.from_status ?? ''}→${event.to_status}`),
      schemas: (await sql<{ name: string }>`select nspname as name from pg_namespace where nspname like 'tenant\\_%'`.execute(db)).rows.map(
        (row) => row.name,
      ),
    })

    // 1. In the hub's first step: the proposal's row is locked.
    await holder.query('begin')
    await holder.query('select 1 from hub.proposals where id = $1 for update', [proposal.proposalId])
    const first = await startWorker()
    await blockedOn(['tuple', 'transactionid'])
    await crash(first, async () => {
      await holder.query('rollback')
    })
    t.same(await state(), { communities: [], proposal: 'approved', events: [], schemas: [] }, 'killed in the first step: nothing happened')

    // 2. On the placement, before the schema is built: the tenant's migration lock is held.
    const nextId = await count(db, sql<{ n: string }>`select coalesce(max(id), 0) + 1 as n from hub.communities`)
    const schema = `tenant_${nextId}`
    const lockKey = (await sql<{ key: string }>`select ${migrationLockKey(schema)} as key`.execute(db)).rows[0]?.key
    await holder.query('select pg_advisory_lock($1::bigint)', [lockKey])
    const second = await startWorker()
    await blockedOn(['advisory'])
    await crash(second, async () => {
      await holder.query('select pg_advisory_unlock_all()')
    })
    t.same(
      await state(),
      { communities: [`${schema}:provisioning`], proposal: 'provisioning', events: ['approved→provisioning'], schemas: [] },
      'killed while building: the community is registered, and no half-built schema exists',
    )

    // 3. Back in the hub, after the schema committed: the communities table is locked against writes.
    await holder.query('begin')
    await holder.query('lock table hub.communities in share mode')
    const third = await startWorker()
    await blockedOn(['relation'])
    await crash(third, async () => {
      await holder.query('rollback')
    })
    t.same(
      await state(),
      { communities: [`${schema}:provisioning`], proposal: 'provisioning', events: ['approved→provisioning'], schemas: [schema] },
      'killed before going live: the schema is complete, the community not yet live',
    )
    t.equal(
      await count(db, sql<{ n: string }>`select count(*) as n from ${sql.id(schema, 'members')}`),
      3,
      'the founder and both moderators are in the tenant',
    )

    // 4. Nothing in the way: the next worker finishes, and a job queued again afterwards changes nothing.
    const fourth = await startWorker()
    // Going live also queues the incubator's mail, which has no SMTP server to go to here: only provisioning counts.
    const provisioning = async () => (await queuedJobs(pool)).filter(({ task }) => task === communityProvisionJob.name)
    await until('the job is done', async () => ((await provisioning()).length === 0 ? true : undefined))
    await db.transaction().execute((trx) => communityProvisionJob.enqueue(trx, { proposalId: proposal.proposalId }))
    await until('the repeated job is done', async () => ((await provisioning()).length === 0 ? true : undefined))
    fourth.child.kill('SIGTERM')
    t.equal(await fourth.exited, 0)

    t.same(
      await state(),
      { communities: [`${schema}:live`], proposal: 'live', events: ['approved→provisioning', 'provisioning→live'], schemas: [schema] },
      'exactly one community, live, and each move recorded once',
    )
    t.equal(await count(db, sql<{ n: string }>`select count(*) as n from ${sql.id(schema, 'members')}`), 3)
    t.equal(await count(db, sql<{ n: string }>`select count(*) as n from hub.memberships`), 3)
    t.equal(await count(db, sql<{ n: string }>`select count(*) as n from hub.community_invitations`), 2)
    t.equal(
      await count(db, sql<{ n: string }>`select count(*) as n from ${sql.id(schema, 'schema_migrations')}`),
      (await tenantMigrations()).length,
    )
  },
)
