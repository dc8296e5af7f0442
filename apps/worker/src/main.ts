import { openDatabase, runService, startBackgroundWorker, workerPoolSize } from '@kindred/runtime'

await runService('Kindred worker', async (context) => {
  if (context.config.database.url === undefined) {
    // Two processes cannot share the embedded server's data folder; on one machine the hub runs the jobs.
    throw new Error('A separate worker process needs DATABASE_URL; without it, `npm start` runs the worker inside the hub')
  }
  const { database } = await openDatabase(context, {
    applicationName: 'kindred-worker',
    poolMax: workerPoolSize(context.config.worker.concurrency),
    migrate: true,
  })
  await startBackgroundWorker(context, database)
  context.logger.info('Kindred worker is running')
})
