import path from 'node:path'

// The local topology of scripts/cluster: fixed loopback ports in ranges nothing else of Kindred uses, so
// a second run finds the same addresses and the printed URLs stay valid. Every one lies below Linux's
// ephemeral range (32768–60999 by default): a port in it may be held by any outgoing connection, or by one
// in TIME_WAIT for a minute after it closed, and nothing can listen there meanwhile. A CI run lost a
// PostgreSQL node that way on :15434, right after the test suite's thousands of loopback connections.

export interface PatroniNode {
  name: string
  pgPort: number
  restPort: number
}

export interface PatroniCluster {
  /** Patroni's scope, also the haproxy section and the Kindred placement holding communities there. */
  name: string
  /** haproxy's port for this cluster: always its current primary. */
  port: number
  nodes: [PatroniNode, PatroniNode]
}

export const etcdPorts = { client: 2379, peer: 2380 }

export const clusters: [PatroniCluster, PatroniCluster] = [
  {
    name: 'cluster-a',
    port: 15401,
    nodes: [
      { name: 'a1', pgPort: 15431, restPort: 8091 },
      { name: 'a2', pgPort: 15432, restPort: 8092 },
    ],
  },
  {
    name: 'cluster-b',
    port: 15402,
    nodes: [
      { name: 'b1', pgPort: 15433, restPort: 8093 },
      { name: 'b2', pgPort: 15434, restPort: 8094 },
    ],
  },
]

export const haproxyPorts = { http: 8080, stats: 8404 }

export const hubs = [
  { name: 'hub1', port: 3401 },
  { name: 'hub2', port: 3402 },
]

/** The development mailbox the first hub starts; the other hub and the worker hand mail to it. */
export const mailboxPorts = { smtp: 3425, web: 3480 }

/** Every port the topology listens on, with what listens there, for the check before starting. */
export function topologyPorts(): { port: number; owner: string }[] {
  return [
    { port: etcdPorts.client, owner: 'etcd (clients)' },
    { port: etcdPorts.peer, owner: 'etcd (peers)' },
    ...clusters.flatMap((cluster) => [
      { port: cluster.port, owner: `haproxy (${cluster.name})` },
      ...cluster.nodes.flatMap((node) => [
        { port: node.pgPort, owner: `PostgreSQL ${node.name}` },
        { port: node.restPort, owner: `Patroni REST ${node.name}` },
      ]),
    ]),
    { port: haproxyPorts.http, owner: 'haproxy (HTTP)' },
    { port: haproxyPorts.stats, owner: 'haproxy (stats)' },
    ...hubs.map((hub) => ({ port: hub.port, owner: `Kindred ${hub.name}` })),
    { port: mailboxPorts.smtp, owner: 'development mailbox (SMTP)' },
    { port: mailboxPorts.web, owner: 'development mailbox (web)' },
  ]
}

/** The repository, whose `infra/local/` holds the templates every run renders. */
export const repositoryRoot = path.resolve(import.meta.dirname, '..', '..')
export const templatesDir = path.join(repositoryRoot, 'infra', 'local')

/** Where a run keeps everything it writes: `KINDRED_CLUSTER_DIR`, or `.kindred-cluster/` in the repository. */
export function stateDir(environment: NodeJS.ProcessEnv): string {
  return path.resolve(environment['KINDRED_CLUSTER_DIR'] ?? path.join(repositoryRoot, '.kindred-cluster'))
}

/** The hub's database, on cluster-a; each cluster's community database is its Kindred placement. */
export const databases = { hub: 'kindred', communities: 'kindred_communities' }
