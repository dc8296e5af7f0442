export {
  defineJob,
  cronPayload,
  uuidSchema,
  type JobDefinition,
  type JobSpec,
  type JobName,
  type JobAttempt,
  type JobDependencies,
  type QueueableJob,
  type RunnableJob,
} from './define-job.ts'
export { InvalidJobPayloadError, describePayload } from './payload-check.ts'
export { opaqueKey } from './opaque-key.ts'
