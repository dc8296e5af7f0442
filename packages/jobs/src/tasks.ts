import type { TaskList } from 'graphile-worker'

/**
 * Every background task Kindred runs, named `<subject>__<action>`. Payload types are declared on
 * `GraphileWorker.Tasks` next to each task so that `addJob` calls are checked.
 */
export const kindredTasks: TaskList = {}
