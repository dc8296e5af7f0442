import { hubMigrations } from '@kindred/db'
import {
  connectPool,
  openDatabase,
  openPlacements,
  openDevMailbox,
  resolveMasterKey,
  runService,
  startBackgroundWorker,
  workerPoolSize,
} from '@kindred/runtime'
import { createTokenService } from '@kindred/tokens'
import { createHubServer } from './server.ts'

await runService('Kindred hub', async (context) => {
  const { config, logger } = context
  const masterKey = await resolveMasterKey(context)
  const { database, url } = await openDatabase(context, { applicationName: 'kindred-hub', migrate: true })
  // Creates the first signing key on a new installation, and fails here if the master key cannot decrypt the current one.
  const tokens = await createTokenService({ db: database.db, masterKey })
  if (config.mail.smtpUrl === undefined) await openDevMailbox(context)
  if (config.worker.mode === 'in-process') {
    const workerDatabase = connectPool(context, url, 'kindred-worker', workerPoolSize(config.worker.concurrency))
    await startBackgroundWorker(context, workerDatabase, openPlacements(context, url, 'kindred-worker'), masterKey)
  }
  const placements = openPlacements(context, url, 'kindred-hub')
  const app = await createHubServer({ config, logger, database, hubMigrations: await hubMigrations(), tokens, placements })
  context.onShutdown(() => app.close())
  const address = await app.listen({ host: config.http.host, port: config.http.port })
  logger.info({ url: address }, `Kindred is running at ${address} (API documentation at ${address}/docs)`)
})
