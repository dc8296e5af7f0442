import { chown, mkdir, writeFile } from 'node:fs/promises'
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import type { ClusterSecrets } from './secrets.ts'
import type { Service } from './processes.ts'
import { renderTemplate } from './templates.ts'
import { clusters, databases, etcdPorts, haproxyPorts, hubs, mailboxPorts, repositoryRoot, type PatroniNode } from './topology.ts'

const baseEnv = (home: string): Record<string, string> => ({
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  LANG: 'C.UTF-8',
  HOME: home,
})

function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
  return { uid: id('-u'), gid: id('-g') }
}

const goArch: Partial<Record<string, string>> = { ppc64: 'ppc64le', ia32: '386' }

export async function etcdService(dir: string): Promise<Service> {
  const dataDir = path.join(dir, 'etcd')
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const config = path.join(dir, 'config', 'etcd.yml')
  const values = { ETCD_DATA_DIR: dataDir, ETCD_CLIENT_PORT: etcdPorts.client, ETCD_PEER_PORT: etcdPorts.peer }
  await writeFile(config, await renderTemplate('etcd.yml', values), { mode: 0o600 })
  const env = baseEnv(dataDir)
  // etcd 3.4 refuses to start on an architecture it does not support unless this names it (as Go does).
  if (process.arch !== 'x64') env['ETCD_UNSUPPORTED_ARCH'] = goArch[process.arch] ?? process.arch
  return { name: 'etcd', command: '/usr/bin/etcd', args: ['--config-file', config], env, program: '/usr/bin/etcd' }
}

/** The folder of one Patroni node (its config, pgpass, socket and data), owned by the postgres user. */
export const nodeDir = (dir: string, node: PatroniNode): string => path.join(dir, 'patroni', node.name)

export async function patroniService(dir: string, scope: string, node: PatroniNode, secrets: ClusterSecrets): Promise<Service> {
  const home = nodeDir(dir, node)
  const { uid, gid } = postgresIds()
  await mkdir(path.join(dir, 'patroni'), { recursive: true, mode: 0o755 })
  await mkdir(home, { recursive: true, mode: 0o700 })
  await chown(home, uid, gid)
  const config = path.join(home, 'patroni.yml')
  const rendered = await renderTemplate('patroni.yml', {
    SCOPE: scope,
    NODE_NAME: node.name,
    REST_PORT: node.restPort,
    PG_PORT: node.pgPort,
    ETCD_CLIENT_PORT: etcdPorts.client,
    NODE_DIR: home,
    DATA_DIR: path.join(home, 'data'),
    SUPERUSER_PASSWORD: secrets.superuserPassword,
    REPLICATION_PASSWORD: secrets.replicationPassword,
    REWIND_PASSWORD: secrets.rewindPassword,
  })
  await writeFile(config, rendered, { mode: 0o600 })
  await chown(config, uid, gid)
  return { name: node.name, command: '/usr/bin/patroni', args: [config], env: baseEnv(home), program: 'patroni', asPostgres: true }
}

export async function haproxyService(dir: string): Promise<Service> {
  const [a, b] = clusters
  const [hub1, hub2] = hubs
  const config = path.join(dir, 'config', 'haproxy.cfg')
  const rendered = await renderTemplate('haproxy.cfg', {
    STATS_PORT: haproxyPorts.stats,
    HTTP_PORT: haproxyPorts.http,
    CLUSTER_A_PORT: a.port,
    A1_PG_PORT: a.nodes[0].pgPort,
    A1_REST_PORT: a.nodes[0].restPort,
    A2_PG_PORT: a.nodes[1].pgPort,
    A2_REST_PORT: a.nodes[1].restPort,
    CLUSTER_B_PORT: b.port,
    B1_PG_PORT: b.nodes[0].pgPort,
    B1_REST_PORT: b.nodes[0].restPort,
    B2_PG_PORT: b.nodes[1].pgPort,
    B2_REST_PORT: b.nodes[1].restPort,
    HUB1_PORT: hub1?.port ?? 0,
    HUB2_PORT: hub2?.port ?? 0,
  })
  await writeFile(config, rendered, { mode: 0o600 })
  // -db: in the foreground, logging to stdout (the log file); -W: master-worker, so SIGTERM stops it cleanly.
  return { name: 'haproxy', command: '/usr/sbin/haproxy', args: ['-W', '-db', '-f', config], env: baseEnv(dir), program: 'haproxy' }
}

/** A connection URL through haproxy: always the cluster's current primary. */
export function kindredUrl(clusterPort: number, database: string, secrets: ClusterSecrets): string {
  return `postgres://kindred:${secrets.kindredPassword}@127.0.0.1:${clusterPort}/${database}`
}

/** The environment every Kindred process of the topology shares (the CLI too: see `kindred.env`). */
export function kindredEnvironment(secrets: ClusterSecrets): Record<string, string> {
  return {
    DATABASE_URL: kindredUrl(clusters[0].port, databases.hub, secrets),
    KINDRED_PLACEMENTS: clusters.map((cluster) => `${cluster.name}=${kindredUrl(cluster.port, databases.communities, secrets)}`).join(','),
    KINDRED_MASTER_KEY: secrets.masterKey,
    KINDRED_PUBLIC_URL: `http://127.0.0.1:${haproxyPorts.http}`,
    SMTP_URL: `smtp://127.0.0.1:${mailboxPorts.smtp}`,
  }
}

export function kindredServices(dir: string, secrets: ClusterSecrets): Service[] {
  const shared = { ...baseEnv(dir), ...kindredEnvironment(secrets), LOG_FORMAT: 'json' }
  const hubServices = hubs.map((hub, index): Service => {
    const env: Record<string, string> = {
      ...shared,
      PORT: String(hub.port),
      WORKER_MODE: 'off',
      KINDRED_TRUSTED_PROXIES: '127.0.0.1',
      KINDRED_DATA_DIR: path.join(dir, hub.name),
    }
    // The first hub runs the development mailbox every process hands its mail to.
    if (index === 0) {
      delete env['SMTP_URL']
      Object.assign(env, { DEV_MAILBOX_SMTP_PORT: String(mailboxPorts.smtp), DEV_MAILBOX_WEB_PORT: String(mailboxPorts.web) })
    }
    return {
      name: hub.name,
      command: process.execPath,
      args: [path.join(repositoryRoot, 'apps/hub/src/main.ts')],
      env,
      program: 'apps/hub/src/main.ts',
    }
  })
  const worker: Service = {
    name: 'worker',
    command: process.execPath,
    args: [path.join(repositoryRoot, 'apps/worker/src/main.ts')],
    env: { ...shared, KINDRED_DATA_DIR: path.join(dir, 'worker') },
    program: 'apps/worker/src/main.ts',
  }
  return [...hubServices, worker]
}
