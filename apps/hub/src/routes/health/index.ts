import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { KindredError } from '@kindred/errors'
import { isDatabaseUnavailable, pendingMigrations, hubSchema } from '@kindred/db'
import { strictObject, type TypeBoxApp } from '../typebox.ts'

const liveSchema = strictObject({ status: Type.Literal('ok') })
const readySchema = strictObject({ status: Type.Literal('ready') })

async function whyNotReady(app: FastifyInstance): Promise<string | undefined> {
  try {
    const pending = await pendingMigrations(app.database.db, hubSchema, app.hubMigrations)
    if (pending.length > 0) return `hub migrations pending: ${pending.map((migration) => migration.name).join(', ')}`
    return undefined
  } catch (error) {
    if (isDatabaseUnavailable(error)) return 'database unreachable'
    throw error
  }
}

export default async function healthRoutes(app: TypeBoxApp): Promise<void> {
  app.get(
    '/healthz',
    {
      config: { loadShedding: false },
      schema: { operationId: 'checkLiveness', security: [], summary: 'The process is up', tags: ['health'], response: { 200: liveSchema } },
    },
    async () => ({ status: 'ok' as const }),
  )

  app.get(
    '/readyz',
    {
      schema: {
        operationId: 'checkReadiness',
        security: [],
        summary: 'The database is reachable and its migrations are current',
        tags: ['health'],
        response: { 200: readySchema },
      },
    },
    async () => {
      const reason = await whyNotReady(app)
      if (reason !== undefined) throw new KindredError('KINDRED_NOT_READY', `Not ready: ${reason}`, { retryAfterSeconds: 5 })
      return { status: 'ready' as const }
    },
  )
}
