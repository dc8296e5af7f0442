export { createLogger, type Logger, type LoggerOptions } from './create-logger.ts'
export { censorSensitive, redactUrl } from './redaction.ts'
