import type { Kysely } from 'kysely'
import type { Config } from '@kindred/config'
import type { HubDatabase } from '@kindred/db'
import type { Logger } from '@kindred/log'
import type { Placements } from '@kindred/community'
import type { Mailer } from '@kindred/mail'

/** What the tasks run with: the worker's hub pool, the placements, a logger, the configuration, the process's mailer and its mail links' key. */
export interface TaskDependencies {
  db: Kysely<HubDatabase>
  placements: Placements
  logger: Logger
  config: Config
  mailer: Mailer
  /** The key of one-click unsubscribe links (derived from the master key: the same on every process). */
  unsubscribeKey: Buffer
}
