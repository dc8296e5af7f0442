import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { Test } from 'tap'
import { createDatabase, type Database } from '@kindred/db'
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

/**
 * A database of this test's own, dropped when the test ends: cloned from the migrated template
 * (`fromTemplate`, the default) or empty, for tests of the migrations themselves.
 */
export async function createTestDatabase(
  t: Test,
  options: { fromTemplate?: boolean; logger?: Logger; poolMax?: number } = {},
): Promise<TestDatabase> {
  const { adminUrl, template } = testEnvironment()
  const name = `kindred_test_${randomBytes(8).toString('hex')}`
  const source = options.fromTemplate === false ? 'template0' : template
  await withAdmin((client) => client.query(`create database ${name} template ${source}`))
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
  return { url, database }
}
