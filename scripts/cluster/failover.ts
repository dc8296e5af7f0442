import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { patroniMembers, servesSynchronously, waitFor, type PatroniMember } from './health.ts'
import { loadSecrets } from './secrets.ts'
import { nodeDir } from './services.ts'
import { databases, type PatroniCluster } from './topology.ts'

/** What one failover trial measured. */
export interface FailoverFigures {
  /** The node whose postmaster was killed. */
  victim: string
  /** From the kill to the first insert, started after it, that succeeded. */
  writesBackMs: number
  /** From the kill to a leader with a synchronous standby again. */
  synchronousBackMs: number
  acknowledged: number
  /** Acknowledged inserts missing afterwards: must be 0. */
  lost: number
  /** Inserts the client gave up on that were committed all the same (a retry would duplicate them). */
  storedUnacknowledged: number
  /** Failed inserts by SQLSTATE or socket error code (25006: a new primary still read-only), or message. */
  failuresByCause: Map<string, number>
  /** Each member and its role afterwards. */
  layout: string
}

async function members(cluster: PatroniCluster): Promise<PatroniMember[]> {
  for (const node of cluster.nodes) {
    const found = await patroniMembers(node.restPort)
    if (found !== undefined) return found
  }
  return []
}

async function killPrimaryPostmaster(dir: string, cluster: PatroniCluster): Promise<string> {
  const leader = (await members(cluster)).find((member) => member.role === 'leader')
  const node = cluster.nodes.find((candidate) => candidate.name === leader?.name)
  if (node === undefined) throw new Error(`${cluster.name} has no leader to kill`)
  const pidLine = (await readFile(path.join(nodeDir(dir, node), 'data', 'postmaster.pid'), 'utf8')).split('\n')[0]
  process.kill(Number(pidLine), 'SIGKILL')
  return node.name
}

const noProcessToWatch = async (): Promise<void> => undefined

/**
 * Inserts through haproxy into a running cluster at `ratePerSecond` (into a table `cluster_trial` of its
 * communities' database, dropped at the end), SIGKILLs its primary's postmaster after 3 s, waits for
 * writes to succeed again and for a synchronous standby, then counts the acknowledged inserts missing.
 *
 * @example const figures = await failoverTrial(stateDir(process.env), clusters[1], 50)
 */
export async function failoverTrial(dir: string, cluster: PatroniCluster, ratePerSecond: number): Promise<FailoverFigures> {
  const secrets = await loadSecrets(dir)
  const pool = new pg.Pool({
    host: '127.0.0.1',
    port: cluster.port,
    user: 'kindred',
    password: secrets.kindredPassword,
    database: databases.communities,
    max: 4,
    connectionTimeoutMillis: 1000,
    query_timeout: 2000,
  })
  pool.on('error', () => undefined)
  try {
    await pool.query('create table if not exists cluster_trial (id bigint primary key, at timestamptz not null default now())')
    await pool.query('truncate cluster_trial')
    const acknowledged = new Set<number>()
    const failuresByCause = new Map<string, number>()
    // Shared with the writer loop, which runs beside the steps below.
    const trial: { nextId: number; running: boolean; killedAt?: number; firstWriteAfterKill?: number } = { nextId: 1, running: true }

    const insertOne = async (id: number): Promise<void> => {
      const startedAt = performance.now()
      try {
        await pool.query('insert into cluster_trial (id) values ($1)', [id])
        acknowledged.add(id)
        if (trial.killedAt !== undefined && startedAt > trial.killedAt) trial.firstWriteAfterKill ??= performance.now()
      } catch (error) {
        const cause = (error as { code?: string }).code ?? (error instanceof Error ? error.message : 'unknown')
        failuresByCause.set(cause, (failuresByCause.get(cause) ?? 0) + 1)
      }
    }
    const writer = (async () => {
      const inFlight = new Set<Promise<void>>()
      while (trial.running) {
        const insert = insertOne(trial.nextId++)
        inFlight.add(insert)
        void insert.finally(() => inFlight.delete(insert))
        await sleep(1000 / ratePerSecond)
      }
      await Promise.all(inFlight)
    })()

    await sleep(3000)
    const victim = await killPrimaryPostmaster(dir, cluster)
    const killedAt = performance.now()
    trial.killedAt = killedAt
    await waitFor('writes to succeed again', 60_000, async () => trial.firstWriteAfterKill !== undefined, noProcessToWatch).finally(() => {
      trial.running = false
    })
    const writesBackMs = (trial.firstWriteAfterKill ?? killedAt) - killedAt
    await writer
    await waitFor(
      `${cluster.name} to have a synchronous standby again`,
      120_000,
      async () => servesSynchronously(await members(cluster)),
      noProcessToWatch,
    )
    const synchronousBackMs = performance.now() - killedAt
    const stored = new Set((await pool.query<{ id: string }>('select id from cluster_trial')).rows.map((row) => Number(row.id)))
    const lost = [...acknowledged].filter((id) => !stored.has(id)).length
    await pool.query('drop table cluster_trial')
    const layout = (await members(cluster)).map((member) => `${member.name} ${member.role}`).join(', ')
    return {
      victim,
      writesBackMs,
      synchronousBackMs,
      acknowledged: acknowledged.size,
      lost,
      storedUnacknowledged: stored.size - (acknowledged.size - lost),
      failuresByCause,
      layout,
    }
  } finally {
    await pool.end()
  }
}
