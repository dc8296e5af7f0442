import { pino, type DestinationStream, type Logger } from 'pino'
import { serializeError } from './error-serializer.ts'
import pretty from 'pino-pretty'
import { censorSensitive, redactUrl } from './redaction.ts'

export type { Logger }

export interface LoggerOptions {
  level: string
  /** `auto` is pretty when standard output is a terminal, JSON otherwise. */
  format: 'json' | 'pretty' | 'auto'
  /** Where the lines go; standard output unless given (tests capture logs this way). */
  destination?: DestinationStream
  /** Standard error instead of standard output: a command keeps its standard output for its answer. */
  toStandardError?: boolean
}

interface LoggedRequest {
  id: string
  method: string
  url: string
  socket?: { remoteAddress?: string }
}

/**
 * Creates the process's root logger: structured pino with Kindred's redaction and serializers, so that
 * passwords, tokens, emails, cookies and query values never reach a log line.
 *
 * @example const log = createLogger({ level: 'info', format: 'auto' })
 */
export function createLogger(options: LoggerOptions): Logger {
  const fd = options.toStandardError === true ? 2 : 1
  const usePretty = options.format === 'pretty' || (options.format === 'auto' && (fd === 2 ? process.stderr : process.stdout).isTTY)
  const destination = options.destination ?? (usePretty ? pretty({ colorize: true, sync: true, destination: fd }) : pino.destination(fd))
  return pino(
    {
      level: options.level,
      formatters: { log: censorSensitive },
      serializers: {
        err: serializeError,
        req: (req: LoggedRequest) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
          remoteAddress: req.socket?.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination,
  )
}
