export { runService, runCommand, type ProcessContext } from './run-process.ts'
export { openDatabase, connectPool, type OpenDatabaseOptions, type OpenedDatabase } from './open-database.ts'
export { startBackgroundWorker, workerPoolSize } from './background-worker.ts'
export { resolveMasterKey } from './master-key.ts'
