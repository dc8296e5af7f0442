import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '@kindred/config'
import type { Database } from '@kindred/db'
import type { Logger } from '@kindred/log'
import { createPlacements, type Placements } from '@kindred/community'

declare module 'fastify' {
  interface FastifyInstance {
    /** The clusters holding community schemas: `placements.tenantDb(community)` routes to a tenant. */
    placements: Placements
  }
}

export interface PlacementsPluginOptions {
  /** The process's placements, closed by their owner; absent: the hub opens its own and closes them with the app. */
  placements: Placements | undefined
  database: Database
  config: Config
  logger: Logger
}

async function placements(app: FastifyInstance, options: PlacementsPluginOptions): Promise<void> {
  if (options.placements !== undefined) {
    app.decorate('placements', options.placements)
    return
  }
  const hubUrl = options.database.pool.options.connectionString
  if (hubUrl === undefined) throw new Error('the hub database has no connection string to derive the default placement from')
  const own = createPlacements({ hubUrl, config: options.config, applicationName: 'kindred-hub', logger: options.logger })
  app.decorate('placements', own)
  app.addHook('onClose', () => own.close())
}

export default fp(placements, { name: 'kindred-placements' })
