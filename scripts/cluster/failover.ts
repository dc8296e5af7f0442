import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { patroniMembers, servesSynchronously, waitFor, type PatroniMember } from './health.ts'
import { runningPid, startService } from './processes.ts'
import { loadSecrets } from './secrets.ts'
import { nodeDir, patroniService } from './services.ts'
import { databases, type PatroniCluster, type PatroniNode } from './topology.ts'

/** What one failover trial measured. */
export interface FailoverFigures extends FailoverTimes {
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

/** The members of a cluster as the first of its nodes that answers sees them; none while neither does. */
export async function clusterMembers(cluster: PatroniCluster): Promise<PatroniMember[]> {
  for (const node of cluster.nodes) {
    const found = await patroniMembers(node.restPort)
    if (found !== undefined) return found
  }
  return []
}

async function primaryNode(cluster: PatroniCluster): Promise<PatroniNode> {
  const leader = (await clusterMembers(cluster)).find((member) => member.role === 'leader')
  const node = cluster.nodes.find((candidate) => candidate.name === leader?.name)
  if (node === undefined) throw new Error(`${cluster.name} has no leader to kill`)
  return node
}

async function postmasterPid(dir: string, node: PatroniNode): Promise<number> {
  return Number((await readFile(path.join(nodeDir(dir, node), 'data', 'postmaster.pid'), 'utf8')).split('\n')[0])
}

/** SIGKILLs the postmaster of a cluster's current primary, as a crash would end it; the node's name. */
export async function killPrimaryPostmaster(dir: string, cluster: PatroniCluster): Promise<string> {
  const node = await primaryNode(cluster)
  process.kill(await postmasterPid(dir, node), 'SIGKILL')
  return node.name
}

/**
 * SIGKILLs a cluster's current primary node whole, Patroni first and then its postmaster, as the loss of
 * the machine would end them: nothing is left to release the leader key, which expires after `ttl`.
 */
export async function killPrimaryNode(dir: string, cluster: PatroniCluster): Promise<PatroniNode> {
  const node = await primaryNode(cluster)
  const postmaster = await postmasterPid(dir, node)
  const patroni = await runningPid(dir, node.name)
  if (patroni === undefined) throw new Error(`${node.name}: Patroni is not running`)
  process.kill(patroni.pid, 'SIGKILL')
  process.kill(postmaster, 'SIGKILL')
  return node
}

/** Starts a lost node's Patroni again, as bringing its machine back would; it rejoins as a standby. */
export async function restartNode(dir: string, cluster: PatroniCluster, node: PatroniNode): Promise<void> {
  await startService(dir, await patroniService(dir, cluster.name, node, await loadSecrets(dir)))
}

const noProcessToWatch = async (): Promise<void> => undefined

/** When writes came back after a primary was killed under load. */
export interface FailoverTimes {
  /** The node whose postmaster was killed. */
  victim: string
  /** From the kill to the first write, sent after it, that was acknowledged. */
  writesBackMs: number
  /** From the kill to a leader with a synchronous standby again. */
  synchronousBackMs: number
}

/**
 * Calls `write` with 1, 2, 3… at `ratePerSecond` (each call answering whether its write was acknowledged),
 * SIGKILLs the postmaster of `cluster`'s primary after 3 s, goes on until a write sent after the kill is
 * acknowledged and `settleMs` more, awaits the writes in flight, then waits for a synchronous standby.
 */
export async function killPrimaryUnderLoad(options: {
  dir: string
  cluster: PatroniCluster
  ratePerSecond: number
  settleMs: number
  write: (n: number) => Promise<boolean>
}): Promise<FailoverTimes> {
  // Shared with the writer loop, which runs beside the steps below.
  const trial: { running: boolean; killedAt?: number; firstWriteAfterKill?: number } = { running: true }
  const writeOne = async (n: number): Promise<void> => {
    const startedAt = performance.now()
    const acknowledged = await options.write(n)
    if (acknowledged && trial.killedAt !== undefined && startedAt > trial.killedAt) trial.firstWriteAfterKill ??= performance.now()
  }
  const writer = (async () => {
    const inFlight = new Set<Promise<void>>()
    for (let n = 1; trial.running; n += 1) {
      const written = writeOne(n)
      inFlight.add(written)
      void written.finally(() => inFlight.delete(written))
      await sleep(1000 / options.ratePerSecond)
    }
    await Promise.all(inFlight)
  })()

  await sleep(3000)
  const victim = await killPrimaryPostmaster(options.dir, options.cluster)
  const killedAt = performance.now()
  trial.killedAt = killedAt
  try {
    await waitFor('writes to succeed again', 60_000, async () => trial.firstWriteAfterKill !== undefined, noProcessToWatch)
    await sleep(options.settleMs)
  } finally {
    trial.running = false
    await writer
  }
  await waitFor(
    `${options.cluster.name} to have a synchronous standby again`,
    120_000,
    async () => servesSynchronously(await clusterMembers(options.cluster)),
    noProcessToWatch,
  )
  return { victim, writesBackMs: (trial.firstWriteAfterKill ?? killedAt) - killedAt, synchronousBackMs: performance.now() - killedAt }
}

/**
 * Inserts through haproxy into a running cluster at `ratePerSecond` (into a table `cluster_trial` of its
 * communities' database, dropped at the end) while its primary is killed (`killPrimaryUnderLoad`), then
 * counts the acknowledged inserts missing.
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
    const insert = async (id: number): Promise<boolean> => {
      try {
        await pool.query('insert into cluster_trial (id) values ($1)', [id])
        acknowledged.add(id)
        return true
      } catch (error) {
        const cause = (error as { code?: string }).code ?? (error instanceof Error ? error.message : 'unknown')
        failuresByCause.set(cause, (failuresByCause.get(cause) ?? 0) + 1)
        return false
      }
    }
    const times = await killPrimaryUnderLoad({ dir, cluster, ratePerSecond, settleMs: 0, write: insert })
    const stored = new Set((await pool.query<{ id: string }>('select id from cluster_trial')).rows.map((row) => Number(row.id)))
    const lost = [...acknowledged].filter((id) => !stored.has(id)).length
    await pool.query('drop table cluster_trial')
    const layout = (await clusterMembers(cluster)).map((member) => `${member.name} ${member.role}`).join(', ')
    return {
      ...times,
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
