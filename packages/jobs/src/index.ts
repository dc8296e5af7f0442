export { startWorker, migrateJobQueue, type Worker, type WorkerOptions } from './worker.ts'
export { kindredTasks } from './tasks.ts'
