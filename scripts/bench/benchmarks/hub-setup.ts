// A hub of a benchmark's own, on a database of its own (the environment's hub serves the environment's
// database), and a network staff account on it.
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import { loadConfig } from '@kindred/config'
import { createDatabase, hubMigrations, migrateHub, type Database, type HubDatabase } from '@kindred/db'
import { createHubServer } from '@kindred/hub'
import { grantRole, registerAccount } from '@kindred/identity'
import { migrateJobQueue } from '@kindred/jobs'
import { createLogger } from '@kindred/log'
import { createTokenService, type TokenService } from '@kindred/tokens'
import { discard, type BenchEnvironment } from '../environment.ts'
import { createBenchDatabase } from './tenancy-setup.ts'

/** A new migrated database of the benchmark's own and a pool on it, both gone when the run ends. */
export async function openBenchDatabase(
  environment: BenchEnvironment,
  applicationName: string,
  poolMax: number,
): Promise<{ database: Database; url: string }> {
  const url = await createBenchDatabase(environment)
  const database = createDatabase({
    url,
    poolMax,
    connectTimeoutMs: 5000,
    connectionMaxLifetimeSeconds: 0,
    applicationName,
    logger: environment.logger,
  })
  environment.onEnd(() => database.close())
  await migrateHub(database.db)
  await migrateJobQueue(database.pool)
  return { database, url }
}

export interface BenchHub {
  hub: FastifyInstance
  tokens: TokenService
  hubUrl: string
}

/** The hub's real app on `database` (at `url`), listening on a free port, closed when the run ends. */
export async function startHubOn(environment: BenchEnvironment, database: Database, url: string): Promise<BenchHub> {
  const config = loadConfig({ DATABASE_URL: url })
  const tokens = await createTokenService({ db: database.db, masterKey: randomBytes(32) })
  const hub = await createHubServer({
    config,
    logger: createLogger({ level: 'info', format: 'json', destination: discard }),
    database,
    hubMigrations: await hubMigrations(),
    tokens,
  })
  environment.onEnd(() => hub.close())
  return { hub, tokens, hubUrl: await hub.listen({ host: '127.0.0.1', port: 0 }) }
}

/** A new account with the network staff role, as `staff:grant` gives it; returns its id. */
export async function staffAccount(db: Kysely<HubDatabase>, email: string): Promise<string> {
  const staff = await registerAccount(db, { email, password: 'a long enough password', displayName: 'Staff' })
  await grantRole(db, { accountId: staff.id, role: 'staff' })
  return staff.id
}
