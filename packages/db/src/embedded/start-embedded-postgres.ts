import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import type { Logger } from '@kindred/log'
import type { HostMessage, HostOptions, ParentMessage } from './protocol.ts'

export interface EmbeddedPostgres {
  /** Connection URL of the `kindred` database on the embedded server. */
  url: string
  /**
   * Stops the server cleanly (a checkpoint, no recovery on the next start) and waits for it; while other
   * processes hold a lease on the data folder (see useDatabaseServer), the server runs on until they are done.
   */
  stop(): Promise<void>
}

const hostScript = new URL('./host.ts', import.meta.url)

// Given on the server's command line at every start, so a data folder created by an earlier version gets
// them too; a caller's own flags come after and take precedence.
//
// max_locks_per_transaction: pg_dump locks every table it dumps, all in one transaction, and the shared
// lock table holds max_locks_per_transaction × (max_connections + max_prepared_transactions) locks, here
// × (100 + 0) (initdb's max_connections). PostgreSQL's default of 64 gives 6,400: pg_dump of 5,000
// communities (8 tables each with the forum's first tables, 40,181 locks held) fails with "out of shared
// memory" (docs/benchmarks.md, scale). A community will have about 14 tables once the forum is complete;
// every known rare disease (~7,000) then makes 7,000 × 14 = 98,000 tables, plus the hub's and the job
// queue's and the ~160 catalog relations pg_dump's own queries lock. 2048 × 100 = 204,800: twice that,
// the same capacity as infra/postgresql/kindred.conf (1024 × 200). The price is shared memory
// (shared_memory_size 150 MB → 257 MB, about half of the difference touched at start).
// wal_level=logical: moving a community to another placement copies it by logical replication
// (@kindred/tenancy moveCommunity); the price is a little more WAL for updates and deletes.
const embeddedServerFlags: readonly string[] = ['-c', 'max_locks_per_transaction=2048', '-c', 'wal_level=logical']

const recentLinesKept = 20

/**
 * Starts (creating on first use) a PostgreSQL server whose data lives in `dataDir/pgdata` and survives
 * restarts. The server runs under a detached host process, so it outlives signals sent to this process
 * until `stop()` is called, and stops by itself if this process dies.
 *
 * @example const pg = await startEmbeddedPostgres({ dataDir: '.kindred', port: 54329, logger })
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string
  port: number
  logger: Logger
  /** Further server flags (`['-c', 'name=value']`), after and so overriding Kindred's own settings. */
  postgresFlags?: string[]
}): Promise<EmbeddedPostgres> {
  const log = options.logger.child({ component: 'embedded-postgres' })
  const hostOptions: HostOptions = {
    dataDir: options.dataDir,
    port: options.port,
    postgresFlags: [...embeddedServerFlags, ...(options.postgresFlags ?? [])],
  }
  const host = fork(hostScript, [JSON.stringify(hostOptions)], {
    detached: true,
    execArgv: [],
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  })
  const recentLines: string[] = []
  const url = await new Promise<string>((resolve, reject) => {
    host.on('message', (message: HostMessage) => {
      if (message.type === 'log') {
        recentLines.push(message.line)
        if (recentLines.length > recentLinesKept) recentLines.shift()
        log.debug({ line: message.line }, 'postgres')
      } else if (message.type === 'event') log.warn(message.event)
      else if (message.type === 'ready') resolve(message.url)
      else if (message.type === 'failed')
        reject(new Error(`Embedded PostgreSQL did not start: ${message.message}\n${recentLines.join('\n')}`))
    })
    host.once('exit', (code) => reject(new Error(`Embedded PostgreSQL host exited (code ${String(code)})\n${recentLines.join('\n')}`)))
  })
  log.info({ port: options.port, dataDir: options.dataDir }, 'embedded PostgreSQL started')
  return { url, stop: () => stopHost(host) }
}

async function stopHost(host: ChildProcess): Promise<void> {
  if (host.exitCode !== null || host.signalCode !== null) return
  const kept = new Promise<void>((resolve) => host.on('message', (message: HostMessage) => message.type === 'kept' && resolve()))
  const stopped = Promise.race([once(host, 'exit'), kept])
  host.send({ type: 'stop' } satisfies ParentMessage)
  await stopped
  // Kept for other processes: let go of the host so this process can exit while it runs on.
  if (host.connected) host.disconnect()
  host.unref()
}
