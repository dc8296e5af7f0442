import { runningPostmaster, stopPostmaster } from './postmaster.ts'

// Waits between restart attempts after consecutive failures: after a crash, the old server's sessions
// may hold its shared memory for a moment and the first attempts fail.
const restartBackoffMs = [500, 1000, 2000, 4000, 8000, 15_000, 30_000]
const checkIntervalMs = 1000

export interface Supervisor {
  /** Stops supervising and stops the server, whatever state it is in (running, crashed, restarting). */
  stop(): Promise<void>
}

/**
 * Keeps the server of `pgdata` running: checks every second that its postmaster lives and, if it does not,
 * starts it again (`start`), backing off while attempts fail. `report` hears of each crash and restart.
 */
export function superviseServer(options: { pgdata: string; start: () => Promise<void>; report: (event: string) => void }): Supervisor {
  let stopping = false
  let failures = 0
  let timer: NodeJS.Timeout | undefined
  let checking: Promise<void> = Promise.resolve()

  const restart = async (): Promise<void> => {
    options.report(failures === 0 ? 'PostgreSQL stopped unexpectedly; starting it again' : `PostgreSQL restart attempt ${failures + 1}`)
    try {
      await options.start()
      failures = 0
      options.report('PostgreSQL is running again')
    } catch (error) {
      failures++
      options.report(`PostgreSQL did not start again: ${error instanceof Error ? error.message : 'no reason given'}`)
    }
  }
  const check = async (): Promise<void> => {
    if (!stopping && (await runningPostmaster(options.pgdata)) === undefined) await restart()
  }
  const schedule = (): void => {
    const delay = failures === 0 ? checkIntervalMs : (restartBackoffMs[Math.min(failures, restartBackoffMs.length) - 1] ?? checkIntervalMs)
    timer = setTimeout(() => {
      checking = check().finally(() => stopping || schedule())
    }, delay)
  }
  schedule()

  return {
    async stop() {
      stopping = true
      clearTimeout(timer)
      await checking
      await stopPostmaster(options.pgdata)
    },
  }
}
