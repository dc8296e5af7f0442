export { startWorker, migrateJobQueue, type Worker, type WorkerOptions } from './worker.ts'
export { kindredJobs, kindredTasks, kindredCronItems } from './tasks.ts'
export type { TaskDependencies } from './dependencies.ts'
