import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { killPrimaryNode, killPrimaryUnderLoad, restartNode, type FailoverTimes } from '../../scripts/cluster/failover.ts'
import { patroniMembers, servesSynchronously, waitFor } from '../../scripts/cluster/health.ts'
import type { PatroniCluster } from '../../scripts/cluster/topology.ts'
import { call, throughHaproxy } from '../../scripts/cluster/client.ts'

/** What members posting through haproxy saw while one cluster's primary was killed. */
export interface PostingFigures extends FailoverTimes {
  /** The ids of the acknowledged replies. */
  acknowledged: string[]
  /** How many replies were answered with each status (0: no answer at all). */
  statuses: Map<number, number>
}

/**
 * Members reply to a thread through haproxy at `ratePerSecond`, taking turns, while the primary of
 * `cluster` is killed; the replies go on for 2 s after the first one acknowledged after the kill.
 */
export async function postThroughFailover(options: {
  dir: string
  cluster: PatroniCluster
  slug: string
  threadId: string
  memberTokens: string[]
  ratePerSecond: number
}): Promise<PostingFigures> {
  const acknowledged: string[] = []
  const statuses = new Map<number, number>()
  const reply = async (n: number): Promise<boolean> => {
    const token = options.memberTokens[n % options.memberTokens.length]
    const path = `/v1/c/${options.slug}/threads/${options.threadId}/replies`
    const body = { body: `Reply ${n} of the failover trial` }
    const answer = await call<{ post: { id: string } }>(throughHaproxy, 'POST', path, {
      ...(token === undefined ? {} : { token }),
      body,
    }).catch(() => ({ status: 0, body: undefined }))
    statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
    if (answer.status !== 201 || answer.body === undefined) return false
    acknowledged.push(answer.body.post.id)
    return true
  }
  const times = await killPrimaryUnderLoad({ ...options, settleMs: 2000, write: reply })
  return { ...times, acknowledged, statuses }
}

const noProcessToWatch = async (): Promise<void> => undefined

/** One request of {@link keepPosting}: when it was answered, how long it took, and what came back. */
export interface Posted {
  atMs: number
  ms: number
  status: number
  body: string
  postId?: string
}

/**
 * Members reply to `threadId` through haproxy, each in turn as fast as the hubs answer (a pause of
 * `pauseMs` between replies), until `stop.done`; every reply has a body of its own.
 */
export async function keepPosting(
  options: { slug: string; threadId: string; memberTokens: string[]; pauseMs: number },
  stop: { done: boolean },
): Promise<Posted[]> {
  const posted: Posted[] = []
  const path = `/v1/c/${options.slug}/threads/${options.threadId}/replies`
  const member = async (token: string, index: number): Promise<void> => {
    for (let n = 0; !stop.done; n += 1) {
      const body = `Reply ${n} of member ${index}`
      const began = performance.now()
      const answer = await call<{ post: { id: string } }>(throughHaproxy, 'POST', path, { token, body: { body } }).catch(() => ({
        status: 0,
        body: undefined,
      }))
      const atMs = performance.now()
      const postId = answer.status === 201 ? answer.body?.post.id : undefined
      posted.push({ atMs, ms: atMs - began, status: answer.status, body, ...(postId === undefined ? {} : { postId }) })
      await sleep(options.pauseMs)
    }
  }
  await Promise.all(options.memberTokens.map(member))
  return posted
}

/** What members posting through haproxy saw while one cluster lost its primary node whole. */
export interface NodeLossFigures {
  victim: string
  posted: Posted[]
  /** Milliseconds on the `performance.now()` clock of `posted`. */
  killedAt: number
  promotedAt: number
  restartedAt: number
  synchronousAt: number
}

/**
 * Members reply to a thread through haproxy while `cluster` loses its primary node whole (Patroni and
 * PostgreSQL SIGKILLed): the standby takes the leader key once it expires, the lost node is started again
 * `downMs` later and rejoins as a standby; the replies go on for 2 s after the cluster is synchronous again.
 */
export async function postThroughNodeLoss(options: {
  dir: string
  cluster: PatroniCluster
  slug: string
  threadId: string
  memberTokens: string[]
  downMs: number
}): Promise<NodeLossFigures> {
  const stop = { done: false }
  const posting = keepPosting({ slug: options.slug, threadId: options.threadId, memberTokens: options.memberTokens, pauseMs: 100 }, stop)
  try {
    await sleep(3000)
    const lost = await killPrimaryNode(options.dir, options.cluster)
    const killedAt = performance.now()
    const survivor = options.cluster.nodes.find((node) => node.name !== lost.name)
    if (survivor === undefined) throw new Error(`${options.cluster.name} has one node only`)
    const survivorLeads = async (): Promise<boolean> =>
      ((await patroniMembers(survivor.restPort)) ?? []).some((member) => member.name === survivor.name && member.role === 'leader')
    await waitFor(`${survivor.name} to take the leader key`, 120_000, survivorLeads, noProcessToWatch)
    const promotedAt = performance.now()
    await sleep(options.downMs)
    const restartedAt = performance.now()
    await restartNode(options.dir, options.cluster, lost)
    const synchronous = async (): Promise<boolean> => servesSynchronously((await patroniMembers(survivor.restPort)) ?? [])
    await waitFor(`${options.cluster.name} to be synchronous again`, 120_000, synchronous, noProcessToWatch)
    const synchronousAt = performance.now()
    await sleep(2000)
    stop.done = true
    return { victim: lost.name, posted: await posting, killedAt, promotedAt, restartedAt, synchronousAt }
  } finally {
    stop.done = true
    await posting
  }
}
