import { setTimeout as sleep } from 'node:timers/promises'
import { sql, type Kysely } from 'kysely'
import type { TenantDatabase } from '@kindred/community'

type Server = Kysely<TenantDatabase>

// Subscriptions and slots are catalogued for the whole server: two placements may be two databases of one.
const thisDatabase = sql`(select oid from pg_catalog.pg_database where datname = current_database())`

/** The publication, slot and subscription of one schema's move share one name, so a rerun finds them. */
export function replicationName(schema: string): string {
  return `kindred_move_${schema}`
}

/**
 * Starts copying `tables` of `schema` from `source` to the same tables on `target`: a publication of those
 * tables and a logical replication slot on the source, a subscription on the target that copies what is
 * there, then streams every later change. The slot is made apart from the subscription because a
 * subscription cannot create one on its own server (two databases of one server would deadlock).
 */
export async function startReplication(
  route: { source: Server; target: Server; sourceUrl: string },
  schema: string,
  tables: readonly string[],
): Promise<void> {
  const name = replicationName(schema)
  const published = sql.join(tables.map((table) => sql.id(schema, table)))
  await sql`create publication ${sql.id(name)} for table ${published}`.execute(route.source)
  await sql`select pg_create_logical_replication_slot(${name}, 'pgoutput')`.execute(route.source)
  await subscribe(route.target, name, route.sourceUrl)
}

/** Waits until the subscription has copied every table and is streaming (each table `r`eady). */
export async function waitForInitialCopy(target: Server, schema: string, tableCount: number, timeoutMs: number): Promise<void> {
  await pollUntil(timeoutMs, `the first copy of ${schema}`, async () => {
    const { rows } = await sql<{ ready: string }>`
      select count(*) filter (where r.srsubstate = 'r') as ready
      from pg_catalog.pg_subscription_rel r join pg_catalog.pg_subscription s on s.oid = r.srsubid
      where s.subname = ${replicationName(schema)} and s.subdbid = ${thisDatabase}`.execute(target)
    return Number(rows[0]?.ready ?? 0) === tableCount
  })
}

/** The source server's current WAL position: what the target must have applied to hold every commit. */
export async function currentPosition(source: Server): Promise<string> {
  const { rows } = await sql<{ lsn: string }>`select pg_catalog.pg_current_wal_lsn()::text as lsn`.execute(source)
  return rows[0]?.lsn ?? '0/0'
}

/** Waits until the target has applied and flushed everything up to `position` (the slot's confirmed flush). */
export async function waitForCatchUp(source: Server, schema: string, position: string, timeoutMs: number): Promise<void> {
  await pollUntil(timeoutMs, `${schema} to catch up`, async () => {
    const { rows } = await sql<{ caught: boolean }>`
      select confirmed_flush_lsn >= ${position}::pg_lsn as caught
      from pg_catalog.pg_replication_slots where slot_name = ${replicationName(schema)} and database = current_database()`.execute(source)
    return rows[0]?.caught === true
  })
}

/** Removes the subscription (target side) and the slot and publication (source side) of `schema`'s move, whichever exist. */
export async function stopReplication(route: { source?: Server; target?: Server }, schema: string): Promise<void> {
  const name = replicationName(schema)
  if (route.target !== undefined) await unsubscribe(route.target, name)
  if (route.source !== undefined) {
    await dropSlot(route.source, name)
    await sql`drop publication if exists ${sql.id(name)}`.execute(route.source)
  }
}

// PostgreSQL 15 lets only a superuser create and drop subscriptions: Kindred's own role does it through
// the functions a superuser installs once per placement database (infra/postgresql/moves.sql).
type SubscriptionRights = 'superuser' | 'functions'

async function subscriptionRights(db: Server): Promise<SubscriptionRights> {
  const { rows } = await sql<{ superuser: boolean; functions: boolean; database: string }>`
    select (select rolsuper from pg_catalog.pg_roles where rolname = current_user) as superuser,
      pg_catalog.to_regprocedure('kindred_moves.subscribe(text,text)') is not null as functions,
      current_database() as database`.execute(db)
  if (rows[0]?.superuser === true) return 'superuser'
  if (rows[0]?.functions === true) return 'functions'
  throw new Error(
    `${rows[0]?.database ?? 'the placement'}: Kindred's role may not create subscriptions; run infra/postgresql/moves.sql there once as a superuser`,
  )
}

async function subscribe(target: Server, name: string, sourceUrl: string): Promise<void> {
  if ((await subscriptionRights(target)) === 'functions') {
    await sql`select kindred_moves.subscribe(${name}, ${sourceUrl})`.execute(target)
    return
  }
  // A utility statement takes no parameters: the connection string and slot name are literals.
  await sql`
    create subscription ${sql.id(name)} connection ${sql.lit(sourceUrl)} publication ${sql.id(name)}
    with (create_slot = false, slot_name = ${sql.lit(name)}, copy_data = true)`.execute(target)
}

// Detached from its slot first: dropping it would otherwise reach for the slot through the source, and
// the slot is dropped there directly.
async function unsubscribe(target: Server, name: string): Promise<void> {
  const { rows } = await sql<{ found: number }>`
    select 1 as found from pg_catalog.pg_subscription where subname = ${name} and subdbid = ${thisDatabase}`.execute(target)
  if (rows.length === 0) return
  if ((await subscriptionRights(target)) === 'functions') {
    await sql`select kindred_moves.unsubscribe(${name})`.execute(target)
    return
  }
  await sql`alter subscription ${sql.id(name)} disable`.execute(target)
  await sql`alter subscription ${sql.id(name)} set (slot_name = none)`.execute(target)
  await sql`drop subscription ${sql.id(name)}`.execute(target)
}

// A slot still held by a walsender that has not noticed its subscription is gone cannot be dropped yet.
async function dropSlot(source: Server, name: string): Promise<void> {
  await pollUntil(30_000, `the replication slot ${name} to be released`, async () => {
    const { rows } = await sql<{ active: boolean }>`
      select active from pg_catalog.pg_replication_slots where slot_name = ${name} and database = current_database()`.execute(source)
    if (rows.length === 0) return true
    if (rows[0]?.active === true) return false
    await sql`select pg_catalog.pg_drop_replication_slot(${name})`.execute(source)
    return true
  })
}

export class MoveTimeoutError extends Error {
  constructor(what: string, timeoutMs: number) {
    super(`Gave up waiting for ${what} after ${timeoutMs} ms`)
    this.name = 'MoveTimeoutError'
  }
}

async function pollUntil(timeoutMs: number, what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await done())) {
    if (Date.now() > deadline) throw new MoveTimeoutError(what, timeoutMs)
    await sleep(50)
  }
}
