import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { Test } from 'tap'
import { createDatabase, migrateHub, type Database } from '@kindred/db'
import { migrateJobQueue } from '@kindred/jobs'
import type { Logger } from '@kindred/log'
import { databaseUrl, testEnvironment } from './environment.ts'
import { captureLogs } from './log-capture.ts'

export interface TestDatabase {
  url: string
  database: Database
}

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testEnvironment().adminUrl })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

/** The hub's tables and the job queue, as every test database but an empty one starts with. */
export async function migrateTestDatabase(database: Database): Promise<void> {
  await migrateHub(database.db)
  await migrateJobQueue(database.pool)
}

/**
 * A database of this test's own, dropped when the test ends: migrated (`fromTemplate`, the default) or
 * empty, for tests of the migrations themselves. Migrated means cloned from the run's migrated template,
 * which takes milliseconds, or, without templates, created from `template1` and migrated.
 */
export async function createTestDatabase(
  t: Test,
  options: { fromTemplate?: boolean; logger?: Logger; poolMax?: number } = {},
): Promise<TestDatabase> {
  const { adminUrl, template } = testEnvironment()
  const name = `kindred_test_${randomBytes(8).toString('hex')}`
  const migrated = options.fromTemplate !== false
  const source = migrated ? template : template === null ? null : 'template0'
  await withAdmin((client) => client.query(`create database ${name}${source === null ? '' : ` template ${source}`}`))
  const url = databaseUrl(adminUrl, name)
  const database = createDatabase({
    url,
    poolMax: options.poolMax ?? 5,
    connectTimeoutMs: 5000,
    connectionMaxLifetimeSeconds: 0,
    applicationName: 'kindred-test',
    logger: options.logger ?? captureLogs('warn').logger,
  })
  t.teardown(async () => {
    await database.close()
    await withAdmin((client) => client.query(`drop database if exists ${name} with (force)`))
  })
  if (migrated && source === null) await migrateTestDatabase(database)
  return { url, database }
}

export interface TestRole {
  name: string
  /** `url` with this role's name and password in place of the administrator's. */
  urlFor(url: string): string
}

/**
 * A login role of this test's own, as on a managed server where Kindred's role is no superuser. Roles
 * belong to the server, not to a database: create it before the test's databases, so that it is dropped
 * after them and the objects it owns there (teardowns run newest first).
 */
export async function createTestRole(t: Test): Promise<TestRole> {
  const name = `kindred_role_${randomBytes(6).toString('hex')}`
  const password = randomBytes(16).toString('hex')
  await withAdmin((client) => client.query(`create role ${name} login password '${password}'`))
  t.teardown(() => withAdmin((client) => client.query(`drop role if exists ${name}`)))
  const urlFor = (url: string): string => {
    const roleUrl = new URL(url)
    roleUrl.username = name
    roleUrl.password = password
    return roleUrl.href
  }
  return { name, urlFor }
}
