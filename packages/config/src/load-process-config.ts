import { ConfigError, loadConfig, type Config } from './load-config.ts'

/**
 * The configuration of this process, from its environment. A process cannot run on a wrong
 * configuration, so an invalid one ends it here with one line on standard error and exit code 1.
 */
export function loadProcessConfig(): Config {
  try {
    return loadConfig(process.env)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    process.stderr.write(`${error.message}\n`)
    process.exit(1)
  }
}
