import { randomUUID } from 'node:crypto'
import { sql, type Kysely, type RawBuilder } from 'kysely'
import t, { type Test } from 'tap'
import { loadConfig } from '@kindred/config'
import { tenantMigrations, type HubDatabase } from '@kindred/db'
import { createPlacements, type Placements } from '@kindred/community'
import { renderMarkdown } from '@kindred/forum'
import { decideOnProposal, getProposal, meetsThreshold, normaliseProposalFields } from '@kindred/incubator'
import {
  allCommunityPlans,
  maxPlannedCommunities,
  seedDiseases,
  seedIncubator,
  seedNetwork,
  unusablePasswordHash,
  type SeedProgress,
} from '@kindred/seed'
import { communityProvisionJob, provisionCommunity } from '@kindred/tenancy'
import { captureLogs, createTestDatabase } from '@kindred/testkit'
import texts from '../data/texts.json' with { type: 'json' }

const logs = captureLogs('warn')
const day = 86_400_000

async function setUp(t: Test): Promise<{ db: Kysely<HubDatabase>; placements: Placements }> {
  const test = await createTestDatabase(t)
  const placements = createPlacements({
    hubUrl: test.url,
    config: loadConfig({ DATABASE_URL: test.url }),
    applicationName: 'kindred-test',
    logger: logs.logger,
  })
  t.teardown(() => placements.close())
  return { db: test.database.db, placements }
}

const rows = async <Row>(db: Kysely<HubDatabase>, query: RawBuilder<Row>): Promise<Row[]> => (await query.execute(db)).rows

t.test('the shipped disease list holds real Orphanet codes, each once, with slugs that fit', async (t) => {
  t.ok(seedDiseases.length >= 150, `${seedDiseases.length} diseases`)
  t.equal(new Set(seedDiseases.map((disease) => disease.orphaCode)).size, seedDiseases.length, 'codes are unique')
  t.equal(new Set(seedDiseases.map((disease) => disease.slug)).size, seedDiseases.length, 'slugs are unique')
  for (const disease of seedDiseases) {
    t.match(disease.orphaCode, /^ORPHA:[0-9]{1,7}$/, disease.name)
    t.match(disease.slug, /^[a-z0-9][a-z0-9-]{1,35}[a-z0-9]$/, disease.name)
  }
  t.match(seedDiseases[0], { name: 'Fibrodysplasia ossificans progressiva', orphaCode: 'ORPHA:337' })
  const plans = allCommunityPlans()
  t.equal(plans.length, maxPlannedCommunities)
  t.equal(new Set(plans.map((plan) => plan.slug)).size, plans.length, 'chapters never reuse a slug')
  t.equal(new Set(plans.map((plan) => plan.diseaseKey)).size, plans.length, 'nor a disease')
  t.ok(maxPlannedCommunities >= 1000, 'enough for the 1,000-community benchmark')
})

t.test('the other names of the shipped diseases are as a proposal stores them: trimmed, each once, never the name', async (t) => {
  const named = seedDiseases.filter((disease) => (disease.alsoKnownAs ?? []).length > 0)
  t.ok(named.length >= 50, `${named.length} diseases with other names`)
  for (const { name, slug, alsoKnownAs = [] } of named) {
    const fields = { diseaseName: name, slug, summary: 'A summary', languages: ['en'], founderStatement: 'Me', alsoKnownAs }
    t.strictSame(normaliseProposalFields(fields).alsoKnownAs, alsoKnownAs, name)
  }
})

t.test('a small seed builds live, well-formed communities with exactly the members, threads and posts asked for', async (t) => {
  const { db, placements } = await setUp(t)
  const now = new Date()
  const progress: SeedProgress[] = []
  const result = await seedNetwork(
    { db, placements, logger: logs.logger },
    { communities: 5, members: 20, threads: 10, replies: 4, days: 30, concurrency: 2, now, onProgress: (step) => progress.push(step) },
  )
  t.match(result, { communities: 5, accounts: 100, members: 100, threads: 50, posts: 250, optedOut: 5 })
  t.ok(result.reactions > 0, `${result.reactions} reactions`)
  t.ok(result.elapsedMs > 0)
  t.same(progress.at(-1), { done: 5, total: 5, failed: 0 })

  const communities = await db
    .selectFrom('hub.communities')
    .select(['id', 'slug', 'status', 'orpha_code', 'schema_name', 'migration_version', 'live_at'])
    .orderBy('id')
    .execute()
  t.same(communities.map((community) => [community.slug, community.status, community.orpha_code]).sort(), [
    ['becker', 'live', 'ORPHA:98895'],
    ['cystic-fibrosis', 'live', 'ORPHA:586'],
    ['duchenne', 'live', 'ORPHA:98896'],
    ['fop', 'live', 'ORPHA:337'],
    ['huntington', 'live', 'ORPHA:399'],
  ])
  const [bilingual] = await rows(
    db,
    sql<{
      configs: string[]
    }>`select search_configs as configs from ${sql.id(communities.find((c) => c.slug === 'huntington')?.schema_name ?? '', 'settings')}`,
  )
  t.same(bilingual?.configs, ['english', 'french'], 'one community in two languages, searched in both')
  const fop = await db.selectFrom('hub.communities').select('also_known_as').where('slug', '=', 'fop').executeTakeFirstOrThrow()
  t.same(fop.also_known_as, ['Stone man syndrome', 'Myositis ossificans progressiva', 'Münchmeyer disease'], 'from the proposal')
  const latest = (await tenantMigrations()).at(-1)?.name
  const proposals = await db.selectFrom('hub.proposals').select(['slug', 'status']).execute()
  t.same(new Set(proposals.map((proposal) => proposal.status)), new Set(['live']))

  let reactions = 0
  let reports = 0
  for (const community of communities) {
    t.equal(community.migration_version, latest, `${community.slug} is fully migrated`)
    const liveAt = community.live_at?.getTime() ?? 0
    t.ok(liveAt <= now.getTime() - 22 * day && liveAt >= now.getTime() - 30 * day - 1000, `${community.slug} launched within the 30 days`)
    const table = (name: string) => sql.id(community.schema_name, name)
    const [charter] = await rows(db, sql<{ n: number }>`select count(*)::int as n from ${table('charter')}`)
    t.equal(charter?.n, 1, 'the charter was copied in')

    // The hub links exactly the tenant's members, left ones marked as left in both.
    const hubLinks = await db
      .selectFrom('hub.memberships')
      .select(['member_id', 'left_at'])
      .where('community_id', '=', community.id)
      .orderBy('member_id')
      .execute()
    const members = await rows(
      db,
      sql<{
        member_id: string
        left_at: Date | null
        role: string
        charter_version: number | null
      }>`select member_id, left_at, role, charter_version from ${table('members')} order by member_id`,
    )
    t.same(
      hubLinks.map((link) => [link.member_id, link.left_at?.getTime() ?? null]),
      members.map((member) => [member.member_id, member.left_at?.getTime() ?? null]),
    )
    const roles = members.map((member) => member.role)
    t.same(
      [roles.filter((role) => role === 'owner').length, roles.filter((role) => role === 'moderator').length],
      [1, 2],
      'an owner and two moderators',
    )
    t.ok(
      members.every((member) => member.charter_version === 1),
      'everyone accepted the charter',
    )

    const [checks] = await rows(
      db,
      sql<Record<string, number>>`
      select
        (select count(*)::int from ${table('threads')} t join ${table('members')} m on m.member_id = t.author_id
          where t.created_at < m.joined_at or t.created_at > coalesce(m.left_at, now())) as threads_outside_membership,
        (select count(*)::int from ${table('posts')} p join ${table('threads')} t on t.id = p.thread_id where p.created_at < t.created_at) as posts_before_thread,
        (select count(*)::int from ${table('posts')} p join ${table('members')} m on m.member_id = p.author_id
          where p.created_at < m.joined_at or p.created_at > coalesce(m.left_at, now())) as posts_outside_membership,
        (select count(*)::int from ${table('posts')} p join ${table('threads')} t on t.id = p.thread_id
          where p.author_id = t.author_id and p.id <> (select min(id) from ${table('posts')} where thread_id = t.id)) as self_replies,
        (select count(*)::int from ${table('threads')} t
          where t.reply_count <> (select count(*) - 1 from ${table('posts')} where thread_id = t.id)
             or t.last_activity_at <> (select max(created_at) from ${table('posts')} where thread_id = t.id)) as wrong_thread_counts,
        (select count(*)::int from ${table('posts')} p where p.me_too_count <> (select count(*) from ${table('reactions')} where post_id = p.id)) as wrong_me_too,
        (select count(*)::int from ${table('reactions')} r join ${table('posts')} p on p.id = r.post_id where r.member_id = p.author_id or r.created_at < p.created_at) as odd_reactions,
        (select count(*)::int from ${table('posts')} p join ${table('threads')} t on t.id = p.thread_id
          where p.search_vector is distinct from (
            select ${sql.id(community.schema_name, 'tsvector_concat_agg')}(
              case when p.id = (select min(id) from ${table('posts')} where thread_id = t.id) then setweight(to_tsvector(c.name::regconfig, t.title), 'A') else ''::tsvector end
              || setweight(to_tsvector(c.name::regconfig, p.body_markdown), 'B') order by c.ord)
            from ${table('settings')} s cross join unnest(s.search_configs) with ordinality as c(name, ord))) as posts_not_as_the_forum_indexes_them,
        (select count(*)::int from ${table('posts')} where created_at > now()) as posts_in_the_future,
        (select count(*)::int from ${table('reactions')}) as reactions,
        (select count(*)::int from ${table('reports')}) as reports,
        (select count(*)::int from ${table('reports')} where resolved_at is not null) - (select count(*)::int from ${table('moderation_log')}) as unlogged_resolutions
    `,
    )
    t.match(
      checks,
      {
        threads_outside_membership: 0,
        posts_before_thread: 0,
        posts_outside_membership: 0,
        self_replies: 0,
        wrong_thread_counts: 0,
        wrong_me_too: 0,
        odd_reactions: 0,
        posts_not_as_the_forum_indexes_them: 0,
        posts_in_the_future: 0,
        unlogged_resolutions: 0,
      },
      community.slug,
    )
    reactions += checks?.reactions ?? 0
    reports += checks?.reports ?? 0
    const bodies = await rows(
      db,
      sql<{ body_markdown: string; body_html: string }>`select distinct body_markdown, body_html from ${table('posts')}`,
    )
    t.ok(
      bodies.every((post) => texts.bodies.includes(post.body_markdown) && post.body_html === renderMarkdown(post.body_markdown)),
      'each body rendered as the forum renders it',
    )
  }
  t.equal(result.reactions, reactions)
  t.equal(result.reports, reports)

  const accounts = await db.selectFrom('hub.accounts').select(['email', 'password_hash', 'email_verified_at', 'created_at']).execute()
  t.equal(accounts.length, 100)
  t.ok(
    accounts.every((account) => account.password_hash === unusablePasswordHash && account.email.endsWith('@seed.kindred.invalid')),
    'nobody can sign in as a seeded member',
  )
  t.ok(
    accounts.every((account) => account.email_verified_at?.getTime() === account.created_at.getTime()),
    'every seeded address is confirmed, as a member’s is',
  )
  const history = await db
    .selectFrom('hub.proposal_events')
    .select(['proposal_id', 'to_status', 'created_at'])
    .orderBy('proposal_id')
    .orderBy('id')
    .execute()
  const byProposal = Map.groupBy(history, (event) => event.proposal_id)
  t.equal(byProposal.size, 5)
  for (const events of byProposal.values()) {
    t.same(
      events.map((event) => event.to_status),
      ['open', 'ready', 'approved', 'provisioning', 'live'],
    )
    t.ok(
      events.every((event, index) => index === 0 || event.created_at >= (events[index - 1]?.created_at ?? event.created_at)),
      'in the order they happened',
    )
  }
})

t.test('seeding again adds further communities, and sizes out of range are refused', async (t) => {
  const { db, placements } = await setUp(t)
  const deps = { db, placements, logger: logs.logger }
  await seedNetwork(deps, { communities: 1, members: 3, threads: 2, days: 10 })
  const again = await seedNetwork(deps, { communities: 1, members: 1, threads: 0, replies: 0, days: 10 })
  t.match(again, { communities: 1, members: 1, threads: 0, posts: 0 })
  const slugs = await db.selectFrom('hub.communities').select('slug').orderBy('id').execute()
  t.same(
    slugs.map((row) => row.slug),
    ['fop', 'cystic-fibrosis'],
  )
  for (const wrong of [{ communities: 0 }, { members: 0 }, { days: 0 }, { threads: -1 }, { communities: maxPlannedCommunities + 1 }]) {
    await t.rejects(seedNetwork(deps, { communities: 1, members: 5, threads: 1, days: 5, ...wrong }), RangeError, JSON.stringify(wrong))
  }
})

t.test('the incubator is left with proposals to review: ready ones meet their thresholds and can be approved and go live', async (t) => {
  const { db, placements } = await setUp(t)
  const settings = loadConfig({ DATABASE_URL: 'postgres://unused' }).incubator
  const now = new Date()
  const result = await seedIncubator(db, settings, now)
  t.match(result, { ready: 2, expiring: 1, changesRequested: 1 })
  const proposals = await db.selectFrom('hub.proposals').select(['id', 'status', 'expires_at']).execute()
  t.equal(proposals.length, 4)
  for (const row of proposals) {
    const proposal = await getProposal(db, settings, row.id)
    const met = meetsThreshold(proposal.progress, proposal.progress.thresholds)
    t.equal(met, row.status === 'ready', `${proposal.slug} (${row.status}): support ${met ? 'meets' : 'is below'} its thresholds`)
    t.ok(proposal.history.length >= 1, 'a history from its creation')
    if (row.status === 'open') t.ok(row.expires_at.getTime() - now.getTime() < 3 * day, 'the open one closes within days')
    if (row.status === 'changes_requested') t.ok(proposal.history.at(-1)?.reason, 'with the reason for changes')
  }
  const supporters = await db.selectFrom('hub.proposal_supports').select('account_id').execute()
  t.equal(result.accounts, supporters.length + proposals.length, 'an account per supporter and founder')

  const ready = proposals.find((row) => row.status === 'ready')
  if (ready === undefined) throw new Error('no ready proposal')
  const staff = await db
    .insertInto('hub.accounts')
    .values({ id: randomUUID(), email: 'staff@example.org', display_name: 'Staff', password_hash: unusablePasswordHash })
    .returning('id')
    .executeTakeFirstOrThrow()
  await decideOnProposal(
    db,
    settings,
    { proposalId: ready.id, staffId: staff.id, decision: 'approve' },
    { provisioning: communityProvisionJob },
  )
  const provisioned = await provisionCommunity({ db, placements, logger: logs.logger }, ready.id)
  t.equal(provisioned.outcome, 'live', 'the approved proposal becomes a live community')

  const again = await seedIncubator(db, settings, now)
  t.equal(again.ready, 2, 'seeding again takes other diseases')
  t.equal((await db.selectFrom('hub.proposals').select('id').execute()).length, 8)
})
