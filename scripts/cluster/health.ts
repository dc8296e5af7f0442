import { setTimeout as sleep } from 'node:timers/promises'

/** A member of a Patroni cluster as its REST API's `/cluster` describes it. */
export interface PatroniMember {
  name: string
  role: string
  state: string
  lag?: number | string
}

/** The members one Patroni node reports for its cluster; undefined while that node does not answer. */
export async function patroniMembers(restPort: number): Promise<PatroniMember[] | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${restPort}/cluster`, { signal: AbortSignal.timeout(2000) })
    if (!response.ok) return undefined
    const body = (await response.json()) as { members?: PatroniMember[] }
    return body.members
  } catch {
    return undefined
  }
}

/** A cluster serves synchronous writes: a running leader and a sync standby that replicates. */
export function servesSynchronously(members: PatroniMember[]): boolean {
  const leader = members.find((member) => member.role === 'leader' && member.state === 'running')
  const standby = members.find((member) => member.role === 'sync_standby' && ['running', 'streaming'].includes(member.state))
  return leader !== undefined && standby !== undefined
}

/** haproxy's view of one server: its section, name and status (UP, DOWN, no check…). */
export interface BackendServer {
  proxy: string
  server: string
  status: string
}

/** Every server of every haproxy section, from its stats page; undefined while haproxy does not answer. */
export async function haproxyServers(statsPort: number): Promise<BackendServer[] | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${statsPort}/stats;csv`, { signal: AbortSignal.timeout(2000) })
    if (!response.ok) return undefined
    const [header = '', ...rows] = (await response.text()).trim().split('\n')
    const columns = header.replace(/^# /, '').split(',')
    const at = (name: string): number => columns.indexOf(name)
    return rows
      .map((row) => row.split(','))
      .filter((cells) => !['FRONTEND', 'BACKEND'].includes(cells[at('svname')] ?? ''))
      .map((cells) => ({ proxy: cells[at('pxname')] ?? '', server: cells[at('svname')] ?? '', status: cells[at('status')] ?? '' }))
  } catch {
    return undefined
  }
}

/** Answers the status of `GET url`, or undefined when nothing answers. */
export async function httpStatus(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) })
    await response.body?.cancel()
    return response.status
  } catch {
    return undefined
  }
}

/**
 * Polls `check` until it answers true; before each try, `alive` may throw to end the wait early (a
 * process that died will not become ready).
 *
 * @throws Error saying what was awaited once `timeoutMs` has passed.
 */
export async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>, alive: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    await alive()
    if (await check()) return
    if (Date.now() > deadline) throw new Error(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`)
    await sleep(500)
  }
}
