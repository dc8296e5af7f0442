import { openDatabase, openPlacements, resolveMasterKey, runService, startBackgroundWorker, workerPoolSize } from '@kindred/runtime'

await runService('Kindred worker', async (context) => {
  if (context.config.database.url === undefined) {
    // Two processes cannot share the embedded server's data folder; on one machine the hub runs the jobs.
    throw new Error('A separate worker process needs DATABASE_URL; without it, `npm start` runs the worker inside the hub')
  }
  const { database, url } = await openDatabase(context, {
    applicationName: 'kindred-worker',
    poolMax: workerPoolSize(context.config.worker.concurrency),
    migrate: true,
  })
  const placements = openPlacements(context, url, 'kindred-worker')
  await startBackgroundWorker(context, database, placements, await resolveMasterKey(context))
  context.logger.info('Kindred worker is running')
})
