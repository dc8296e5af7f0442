import { errorCodes, type ErrorCode } from './codes.ts'

/**
 * An error whose message is safe to show to the client. Domain packages throw it; the HTTP layer renders
 * it as `{statusCode, error, code, message}` with the status the code is registered with.
 *
 * @example throw new KindredError('KINDRED_NOT_FOUND', 'No community named "fop"')
 */
export class KindredError extends Error {
  readonly code: ErrorCode
  readonly statusCode: number
  /** Seconds the client should wait before trying again, sent as `Retry-After`. */
  readonly retryAfterSeconds: number | undefined

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(message, { cause: options.cause })
    this.name = 'KindredError'
    this.code = code
    this.statusCode = errorCodes[code]
    this.retryAfterSeconds = options.retryAfterSeconds
  }
}

export function isKindredError(error: unknown): error is KindredError {
  return error instanceof KindredError
}
