import type { Config } from '@kindred/config'
import type { Logger } from '@kindred/log'
import { startEmbeddedPostgres } from './embedded/start-embedded-postgres.ts'

export interface DatabaseServer {
  url: string
  /** Stops the embedded server if this process started one; an external server is left alone. */
  stop(): Promise<void>
}

/**
 * The PostgreSQL server this process uses: `DATABASE_URL` when set, otherwise an embedded server with
 * its data in `KINDRED_DATA_DIR`, started on demand.
 */
export async function useDatabaseServer(config: Config['database'], logger: Logger): Promise<DatabaseServer> {
  if (config.url !== undefined) return { url: config.url, stop: () => Promise.resolve() }
  return startEmbeddedPostgres({ dataDir: config.embedded.dataDir, port: config.embedded.port, logger })
}
