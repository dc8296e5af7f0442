import closeWithGrace from 'close-with-grace'
import { ConfigError, loadProcessConfig, type Config } from '@kindred/config'
import { createLogger, type Logger } from '@kindred/log'

export interface ProcessContext {
  config: Config
  logger: Logger
  /** Registers a shutdown step; steps run in reverse order of registration (last started, first stopped). */
  onShutdown(step: () => Promise<void>): void
}

function createContext(): { context: ProcessContext; shutdown: () => Promise<void> } {
  const config = loadProcessConfig()
  const logger = createLogger(config.log)
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
  const { context, shutdown } = createContext()
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

/**
 * Runs a one-shot operator command: the shutdown steps run when it ends, and the exit code is 0 on
 * success, the command's own code when it returns one, and 1 when it throws.
 */
export async function runCommand(name: string, command: (context: ProcessContext) => Promise<number | undefined>): Promise<never> {
  const { context, shutdown } = createContext()
  let exitCode = 1
  try {
    exitCode = (await command(context)) ?? 0
  } catch (error) {
    if (!reportedAsConfigError(error)) context.logger.error({ err: error }, `${name} failed`)
  }
  await shutdown()
  process.exit(exitCode)
}
