import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { TenantDatabase } from '@kindred/community'
import { renderMarkdown } from '@kindred/forum'
import texts from '../data/texts.json' with { type: 'json' }
import type { Roster } from './roster.ts'

/** What one community's forum is filled with. */
export interface ForumSize {
  threads: number
  /** Replies per thread on average: a community has `threads × (1 + replies)` posts. */
  replies: number
}

/** The rows one community ended up with. */
export interface TenantCounts {
  members: number
  threads: number
  posts: number
  reactions: number
  reports: number
  optedOut: number
}

/** The roster as SQL arrays, everyone in the order they joined (so `width_bucket` finds who had joined by when). */
interface RosterArrays {
  ids: RawBuilder<string[]>
  joined: RawBuilder<Date[]>
  lefts: RawBuilder<Array<Date | null>>
  now: RawBuilder<Date>
}

// Share of posts reported by a member; of those, 60% resolved (a third of them by hiding the post).
const reportShare = 0.004
const bodies = texts.bodies
const bodiesHtml = texts.bodies.map((body) => renderMarkdown(body))

// A random item of a SQL array: evaluated per row (random() is volatile).
const anyOf = (items: RawBuilder<unknown>) => sql`(${items})[1 + floor(random() * cardinality(${items}))::int]`

/**
 * Fills a freshly provisioned community in one transaction, set-based (a handful of statements whatever its
 * size): the members (the founders already there get their pseudonyms, joining date and charter acceptance),
 * threads by members at times they belonged, replies by other members after realistic delays (a minute to a
 * week, most within a day; some threads never answered), "me too" reactions, reports (some resolved, a few
 * posts hidden, each in the moderation log), and the search vectors in the community's configurations.
 * Its statements are raw, set-based SQL on the placement's database, naming each table `sql.id(schema, …)`.
 * A seeded past tells nobody: no post is queued for the notification fan-out, no notification is written.
 */
export async function fillTenant(
  db: Kysely<TenantDatabase>,
  schema: string,
  input: { roster: Roster; memberIds: readonly string[]; forum: ForumSize; now: Date },
): Promise<TenantCounts> {
  const { roster, memberIds, forum, now } = input
  const people = roster.people
  const arrays: RosterArrays = {
    ids: sql<string[]>`${memberIds}::uuid[]`,
    joined: sql<Date[]>`${people.map((person) => person.joinedAt)}::timestamptz[]`,
    lefts: sql<Array<Date | null>>`${people.map((person) => person.leftAt)}::timestamptz[]`,
    now: sql<Date>`${now}::timestamptz`,
  }
  const table = (name: string) => sql.id(schema, name)
  return db.transaction().execute(async (trx) => {
    await insertMembers(trx, table, roster, memberIds)
    await insertThreads(trx, table, arrays, forum.threads)
    const settings = await sql<{ configs: string[] }>`select search_configs as configs from ${table('settings')}`.execute(trx)
    await insertPosts(trx, table, arrays, forum, settings.rows[0]?.configs ?? ['simple'])
    await insertReactions(trx, table, arrays)
    await insertReports(trx, table, arrays)
    return countRows(trx, table)
  })
}

type Table = (name: string) => RawBuilder<unknown>

async function insertMembers(trx: Kysely<TenantDatabase>, table: Table, roster: Roster, memberIds: readonly string[]): Promise<void> {
  const people = roster.people
  await sql`
    insert into ${table('members')} (member_id, pseudonym, role, joined_at, charter_version, charter_accepted_at, counted_in_statistics, left_at, approval)
    select m.member_id, m.pseudonym, m.role, m.joined_at, charter.version, m.joined_at, m.counted, m.left_at, 'approved'
    from unnest(${memberIds}::uuid[], ${people.map((person) => person.pseudonym)}::text[], ${people.map((person) => person.role)}::text[],
                ${people.map((person) => person.joinedAt)}::timestamptz[], ${people.map((person) => person.countedInStatistics)}::boolean[],
                ${people.map((person) => person.leftAt)}::timestamptz[]) as m(member_id, pseudonym, role, joined_at, counted, left_at)
    cross join (select max(version) as version from ${table('charter')}) as charter
    on conflict (member_id) do update set pseudonym = excluded.pseudonym, joined_at = excluded.joined_at,
      charter_version = excluded.charter_version, charter_accepted_at = excluded.charter_accepted_at`.execute(trx)
}

// Authors lean towards the earliest members (founders and the first wave post most), each thread at a time
// its author belonged, and at least an hour before now.
async function insertThreads(trx: Kysely<TenantDatabase>, table: Table, roster: RosterArrays, count: number): Promise<void> {
  await sql`
    with picks as (
      select 1 + floor(power(random(), 1.6) * cardinality(${roster.ids}))::int as k, random() as u from generate_series(1, ${count}::int)
    ),
    categories as (select array_agg(id order by position, id) as ids from ${table('categories')}),
    placed as (
      select (${roster.ids})[k] as author_id, (${roster.joined})[k]
             + u * (coalesce((${roster.lefts})[k], ${roster.now} - interval '1 hour') - (${roster.joined})[k]) as created_at
      from picks
    )
    insert into ${table('threads')} (category_id, author_id, title, created_at, last_activity_at)
    select ${anyOf(sql`categories.ids`)}, placed.author_id, ${anyOf(sql`${texts.titles}::text[]`)}, placed.created_at, placed.created_at
    from placed cross join categories`.execute(trx)
}

// Opening posts, then `threads × replies` replies spread over the threads unevenly (some get none). A
// reply comes a minute to a week after its thread (log-uniform: most within a day), never after now, from
// a member who had joined and not left by then and is not the thread's author (else from a founder).
async function insertPosts(
  trx: Kysely<TenantDatabase>,
  table: Table,
  roster: RosterArrays,
  forum: ForumSize,
  configs: readonly string[],
): Promise<void> {
  // random() in a subquery's select list is drawn once per row, so both renderings pick the same body.
  await sql`
    insert into ${table('posts')} (thread_id, author_id, body_markdown, body_html, created_at, search_vector)
    select id, author_id, (${bodies}::text[])[i], (${bodiesHtml}::text[])[i], created_at, ${searchVector(table, configs, sql`title`)}
    from (select id, author_id, title, created_at, 1 + floor(random() * ${bodies.length})::int as i from ${table('threads')}) as t`.execute(
    trx,
  )
  await sql`
    with numbered as (select id, author_id, created_at, row_number() over (order by id) as n from ${table('threads')}),
    picks as (
      select 1 + floor(power(random(), 1.5) * (select count(*) from numbered))::int as n, random() as delay, random() as cap,
             random() as who, 1 + floor(random() * ${bodies.length})::int as i
      from generate_series(1, ${forum.threads * forum.replies}::int)
    ),
    timed as (
      select t.id as thread_id, t.author_id as thread_author, p.who, p.i,
             greatest(t.created_at + interval '1 second',
                      least(t.created_at + make_interval(secs => 60 * exp(p.delay * ln(7 * 24 * 60))), ${roster.now} - make_interval(secs => p.cap * 3600))) as at
      from picks as p join numbered as t using (n)
    ),
    authored as (select timed.*, 1 + floor(who * width_bucket(at, ${roster.joined}))::int as k from timed)
    insert into ${table('posts')} (thread_id, author_id, body_markdown, body_html, created_at, search_vector)
    select thread_id,
           case when (${roster.ids})[k] <> thread_author and ((${roster.lefts})[k] is null or (${roster.lefts})[k] > at) then (${roster.ids})[k]
                when (${roster.ids})[1] <> thread_author or cardinality(${roster.ids}) = 1 then (${roster.ids})[1]
                else (${roster.ids})[2] end,
           (${bodies}::text[])[i], (${bodiesHtml}::text[])[i], at, ${searchVector(table, configs, null)}
    from authored`.execute(trx)
  await sql`
    update ${table('threads')} as t set reply_count = s.replies, last_activity_at = s.latest
    from (select thread_id, count(*) - 1 as replies, max(created_at) as latest from ${table('posts')} group by thread_id) as s
    where s.thread_id = t.id`.execute(trx)
}

// 0 to 3 "me too"s per post (0.8 on average), from members who had joined by then, never the author's own.
async function insertReactions(trx: Kysely<TenantDatabase>, table: Table, roster: RosterArrays): Promise<void> {
  await sql`
    with counted as (select id, author_id, created_at, floor(4 * power(random(), 2.5))::int as k from ${table('posts')}),
    timed as (
      select c.id as post_id, c.author_id,
             least(c.created_at + make_interval(secs => 60 * exp(random() * ln(3 * 24 * 60))), greatest(c.created_at, ${roster.now} - interval '1 minute')) as at,
             random() as who
      from counted as c cross join lateral generate_series(1, c.k)
    ),
    chosen as (select timed.*, 1 + floor(who * width_bucket(at, ${roster.joined}))::int as k from timed)
    insert into ${table('reactions')} (post_id, member_id, created_at)
    select post_id, (${roster.ids})[k], at from chosen
    where (${roster.ids})[k] <> author_id and ((${roster.lefts})[k] is null or (${roster.lefts})[k] > at)
    on conflict do nothing`.execute(trx)
  await sql`
    update ${table('posts')} as p set me_too_count = r.n
    from (select post_id, count(*)::int as n from ${table('reactions')} group by post_id) as r
    where r.post_id = p.id`.execute(trx)
}

// A few posts reported within two days; 60% resolved within a day by a moderator (a third of those hidden).
async function insertReports(trx: Kysely<TenantDatabase>, table: Table, roster: RosterArrays): Promise<void> {
  await sql`
    with chosen as (
      select id as post_id, author_id,
             least(created_at + make_interval(secs => random() * 48 * 3600), greatest(created_at, ${roster.now} - interval '1 minute')) as at,
             random() as who, random() as outcome, random() as delay
      from ${table('posts')} where random() < ${reportShare}
    ),
    reporters as (select chosen.*, 1 + floor(who * width_bucket(at, ${roster.joined}))::int as k from chosen),
    moderator as (select coalesce((${roster.ids})[2], (${roster.ids})[1]) as id)
    insert into ${table('reports')} (reporter_id, post_id, reason, created_at, resolved_at, resolved_by, resolution)
    select (${roster.ids})[k], post_id, ${anyOf(sql`${texts.reportReasons}::text[]`)}, at,
           case when outcome < 0.6 then least(at + make_interval(secs => delay * 24 * 3600), greatest(at, ${roster.now})) end,
           case when outcome < 0.6 then moderator.id end,
           case when outcome < 0.2 then 'hidden' when outcome < 0.6 then 'dismissed' end
    from reporters cross join moderator
    where (${roster.ids})[k] <> author_id and ((${roster.lefts})[k] is null or (${roster.lefts})[k] > at)
    on conflict do nothing`.execute(trx)
  await sql`
    update ${table('posts')} as p set hidden_at = r.resolved_at
    from ${table('reports')} as r where r.post_id = p.id and r.resolution = 'hidden'`.execute(trx)
  await sql`
    insert into ${table('moderation_log')} (actor_id, action, post_id, report_id, reason, created_at)
    select resolved_by, case resolution when 'hidden' then 'hide_post' else 'dismiss_report' end, post_id, id,
           case resolution when 'hidden' then 'Against the charter' else 'Within the charter' end, resolved_at
    from ${table('reports')} where resolved_at is not null`.execute(trx)
}

// As the forum writes them: in each of the community's search configurations, in order, the title (for an
// opening post, weight A) and the body (weight B), accents folded, concatenated. The bodies come from a short list, so each
// body's vector is computed once per configuration (an uncorrelated subquery) and picked by the row's `i`.
function searchVector(table: Table, configs: readonly string[], title: RawBuilder<unknown> | null): RawBuilder<string> {
  const perConfig = configs.map((config) => {
    const body = sql`(select array_agg(setweight(to_tsvector(${config}::regconfig, ${table('search_folded')}(b)), 'B') order by o) from unnest(${bodies}::text[]) with ordinality as x(b, o))[i]`
    return title === null ? body : sql`setweight(to_tsvector(${config}::regconfig, ${table('search_folded')}(${title})), 'A') || ${body}`
  })
  return sql<string>`(${sql.join(perConfig, sql` || `)})`
}

async function countRows(trx: Kysely<TenantDatabase>, table: Table): Promise<TenantCounts> {
  const result = await sql<TenantCounts>`
    select (select count(*)::int from ${table('members')}) as members, (select count(*)::int from ${table('threads')}) as threads,
           (select count(*)::int from ${table('posts')}) as posts, (select count(*)::int from ${table('reactions')}) as reactions,
           (select count(*)::int from ${table('reports')}) as reports,
           (select count(*)::int from ${table('members')} where not counted_in_statistics) as "optedOut"`.execute(trx)
  const counts = result.rows[0]
  if (counts === undefined) throw new Error('counting a seeded community returned nothing')
  return counts
}
