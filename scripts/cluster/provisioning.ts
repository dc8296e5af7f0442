import pg from 'pg'
import type { ClusterSecrets } from './secrets.ts'

/**
 * Gives one cluster, through its haproxy port (so on its primary), the `kindred` role and the databases
 * it owns; what exists already is left as it is, so every start may run it.
 */
export async function provisionCluster(port: number, names: string[], secrets: ClusterSecrets): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: secrets.superuserPassword, database: 'postgres' })
  await client.connect()
  try {
    // A failed statement is logged with its text, which here would hold a password.
    await client.query('set log_min_error_statement = panic')
    const role = await client.query('select 1 from pg_roles where rolname = $1', ['kindred'])
    if (role.rowCount === 0) await client.query(`create role kindred login password ${client.escapeLiteral(secrets.kindredPassword)}`)
    for (const name of names) {
      const database = await client.query('select 1 from pg_database where datname = $1', [name])
      if (database.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(name)} owner kindred`)
    }
  } finally {
    await client.end()
  }
}
