import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import type { Test } from 'tap'

export interface SpawnedProcess {
  child: ChildProcess
  /** Resolves with the first stdout line matching `pattern` (rejects if the process exits first). */
  waitForLine(pattern: RegExp): Promise<string>
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>
  stdout(): string
  stderr(): string
}

/**
 * Runs one of Kindred's entry points (`apps/<name>/src/main.ts`) as a real process with the given
 * environment (nothing inherited but PATH), and kills it when the test ends if it is still running.
 * Event-loop load shedding is off unless `env` turns it on: a process starting on a busy machine sheds its
 * first requests (503), which is its own test's subject (apps/hub/test/load-shedding.test.ts), not theirs.
 */
export function spawnApp(t: Test, script: string, env: Record<string, string>, args: string[] = []): SpawnedProcess {
  const child = spawn(process.execPath, [script, ...args], {
    env: { PATH: process.env.PATH ?? '', HTTP_MAX_EVENT_LOOP_DELAY_MS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  const waitForLine = (pattern: RegExp): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const line = out.split('\n').find((candidate) => pattern.test(candidate))
        if (line !== undefined) {
          child.stdout.off('data', check)
          resolve(line)
        }
      }
      child.stdout.on('data', check)
      void exited.then((code) => reject(new Error(`exited with ${String(code)} before printing ${pattern.source}:\n${out}\n${err}`)))
      check()
    })
  return { child, waitForLine, exited, stdout: () => out, stderr: () => err }
}
