export { startWorker, migrateJobQueue, type Worker, type WorkerOptions } from './worker.ts'
export { kindredTasks, kindredCronItems } from './tasks.ts'
export type { TaskDependencies } from './tasks/dependencies.ts'
