import { setTimeout as sleep } from 'node:timers/promises'

/**
 * Polls `probe` every `everyMs` until it answers true.
 *
 * @throws Error naming `what` once `timeoutMs` has passed.
 * @example await until('the job runs', async () => started, { timeoutMs: 5000 })
 */
export async function until(what: string, probe: () => Promise<boolean>, { timeoutMs = 5000, everyMs = 25 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await sleep(everyMs)
  }
}
