import { sql, type Kysely } from 'kysely'
import t, { type Test } from 'tap'
import { currentCharter } from '@kindred/charter'
import { loadConfig } from '@kindred/config'
import { tenantMigrations, type HubDatabase } from '@kindred/db'
import { kindredTasks } from '@kindred/jobs'
import { createPlacements, type Placements } from '@kindred/community'
import { communityProvisionJob, defaultCategories, provisionCommunity, retryProvisioning } from '@kindred/tenancy'
import {
  captureLogs,
  createTestDatabase,
  freePort,
  insertProposal,
  queuedJobs,
  runDueJobs,
  type TestDatabase,
  taskDependencies,
} from '@kindred/testkit'

const logs = captureLogs('warn')

function placementsFor(t: Test, test: TestDatabase, env: Record<string, string> = {}): Placements {
  const config = loadConfig({ ...env, DATABASE_URL: test.url })
  const placements = createPlacements({ hubUrl: test.url, config, applicationName: 'kindred-test', logger: logs.logger })
  t.teardown(() => placements.close())
  return placements
}

function tasksFor(test: TestDatabase, placements: Placements) {
  const config = loadConfig({ DATABASE_URL: test.url })
  return kindredTasks(taskDependencies({ db: test.database.db, placements, logger: logs.logger, config }))
}

async function queue(db: Kysely<HubDatabase>, proposalId: string, placement?: string): Promise<void> {
  await db
    .transaction()
    .execute((trx) => communityProvisionJob.enqueue(trx, placement === undefined ? { proposalId } : { proposalId, placement }))
}

// The provisioning jobs in the queue: going live also queues the incubator's mail (live-mail.test.ts).
async function provisioningJobs(pool: Parameters<typeof queuedJobs>[0]) {
  return (await queuedJobs(pool)).filter(({ task }) => task === communityProvisionJob.name)
}

async function community(db: Kysely<HubDatabase>, proposalId: string) {
  return db.selectFrom('hub.communities').selectAll().where('proposal_id', '=', proposalId).executeTakeFirst()
}

async function events(db: Kysely<HubDatabase>, proposalId: string) {
  return db
    .selectFrom('hub.proposal_events')
    .select(['from_status', 'to_status', 'actor_id'])
    .where('proposal_id', '=', proposalId)
    .orderBy('id')
    .execute()
}

// Every value stored anywhere in a schema, as text: what a tenant could ever reveal.
async function everythingIn(db: Kysely<HubDatabase>, schema: string): Promise<string> {
  const tables = await sql<{
    name: string
  }>`select table_name as name from information_schema.tables where table_schema = ${schema}`.execute(db)
  let text = ''
  for (const { name } of tables.rows) {
    const rows = await sql<{ row: unknown }>`select row_to_json(t) as row from ${sql.id(schema, name)} t`.execute(db)
    text += JSON.stringify(rows.rows)
  }
  return text
}

t.test('an approved proposal becomes a live community with its schema migrated, seeded and founded', async (t) => {
  const test = await createTestDatabase(t)
  const { db } = test.database
  const placements = placementsFor(t, test)
  const proposal = await insertProposal(db, {
    slug: 'fop',
    moderators: 2,
    members: 3,
    languages: ['en', 'fr'],
    orphaCode: 'ORPHA:337',
    alsoKnownAs: ['Stone man syndrome'],
  })
  await queue(db, proposal.proposalId)
  await runDueJobs(test.database.pool, tasksFor(test, placements))

  t.same(await provisioningJobs(test.database.pool), [], 'the job completed')
  const row = await community(db, proposal.proposalId)
  if (row === undefined) throw new Error('no community')
  const migrations = await tenantMigrations()
  t.match(row, {
    slug: 'fop',
    status: 'live',
    name: proposal.diseaseName,
    disease_name: proposal.diseaseName,
    orpha_code: 'ORPHA:337',
    languages: ['en', 'fr'],
    also_known_as: ['Stone man syndrome'],
    description: `A community for people living with ${proposal.diseaseName}`,
    prevalence_class: 'lt_1_per_1m',
    placement: 'default',
    schema_name: `tenant_${row.id}`,
    migration_version: migrations.at(-1)?.name,
    provisioning_error: null,
  })
  t.type(row.live_at, Date)

  const schema = row.schema_name
  const tenant = placements.tenantDb({ placement: row.placement, schemaName: schema }).query
  const applied = await tenant.selectFrom('schema_migrations').select('name').orderBy('name').execute()
  t.same(
    applied.map((migration) => migration.name),
    migrations.map((migration) => migration.name),
    'every tenant migration applied',
  )

  const charter = await currentCharter(db)
  t.same(await tenant.selectFrom('charter').select(['version', 'text']).execute(), [{ version: charter.version, text: charter.text }])
  const categories = await tenant.selectFrom('categories').select(['slug', 'position']).orderBy('position').execute()
  t.same(
    categories,
    defaultCategories.map((category, position) => ({ slug: category.slug, position })),
  )

  const memberships = await db
    .selectFrom('hub.memberships')
    .select(['account_id', 'member_id'])
    .where('community_id', '=', row.id)
    .execute()
  const memberIdOf = new Map(memberships.map((membership) => [membership.account_id, membership.member_id]))
  t.equal(memberships.length, 3, 'the founder and the two moderators are members')
  const members = await tenant.selectFrom('members').select(['member_id', 'pseudonym', 'role']).orderBy('role').execute()
  t.same(
    members.map((member) => [member.member_id, member.role]).sort(),
    [[memberIdOf.get(proposal.founderId), 'owner'], ...proposal.moderatorIds.map((id) => [memberIdOf.get(id), 'moderator'])].sort(),
  )
  for (const member of members) t.match(member.pseudonym, /^member-[a-z2-9]{4,}$/)

  const everything = await everythingIn(db, schema)
  const accountIds = [proposal.founderId, ...proposal.moderatorIds, ...proposal.memberIds]
  for (const secret of [...accountIds, ...proposal.personalData]) t.notOk(everything.includes(secret), `the tenant never holds ${secret}`)

  const invitations = await db.selectFrom('hub.community_invitations').select('account_id').where('community_id', '=', row.id).execute()
  t.same(invitations.map((invitation) => invitation.account_id).sort(), [...proposal.memberIds].sort(), 'the member supporters are invited')

  const proposalRow = await db.selectFrom('hub.proposals').select('status').where('id', '=', proposal.proposalId).executeTakeFirstOrThrow()
  t.equal(proposalRow.status, 'live')
  t.same(await events(db, proposal.proposalId), [
    { from_status: 'approved', to_status: 'provisioning', actor_id: null },
    { from_status: 'provisioning', to_status: 'live', actor_id: null },
  ])
})

t.test('running the job again, or several at once, yields one community provisioned once', async (t) => {
  const test = await createTestDatabase(t, { poolMax: 10 })
  const { db } = test.database
  const placements = placementsFor(t, test, { PLACEMENT_POOL_MAX: '6' })
  const proposal = await insertProposal(db, { slug: 'again', moderators: 1, members: 2 })
  const deps = { db, placements, logger: logs.logger }
  const results = await Promise.all([1, 2, 3, 4].map(() => provisionCommunity(deps, proposal.proposalId)))
  for (const result of results) t.match(result, { outcome: /^(live|already-provisioned)$/, slug: 'again' })
  await queue(db, proposal.proposalId)
  await runDueJobs(test.database.pool, tasksFor(test, placements))
  t.same(await provisioningJobs(test.database.pool), [])

  const communities = await db.selectFrom('hub.communities').select(['id', 'schema_name']).execute()
  t.equal(communities.length, 1)
  const schema = communities[0]?.schema_name ?? ''
  const count = async (table: string) =>
    Number((await sql<{ n: string }>`select count(*) as n from ${sql.id(schema, table)}`.execute(db)).rows[0]?.n)
  t.equal(await count('members'), 2)
  t.equal(await count('categories'), defaultCategories.length)
  t.equal(await count('charter'), 1)
  t.equal((await db.selectFrom('hub.memberships').select('member_id').execute()).length, 2)
  t.equal((await db.selectFrom('hub.community_invitations').select('account_id').execute()).length, 2)
  t.equal((await events(db, proposal.proposalId)).length, 2, 'one event per move')
})

t.test('a proposal that is not approved is left alone and its job completes', async (t) => {
  const test = await createTestDatabase(t)
  const { db } = test.database
  const placements = placementsFor(t, test)
  const proposal = await insertProposal(db, { slug: 'still-open', status: 'open' })
  await queue(db, proposal.proposalId)
  await runDueJobs(test.database.pool, tasksFor(test, placements))
  t.same(await provisioningJobs(test.database.pool), [])
  t.equal(await community(db, proposal.proposalId), undefined)
  t.match(logs.text(), /proposal is not approved; nothing to provision/)
})

t.test('a malformed payload fails the job, naming the problem, without touching anything', async (t) => {
  const test = await createTestDatabase(t)
  const placements = placementsFor(t, test)
  await sql`select graphile_worker.add_job('community__provision', '{"proposalId":"not-a-uuid"}'::json)`.execute(test.database.db)
  await runDueJobs(test.database.pool, tasksFor(test, placements))
  const [job] = await provisioningJobs(test.database.pool)
  t.match(job, { task: 'community__provision', attempts: 1, lastError: /proposalId must be a UUID/ })
  t.same(await test.database.db.selectFrom('hub.communities').select('id').execute(), [])
})

t.test('after the last attempt fails, staff see provisioning_failed with the error, and a retry provisions it', async (t) => {
  const test = await createTestDatabase(t)
  const { db } = test.database
  const password = 'S3cret-placement-password'
  // A cluster nothing listens on: connecting fails. The password in its URL must reach no one.
  const broken = placementsFor(t, test, { KINDRED_PLACEMENTS: `eu-2=postgres://kindred:${password}@127.0.0.1:${await freePort()}/kindred` })
  const proposal = await insertProposal(db, { slug: 'unlucky' })
  await queue(db, proposal.proposalId, 'eu-2')
  // Skip to the ninth of ten attempts: its failure is retried, the tenth one's is final.
  await sql`update graphile_worker._private_jobs set attempts = 8`.execute(db)
  await runDueJobs(test.database.pool, tasksFor(test, broken))
  t.match(
    await community(db, proposal.proposalId),
    { status: 'provisioning', provisioning_error: null },
    'an attempt that will be retried shows nothing yet',
  )

  await sql`update graphile_worker._private_jobs set run_at = now()`.execute(db)
  await runDueJobs(test.database.pool, tasksFor(test, broken))
  const failed = await community(db, proposal.proposalId)
  t.match(failed, { status: 'provisioning_failed', placement: 'eu-2', provisioning_error: /ECONNREFUSED/ })
  t.notMatch(failed?.provisioning_error ?? '', password)
  t.notMatch(logs.text(), password, 'nor does any log line')
  const [job] = await provisioningJobs(test.database.pool)
  t.match(job, { attempts: 10, maxAttempts: 10 }, 'graphile-worker gave up on the job too')
  const recorded = await db.selectFrom('hub.community_events').select(['action', 'reason']).execute()
  t.match(recorded, [{ action: 'provisioning_failed', reason: /ECONNREFUSED/ }])

  // The operator fixes KINDRED_PLACEMENTS and restarts; staff retry.
  const fixed = placementsFor(t, test, { KINDRED_PLACEMENTS: `eu-2=${test.url}` })
  await retryProvisioning(db, { slug: 'unlucky', actorId: null })
  t.match(await community(db, proposal.proposalId), { status: 'provisioning', provisioning_error: null })
  t.match(await provisioningJobs(test.database.pool), [
    { attempts: 0, maxAttempts: 10, key: `community__provision:${proposal.proposalId}` },
  ])
  await runDueJobs(test.database.pool, tasksFor(test, fixed))
  t.match(await community(db, proposal.proposalId), { status: 'live', placement: 'eu-2', provisioning_error: null })
  await t.rejects(retryProvisioning(db, { slug: 'unlucky', actorId: null }), { code: 'KINDRED_COMMUNITY_STATUS_CONFLICT' })
})
