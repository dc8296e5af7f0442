import closeWithGrace from 'close-with-grace'
import { ConfigError, loadProcessConfig, type Config } from '@kindred/config'
import { KindredError } from '@kindred/errors'
import { createLogger, type Logger } from '@kindred/log'

export interface ProcessContext {
  config: Config
  logger: Logger
  /** Registers a shutdown step; steps run in reverse order of registration (last started, first stopped). */
  onShutdown(step: () => Promise<void>): void
}

function createContext(logTo: 'stdout' | 'stderr'): { context: ProcessContext; shutdown: () => Promise<void> } {
  const config = loadProcessConfig()
  const logger = createLogger({ ...config.log, toStandardError: logTo === 'stderr' })
  const steps: Array<() => Promise<void>> = []
  const shutdown = async (): Promise<void> => {
    for (const step of steps.splice(0).reverse()) {
      try {
        await step()
      } catch (error) {
        logger.error({ err: error }, 'shutdown step failed')
      }
    }
  }
  return { context: { config, logger, onShutdown: (step) => steps.push(step) }, shutdown }
}

// A configuration problem found after start-up (such as a missing master key) is reported like one found
// while loading the configuration: one line on standard error, no stack.
function reportedAsConfigError(error: unknown): boolean {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`)
  return error instanceof ConfigError
}

/**
 * Runs a long-lived process (the hub, the worker). On SIGINT or SIGTERM, the shutdown steps run in order
 * (stop accepting requests, let in-flight work finish, close pools, stop the embedded database) within
 * `SHUTDOWN_TIMEOUT_MS`; a failure to start runs the steps registered so far and exits with code 1.
 */
export async function runService(name: string, start: (context: ProcessContext) => Promise<void>): Promise<void> {
  const { context, shutdown } = createContext('stdout')
  const { logger } = context
  closeWithGrace({ delay: context.config.shutdownTimeoutMs, logger }, async ({ signal, err }) => {
    if (err !== undefined) logger.error({ err }, `${name} is stopping after an error`)
    else logger.info({ signal }, `${name} is stopping`)
    await shutdown()
    logger.info(`${name} stopped`)
  })
  try {
    await start(context)
  } catch (error) {
    if (!reportedAsConfigError(error)) logger.fatal({ err: error }, `${name} could not start`)
    await shutdown()
    process.exit(1)
  }
}

// pg reports a refused connection to a host with several addresses as an AggregateError without a message.
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  if (error.message !== '') return error.message
  return error instanceof AggregateError && error.errors.length > 0 ? describe(error.errors[0]) : error.name
}

// An operator reads one line: what went wrong and, for an error we did not foresee, where to look next.
// The stack is for LOG_LEVEL=debug.
function reportCommandFailure(name: string, error: unknown, logger: Logger): void {
  logger.debug({ err: error }, `${name} failed`)
  if (reportedAsConfigError(error)) return
  const foreseen = error instanceof KindredError
  process.stderr.write(foreseen ? `${error.message}\n` : `${name} failed: ${describe(error)} (LOG_LEVEL=debug shows the details)\n`)
}

/**
 * Runs a one-shot operator command, logging to standard error so that standard output holds only its
 * answer: the shutdown steps run when it ends, and the exit code is 0 on success, the command's own code
 * when it returns one, and 1 when it throws (reported in one line on standard error).
 */
export async function runCommand(name: string, command: (context: ProcessContext) => Promise<number | undefined>): Promise<never> {
  const { context, shutdown } = createContext('stderr')
  let exitCode = 1
  try {
    exitCode = (await command(context)) ?? 0
  } catch (error) {
    reportCommandFailure(name, error, context.logger)
  }
  await shutdown()
  process.exit(exitCode)
}
