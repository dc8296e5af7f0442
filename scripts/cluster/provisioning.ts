import { readFile } from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'
import type { ClusterSecrets } from './secrets.ts'
import { repositoryRoot } from './topology.ts'

/**
 * Gives one cluster, through its haproxy port (so on its primary), the `kindred` role and the databases
 * it owns, each with the functions that let that role move communities (infra/postgresql/moves.sql);
 * what exists already is left as it is or replaced alike, so every start may run it.
 */
export async function provisionCluster(port: number, names: string[], secrets: ClusterSecrets): Promise<void> {
  await asSuperuser(port, 'postgres', secrets, async (client) => {
    // A failed statement is logged with its text, which here would hold a password.
    await client.query('set log_min_error_statement = panic')
    const role = await client.query('select 1 from pg_roles where rolname = $1', ['kindred'])
    if (role.rowCount === 0) await client.query(`create role kindred login password ${client.escapeLiteral(secrets.kindredPassword)}`)
    for (const name of names) {
      const database = await client.query('select 1 from pg_database where datname = $1', [name])
      if (database.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(name)} owner kindred`)
    }
  })
  const moveFunctions = await readFile(path.join(repositoryRoot, 'infra', 'postgresql', 'moves.sql'), 'utf8')
  for (const name of names) {
    await asSuperuser(port, name, secrets, (client) => client.query(moveFunctions.replaceAll(':ROLE', 'kindred')))
  }
}

async function asSuperuser(
  port: number,
  database: string,
  secrets: ClusterSecrets,
  work: (client: pg.Client) => Promise<unknown>,
): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: secrets.superuserPassword, database })
  await client.connect()
  try {
    await work(client)
  } finally {
    await client.end()
  }
}
