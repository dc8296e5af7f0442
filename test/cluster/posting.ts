import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { killPrimaryUnderLoad, type FailoverTimes } from '../../scripts/cluster/failover.ts'
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
