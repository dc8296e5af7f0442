import type { Config } from '@kindred/config'
import type { Logger } from '@kindred/log'
import { dropLease, takeLease } from './embedded/leases.ts'
import { findRunningServer } from './embedded/running-server.ts'
import { withServerLock } from './embedded/server-lock.ts'
import { startEmbeddedPostgres } from './embedded/start-embedded-postgres.ts'

export interface DatabaseServer {
  url: string
  /**
   * Lets go of the server: an external one is left alone; the embedded one stops once no Kindred process
   * of its data folder uses it any more.
   */
  stop(): Promise<void>
}

/**
 * The PostgreSQL server this process uses: `DATABASE_URL` when set, otherwise the embedded server of
 * `KINDRED_DATA_DIR`: the one already running there (started by `npm start` or another command), or one
 * started now. Any number of processes may share it; the last one to stop stops it.
 */
export async function useDatabaseServer(config: Config['database'], logger: Logger): Promise<DatabaseServer> {
  if (config.url !== undefined) return { url: config.url, stop: () => Promise.resolve() }
  const { dataDir, port } = config.embedded
  return withServerLock(dataDir, async () => {
    await takeLease(dataDir)
    try {
      const running = await findRunningServer(dataDir)
      if (running !== undefined) {
        logger.info({ dataDir }, 'using the embedded PostgreSQL already running on this data folder')
        return { url: running, stop: () => dropLease(dataDir) }
      }
      const server = await startEmbeddedPostgres({ dataDir, port, logger })
      return { url: server.url, stop: () => dropLease(dataDir).then(() => server.stop()) }
    } catch (error) {
      await dropLease(dataDir)
      throw error
    }
  })
}
