// Memory of the hub and of the PostgreSQL backends serving it while requests go to communities picked at
// random among thousands: the hub runs in a process of its own (scale-hub.ts), the backends are found
// through pg_stat_activity and measured in /proc.
import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readFile } from 'node:fs/promises'
import { randomInt } from 'node:crypto'
import pg from 'pg'
import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { hubAudience, type TokenService } from '@kindred/tokens'
import { hubApplicationName, type HubChildMessage, type HubParentMessage } from './scale-hub-protocol.ts'

/** A member of one community, with a hub token, as a signed-in client holds it. */
export interface Member {
  slug: string
  authorization: string
}

/** The founder of every live community (provisioning makes them its owner), each with a fresh hub token. */
export async function foundingMembers(db: Kysely<HubDatabase>, tokens: TokenService): Promise<Member[]> {
  const rows = await db
    .selectFrom('hub.memberships as membership')
    .innerJoin('hub.communities as community', 'community.id', 'membership.community_id')
    .innerJoin('hub.proposals as proposal', 'proposal.id', 'community.proposal_id')
    .select(['community.slug', 'membership.account_id'])
    .whereRef('membership.account_id', '=', 'proposal.founder_id')
    .where('community.status', '=', 'live')
    .execute()
  return Promise.all(
    rows.map(async (row) => ({
      slug: row.slug,
      authorization: `Bearer ${await tokens.sign({ subject: row.account_id, audience: hubAudience })}`,
    })),
  )
}

/** Kilobytes from /proc/<pid>/status: resident in all, and private (anonymous: not shared buffers, not files). */
export interface ProcessMemory {
  rssKb: number
  anonKb: number
}

const statusField = (status: string, field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? 0)

/** A process's memory, or undefined if it has gone (a recycled backend between listing and reading). */
export async function processMemory(pid: number): Promise<ProcessMemory | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8')
    return { rssKb: statusField(status, 'VmRSS'), anonKb: statusField(status, 'RssAnon') }
  } catch {
    return undefined
  }
}

/** The backends of one pool at one moment: how many, their private memory together and the largest one's. */
export interface PoolBackends {
  count: number
  totalAnonKb: number
  largestAnonKb: number
}

async function poolBackends(client: pg.Client, applicationName: string): Promise<PoolBackends> {
  const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [applicationName])
  const memories = (await Promise.all(rows.map((row) => processMemory(row.pid)))).filter((memory) => memory !== undefined)
  return {
    count: memories.length,
    totalAnonKb: memories.reduce((sum, memory) => sum + memory.anonKb, 0),
    largestAnonKb: Math.max(0, ...memories.map((memory) => memory.anonKb)),
  }
}

const largerOf = (a: PoolBackends, b: PoolBackends): PoolBackends => ({
  count: Math.max(a.count, b.count),
  totalAnonKb: Math.max(a.totalAnonKb, b.totalAnonKb),
  largestAnonKb: Math.max(a.largestAnonKb, b.largestAnonKb),
})

/** Peaks, over a run, of the hub process and of the backends of its two kinds of pool. */
export interface Peaks {
  hubRssKb: number
  /** The hub's own pool (`kindred-hub`): accounts, memberships, communities. */
  hubPool: PoolBackends
  /** The placement pool (`kindred-hub:default`): the tenants' tables. */
  placementPool: PoolBackends
}

const nothing: PoolBackends = { count: 0, totalAnonKb: 0, largestAnonKb: 0 }

// Samples once a second until `running()` turns false; each figure is the largest seen.
async function samplePeaks(url: string, hubPid: number, running: () => boolean): Promise<Peaks> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const peaks: Peaks = { hubRssKb: 0, hubPool: nothing, placementPool: nothing }
  try {
    while (running()) {
      peaks.hubRssKb = Math.max(peaks.hubRssKb, (await processMemory(hubPid))?.rssKb ?? 0)
      peaks.hubPool = largerOf(peaks.hubPool, await poolBackends(client, hubApplicationName))
      peaks.placementPool = largerOf(peaks.placementPool, await poolBackends(client, `${hubApplicationName}:default`))
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
  } finally {
    await client.end()
  }
  return peaks
}

/** A running hub process: where it listens, and its memory on request. */
interface HubProcess {
  url: string
  pid: number
  /** RSS and V8 heap after a full garbage collection. */
  memory(): Promise<NodeJS.MemoryUsage>
  stop(): Promise<void>
}

const hubScript = new URL('./scale-hub.ts', import.meta.url)

function nextMessage(child: ChildProcess, type: HubChildMessage['type']): Promise<HubChildMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: HubChildMessage): void => {
      if (message.type !== type) return
      child.off('exit', onExit)
      child.off('message', onMessage)
      resolve(message)
    }
    const onExit = (code: number | null): void => {
      child.off('message', onMessage)
      reject(new Error(`the hub process exited (code ${String(code)})`))
    }
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

/** Forks the hub with only `environment` (PATH aside), so that settings of the caller's shell cannot leak in. */
async function startHub(environment: Record<string, string>): Promise<HubProcess> {
  const child = fork(hubScript, [], {
    execArgv: ['--expose-gc'],
    env: { PATH: process.env.PATH ?? '', ...environment },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const ready = await nextMessage(child, 'ready')
  if (ready.type !== 'ready' || child.pid === undefined) throw new Error('the hub process did not start')
  const ask = (message: HubParentMessage): boolean => child.send(message)
  return {
    url: ready.url,
    pid: child.pid,
    memory: async () => {
      const answer = nextMessage(child, 'memory')
      ask({ type: 'memory' })
      const message = await answer
      if (message.type !== 'memory') throw new Error('unexpected answer from the hub process')
      return message.memory
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = once(child, 'exit')
      ask({ type: 'stop' })
      await exited
    },
  }
}

/** Requests sent, and how many answered other than 200 or not at all. */
interface Load {
  requests: number
  failed: number
  seconds: number
  /** Distinct communities switched into. */
  communities: number
}

// `lanes` clients, each switching into a community picked at random, one request after the other.
async function switchAtRandom(hubUrl: string, members: readonly Member[], lanes: number, seconds: number): Promise<Load> {
  const touched = new Set<string>()
  let requests = 0
  let failed = 0
  const started = performance.now()
  const deadline = started + seconds * 1000
  const lane = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const member = members[randomInt(members.length)]
      if (member === undefined) continue
      requests += 1
      touched.add(member.slug)
      try {
        const response = await fetch(`${hubUrl}/v1/auth/switch`, {
          method: 'POST',
          headers: { authorization: member.authorization, 'content-type': 'application/json' },
          body: JSON.stringify({ community: member.slug }),
        })
        await response.arrayBuffer()
        if (response.status !== 200) failed += 1
      } catch {
        failed += 1
      }
    }
  }
  await Promise.all(Array.from({ length: lanes }, lane))
  return { requests, failed, seconds: (performance.now() - started) / 1000, communities: touched.size }
}

export interface MemoryRun {
  load: Load
  /** The hub process just started (before any request) and after the load, each after a full collection. */
  hubBefore: NodeJS.MemoryUsage
  hubAfter: NodeJS.MemoryUsage
  peaks: Peaks
}

export interface MemoryRunOptions {
  /** The bench database, where the hub runs. */
  url: string
  /** Environment of the hub process besides DATABASE_URL: the master key and any pool settings. */
  hubEnvironment: Record<string, string>
  members: readonly Member[]
  lanes: number
  seconds: number
}

/** Starts a hub, loads it with switches into random communities for `seconds`, and measures it and its backends. */
export async function measureMemory(options: MemoryRunOptions): Promise<MemoryRun> {
  const hub = await startHub({ DATABASE_URL: options.url, LOG_LEVEL: 'warn', ...options.hubEnvironment })
  try {
    const hubBefore = await hub.memory()
    let running = true
    const sampling = samplePeaks(options.url, hub.pid, () => running)
    // Awaited below; marked handled now so that a failure during the load cannot end the process first.
    sampling.catch(() => undefined)
    const load = await switchAtRandom(hub.url, options.members, options.lanes, options.seconds).finally(() => {
      running = false
    })
    const peaks = await sampling
    return { load, hubBefore, hubAfter: await hub.memory(), peaks }
  } finally {
    await hub.stop()
  }
}
