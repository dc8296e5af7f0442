import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Database, Migration } from '@kindred/db'

declare module 'fastify' {
  interface FastifyInstance {
    database: Database
    /** The hub migrations this build ships, read once at start-up; readiness compares them with the database. */
    hubMigrations: readonly Migration[]
  }
}

export interface DatabasePluginOptions {
  database: Database
  hubMigrations: readonly Migration[]
}

async function database(app: FastifyInstance, options: DatabasePluginOptions): Promise<void> {
  app.decorate('database', options.database)
  app.decorate('hubMigrations', options.hubMigrations)
}

export default fp(database, { name: 'kindred-database' })
