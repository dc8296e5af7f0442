import { createHash } from 'node:crypto'

/**
 * A job key that does not name what it is about: the job's name and a digest of the id, so that the queue's
 * key column and the worker's logs never show an account id.
 *
 * @example opaqueKey('account__erase', accountId) // 'account__erase:3f1c…' (32 hex digits)
 */
export function opaqueKey(jobName: string, id: string): string {
  return `${jobName}:${createHash('sha256').update(id).digest('hex').slice(0, 32)}`
}
