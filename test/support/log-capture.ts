import { createLogger, type Logger } from '@kindred/log'

export interface LogCapture {
  logger: Logger
  /** Every line logged so far, parsed. */
  lines(): Array<Record<string, unknown>>
  /** Every line logged so far, as written. */
  text(): string
}

/** A real Kindred logger whose output is kept in memory, so tests can assert on what reaches the logs. */
export function captureLogs(level = 'info'): LogCapture {
  const written: string[] = []
  const logger = createLogger({ level, format: 'json', destination: { write: (line: string) => void written.push(line) } })
  return {
    logger,
    lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => written.join(''),
  }
}
