// Data for the forum benchmark, written straight into tenants with set-based SQL: ten thousand threads
// take a second this way, where the API would take minutes (and its write limits would refuse them).
import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import type { Placements, TenantDatabase, TenantHandle } from '@kindred/community'
import { provisionCommunity } from '@kindred/tenancy'
import { insertProposal } from '@kindred/testkit'
import { communityAudience } from '@kindred/tokens'
import type { BenchEnvironment } from '../environment.ts'

/** A live community of the benchmark, with its tenant. */
export interface BenchCommunity {
  id: string
  slug: string
  tenant: TenantHandle
  /** The placement's database, for the set-based fill: raw statements that name the schema themselves. */
  placement: Kysely<TenantDatabase>
}

/** A member of a bench community, with a community token as POST /v1/auth/switch would give. */
export interface BenchMember {
  memberId: string
  authorization: string
}

// Words of the posts, so that search has real stems and frequencies to work with.
const vocabulary = [
  'pain',
  'fatigue',
  'diagnosis',
  'genetic',
  'specialist',
  'appointment',
  'medication',
  'dose',
  'side',
  'effect',
  'flare',
  'swelling',
  'joint',
  'bone',
  'muscle',
  'surgery',
  'physiotherapy',
  'wheelchair',
  'school',
  'work',
  'insurance',
  'trial',
  'research',
  'doctor',
  'nurse',
  'hospital',
  'scan',
  'biopsy',
  'mutation',
  'family',
  'daughter',
  'son',
  'parent',
  'caregiver',
  'sleep',
  'diet',
  'exercise',
  'walking',
  'running',
  'breathing',
  'hearing',
  'vision',
  'skin',
  'rash',
  'infection',
  'fever',
  'steroids',
  'infusion',
  'clinic',
  'referral',
  'waiting',
  'months',
  'years',
  'progress',
  'hope',
  'support',
  'group',
  'meeting',
  'question',
  'answer',
]

export const vocabularySize = vocabulary.length

/** Provisions a live community with the real provisioning code. */
export async function benchCommunity(environment: BenchEnvironment, placements: Placements, slug: string): Promise<BenchCommunity> {
  const { db } = environment.database
  const proposal = await insertProposal(db, { slug, moderators: 0, members: 0 })
  await db.updateTable('hub.proposals').set({ status: 'approved' }).where('id', '=', proposal.proposalId).execute()
  await provisionCommunity({ db, placements, logger: environment.logger }, proposal.proposalId)
  return { slug, ...(await located(db, placements, slug)) }
}

async function located(db: Kysely<HubDatabase>, placements: Placements, slug: string): Promise<Omit<BenchCommunity, 'slug'>> {
  const community = await db
    .selectFrom('hub.communities')
    .select(['id', 'placement', 'schema_name as schemaName'])
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow()
  return { id: community.id, tenant: placements.tenantDb(community), placement: placements.database(community.placement) }
}

/**
 * Adds `count` approved members who accepted the charter in force, each with a community token, and
 * behind each an account the hub links to the member, as joining makes: a community request checks its
 * token against the account's sessions.
 */
export async function benchMembers(environment: BenchEnvironment, community: BenchCommunity, count: number): Promise<BenchMember[]> {
  const { tokens } = environment
  const { query } = community.tenant
  const charter = await query
    .selectFrom('charter')
    .select((eb) => eb.fn.max('version').as('version'))
    .executeTakeFirstOrThrow()
  const rows = Array.from({ length: count }, (_, index) => ({
    member_id: randomUUID(),
    pseudonym: `Bench member ${index}`,
    charter_version: charter.version,
    charter_accepted_at: new Date(),
  }))
  await query.insertInto('members').values(rows).execute()
  const accounts = rows.map((row) => ({ id: randomUUID(), memberId: row.member_id }))
  await environment.database.db.transaction().execute(async (trx) => {
    // Nobody signs in as these accounts: the hash is a placeholder that no password matches.
    await trx
      .insertInto('hub.accounts')
      .values(
        accounts.map(({ id }) => ({ id, email: `${id}@bench.invalid`, display_name: 'Bench member', password_hash: 'bench-no-password' })),
      )
      .execute()
    await trx
      .insertInto('hub.memberships')
      .values(accounts.map(({ id, memberId }) => ({ account_id: id, community_id: community.id, member_id: memberId })))
      .execute()
  })
  return Promise.all(
    rows.map(async (row) => ({
      memberId: row.member_id,
      authorization: `Bearer ${await tokens.sign({
        subject: row.member_id,
        audience: communityAudience(community.slug),
        claims: { role: 'member', pseudonym: row.pseudonym },
      })}`,
    })),
  )
}

/**
 * Opens `threads` threads by `author`, an hour apart going back from now, each with `postsPerThread`
 * posts of 20 to 40 words from the vocabulary, indexed for search as the forum indexes them.
 */
export async function fillForum(community: BenchCommunity, author: string, threads: number, postsPerThread: number): Promise<void> {
  const db = community.placement
  const { schema } = community.tenant
  await sql`
    insert into ${sql.table(`${schema}.threads`)} (category_id, author_id, title, created_at, last_activity_at, reply_count)
    select (select min(id) from ${sql.table(`${schema}.categories`)}), ${author}, 'Thread number ' || i,
           now() - make_interval(hours => i), now() - make_interval(hours => i), ${postsPerThread - 1}
    from generate_series(1, ${threads}) as i`.execute(db)
  await sql`
    insert into ${sql.table(`${schema}.posts`)} (thread_id, author_id, body_markdown, body_html, created_at, search_vector)
    select t.id, ${author}, words.body, '<p>' || words.body || '</p>', t.created_at + make_interval(mins => n), to_tsvector('english', words.body)
    from ${sql.table(`${schema}.threads`)} t
    cross join generate_series(0, ${postsPerThread - 1}) as n
    cross join lateral (
      select string_agg((${vocabulary}::text[])[1 + floor(random() * ${vocabulary.length})::int], ' ') as body
      from generate_series(1, 20 + (t.id::int + n) % 21)
    ) as words`.execute(db)
  await sql`analyze ${sql.table(`${schema}.threads`)}`.execute(db)
  await sql`analyze ${sql.table(`${schema}.posts`)}`.execute(db)
}

/** Words the search benchmark asks for, alone and in pairs. */
export const searchQueries = [
  'fatigue',
  'genetic mutation',
  'physiotherapy',
  'waiting months',
  'steroids infusion',
  'running',
  'hospital referral',
]
