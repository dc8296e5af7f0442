import { readFile } from 'node:fs/promises'
import { performance } from 'node:perf_hooks'
import type { Kysely } from 'kysely'
import { createPlacements, type Placements, type TenantHandle } from '@kindred/community'
import { loadConfig } from '@kindred/config'
import { createDatabase, type HubDatabase } from '@kindred/db'
import type { Logger } from '@kindred/log'
import { communityProvisionJob } from '@kindred/tenancy'
import { insertProposal } from '@kindred/testkit'
import { waitFor } from './health.ts'
import { logFile, runningPid } from './processes.ts'
import { loadSecrets } from './secrets.ts'
import { kindredEnvironment, kindredUrl } from './services.ts'
import { clusters, databases } from './topology.ts'

/** The hub database and the placements of a running topology, through haproxy, as its processes open them. */
export interface KindredConnections {
  /** The topology's state folder. */
  dir: string
  db: Kysely<HubDatabase>
  placements: Placements
  close(): Promise<void>
}

export async function openKindred(dir: string, logger: Logger): Promise<KindredConnections> {
  const secrets = await loadSecrets(dir)
  const config = loadConfig(kindredEnvironment(secrets))
  const hubUrl = kindredUrl(clusters[0].port, databases.hub, secrets)
  const applicationName = 'kindred-cluster-script'
  const hub = createDatabase({ url: hubUrl, poolMax: 2, connectTimeoutMs: 5000, connectionMaxLifetimeSeconds: 0, applicationName, logger })
  const placements = createPlacements({ hubUrl, config, applicationName, logger })
  return {
    dir,
    db: hub.db,
    placements,
    close: async () => {
      await Promise.all([hub.close(), placements.close()])
    },
  }
}

/** The first line of every error `service` logged (Kindred's logs hold no secrets), oldest first. */
export async function loggedErrors(dir: string, service: string): Promise<string[]> {
  const lines = (await readFile(logFile(dir, service), 'utf8').catch(() => '')).split('\n')
  return lines.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string }
      return (entry.level ?? 0) >= 50 ? [String(entry.msg).split('\n')[0] ?? ''] : []
    } catch {
      return []
    }
  })
}

const lastErrors = async (dir: string, service: string): Promise<string> =>
  (await loggedErrors(dir, service)).slice(-5).join(' | ') || 'none'

/**
 * A community on `placement`, provisioned by the topology's worker from a proposal written as staff
 * approved it, then opened to members without a moderator's approval.
 */
export async function liveCommunity(
  kindred: KindredConnections,
  slug: string,
  placement: string,
): Promise<{ tenant: TenantHandle; provisionedInMs: number }> {
  const { db } = kindred
  const began = performance.now()
  const proposal = await insertProposal(db, { slug, moderators: 0, members: 0 })
  await db.transaction().execute((trx) => communityProvisionJob.enqueue(trx, { proposalId: proposal.proposalId, placement }))
  const located = () =>
    db
      .selectFrom('hub.communities')
      .select(['status', 'placement', 'schema_name as schemaName'])
      .where('slug', '=', slug)
      .executeTakeFirst()
  const workerRuns = async (): Promise<void> => {
    if ((await runningPid(kindred.dir, 'worker')) === undefined) {
      throw new Error('The worker exited')
    }
  }
  await waitFor(`the worker to provision ${slug}`, 120_000, async () => (await located())?.status === 'live', workerRuns).catch(
    async (error: unknown) => {
      throw new Error(`${(error as Error).message}; the worker's last errors: ${await lastErrors(kindred.dir, 'worker')}`)
    },
  )
  const provisionedInMs = performance.now() - began
  const community = await located()
  if (community === undefined) throw new Error(`${slug} disappeared`)
  const tenant = kindred.placements.tenantDb(community)
  await tenant.query.updateTable('settings').set({ join_approval: false }).execute()
  return { tenant, provisionedInMs }
}
