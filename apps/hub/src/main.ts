import { hubMigrations } from '@kindred/db'
import { connectPool, openDatabase, runService, startBackgroundWorker, workerPoolSize } from '@kindred/runtime'
import { createHubServer } from './server.ts'

await runService('Kindred hub', async (context) => {
  const { config, logger } = context
  const { database, url } = await openDatabase(context, { applicationName: 'kindred-hub', migrate: true })
  if (config.worker.mode === 'in-process') {
    const workerDatabase = connectPool(context, url, 'kindred-worker', workerPoolSize(config.worker.concurrency))
    await startBackgroundWorker(context, workerDatabase)
  }
  const app = await createHubServer({ config, logger, database, hubMigrations: await hubMigrations() })
  context.onShutdown(() => app.close())
  const address = await app.listen({ host: config.http.host, port: config.http.port })
  logger.info({ url: address }, `Kindred is running at ${address} (API documentation at ${address}/docs)`)
})
