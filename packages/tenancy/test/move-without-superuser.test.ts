import { readFile } from 'node:fs/promises'
import { sql, type Kysely } from 'kysely'
import t from 'tap'
import { loadConfig } from '@kindred/config'
import { createPlacements } from '@kindred/community'
import { captureLogs, createTestDatabase, createTestRole, insertProposal } from '@kindred/testkit'
import { moveCommunity, provisionCommunity } from '../src/index.ts'

const logs = captureLogs('warn')

// What an operator runs once per placement database (docs/operations.md).
async function installMoveFunctions<Schema>(db: Kysely<Schema>, role: string): Promise<void> {
  const script = await readFile(new URL('../../../infra/postgresql/moves.sql', import.meta.url), 'utf8')
  await sql.raw(script.replaceAll(':ROLE', `"${role}"`)).execute(db)
}

t.test('a role that is not a superuser moves a community through the functions of infra/postgresql/moves.sql', async (t) => {
  const role = await createTestRole(t)
  const hub = await createTestDatabase(t)
  const second = await createTestDatabase(t, { fromTemplate: false })
  const third = await createTestDatabase(t, { fromTemplate: false })
  for (const db of [hub.database.db, second.database.db, third.database.db]) {
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db)
    await sql`grant create on database ${sql.id(rows[0]?.name ?? '')} to ${sql.id(role.name)}`.execute(db)
  }
  await installMoveFunctions(hub.database.db, role.name)
  await installMoveFunctions(second.database.db, role.name)

  const config = loadConfig({
    DATABASE_URL: hub.url,
    KINDRED_PLACEMENTS: `eu-2=${role.urlFor(second.url)},eu-3=${role.urlFor(third.url)}`,
  })
  const placements = createPlacements({ hubUrl: role.urlFor(hub.url), config, applicationName: 'kindred-test', logger: logs.logger })
  t.teardown(() => placements.close())
  const deps = { db: hub.database.db, placements, logger: logs.logger }
  const proposal = await insertProposal(hub.database.db, { slug: 'fop', moderators: 1, members: 2 })
  await provisionCommunity(deps, proposal.proposalId, { placement: 'default' })
  const community = await hub.database.db
    .selectFrom('hub.communities')
    .select(['placement', 'schema_name as schema'])
    .where('slug', '=', 'fop')
    .executeTakeFirstOrThrow()
  const memberCount = <Schema>(db: Kysely<Schema>) =>
    sql<{ count: string }>`select count(*) from ${sql.id(community.schema, 'members')}`.execute(db).then(({ rows }) => rows[0]?.count)
  const members = await memberCount(hub.database.db)

  await t.rejects(
    moveCommunity(deps, 'fop', 'eu-3', { graceMs: 0 }),
    { message: /Kindred's role may not create subscriptions; run infra\/postgresql\/moves\.sql there once as a superuser/ },
    'a placement without the functions is refused with what to do',
  )
  t.match(await moveCommunity(deps, 'fop', 'eu-2', { graceMs: 0 }), { outcome: 'moved', from: 'default', to: 'eu-2' })
  const moved = await hub.database.db.selectFrom('hub.communities').select('placement').where('slug', '=', 'fop').executeTakeFirstOrThrow()
  t.equal(moved.placement, 'eu-2')
  t.equal(await memberCount(second.database.db), members, 'every member came along')
  const { rows: owners } = await sql<{ owner: string }>`
    select pg_catalog.pg_get_userbyid(nspowner) as owner from pg_catalog.pg_namespace where nspname = ${community.schema}`.execute(
    second.database.db,
  )
  t.same(owners, [{ owner: role.name }], 'the copy belongs to Kindred’s role, as the original did')
  // Slots and subscriptions are the server's: other tests' moves may be under way, so only this one's.
  const name = `kindred_move_${community.schema}`
  const { rows: leftovers } = await sql`
    select slot_name from pg_catalog.pg_replication_slots where slot_name = ${name}
    union all select subname from pg_catalog.pg_subscription where subname = ${name}
    union all select pubname from pg_catalog.pg_publication where pubname = ${name}`.execute(hub.database.db)
  t.same(leftovers, [], 'no slot, subscription or publication left behind, by the refused move either')
})
