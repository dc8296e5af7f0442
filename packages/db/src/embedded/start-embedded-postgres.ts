import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import type { Logger } from '@kindred/log'
import type { HostMessage, HostOptions, ParentMessage } from './protocol.ts'

export interface EmbeddedPostgres {
  /** Connection URL of the `kindred` database on the embedded server. */
  url: string
  /** Stops the server cleanly (a checkpoint, no recovery on the next start) and waits for it. */
  stop(): Promise<void>
}

const hostScript = new URL('./host.ts', import.meta.url)
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
  postgresFlags?: string[]
}): Promise<EmbeddedPostgres> {
  const log = options.logger.child({ component: 'embedded-postgres' })
  const hostOptions: HostOptions = { dataDir: options.dataDir, port: options.port, postgresFlags: options.postgresFlags ?? [] }
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
      } else if (message.type === 'ready') resolve(message.url)
      else reject(new Error(`Embedded PostgreSQL did not start: ${message.message}\n${recentLines.join('\n')}`))
    })
    host.once('exit', (code) => reject(new Error(`Embedded PostgreSQL host exited (code ${String(code)})\n${recentLines.join('\n')}`)))
  })
  log.info({ port: options.port, dataDir: options.dataDir }, 'embedded PostgreSQL started')
  return { url, stop: () => stopHost(host) }
}

async function stopHost(host: ChildProcess): Promise<void> {
  if (host.exitCode !== null || host.signalCode !== null) return
  const exited = once(host, 'exit')
  host.send({ type: 'stop' } satisfies ParentMessage)
  await exited
}
