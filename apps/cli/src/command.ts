import type { ProcessContext } from '@kindred/runtime'

/** An operator command: `npm run kindred -- <name> [arguments]`. */
export interface Command {
  summary: string
  usage: string
  /** Returns the exit code (0 when nothing is returned). */
  run(context: ProcessContext, args: string[]): Promise<number | undefined>
}
