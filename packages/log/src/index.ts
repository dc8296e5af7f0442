export { createLogger, type Logger, type LoggerOptions } from './create-logger.ts'
export { redactedPaths, redactUrl } from './redaction.ts'
