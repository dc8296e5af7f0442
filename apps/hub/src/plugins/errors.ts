import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { Type } from 'typebox'
import { KindredError, isKindredError, type ErrorCode } from '@kindred/errors'
import { isDatabaseUnavailable } from '@kindred/db'
import { strictObject } from '../routes/typebox.ts'

/** The one shape of every error response; registered as a shared schema and used for all 4xx and 5xx. */
export const errorResponseSchema = strictObject(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    code: Type.String(),
    message: Type.String(),
  },
  { $id: 'KindredError' },
)

/** How long a client is asked to wait (Retry-After) when the database is out of reach. */
export const databaseRetryAfterSeconds = 5

function fromValidation(error: FastifyError): KindredError {
  const [first] = error.validation ?? []
  const context = error.validationContext ?? 'request'
  const field = `${context}${first?.instancePath ?? ''}`
  const params = (first?.params ?? {}) as { additionalProperty?: string; missingProperty?: string }
  let message = error.message
  if (first?.keyword === 'additionalProperties') message = `${field}/${params.additionalProperty ?? ''} is not allowed`
  else if (first?.keyword === 'required') message = `${field}/${params.missingProperty ?? ''} is required`
  else if (first !== undefined) message = `${field} ${first.message ?? 'is invalid'}`
  return new KindredError('KINDRED_VALIDATION_FAILED', message)
}

const frameworkCodes: Record<number, ErrorCode> = {
  413: 'KINDRED_PAYLOAD_TOO_LARGE',
  415: 'KINDRED_UNSUPPORTED_MEDIA_TYPE',
  503: 'KINDRED_OVERLOADED',
}

/** Maps anything thrown while serving a request to a KindredError whose message is safe to send. */
function toKindredError(error: FastifyError): KindredError {
  if (isKindredError(error)) return error
  if (error.validation !== undefined) return fromValidation(error)
  if (isDatabaseUnavailable(error)) {
    return new KindredError('KINDRED_DATABASE_UNAVAILABLE', 'The database is unavailable; try again shortly', {
      retryAfterSeconds: databaseRetryAfterSeconds,
    })
  }
  const status = error.statusCode ?? 500
  const frameworkCode = frameworkCodes[status]
  if (frameworkCode !== undefined) return new KindredError(frameworkCode, error.message)
  // Fastify's own 4xx messages (malformed JSON, empty body) describe the request, never our internals.
  if (status >= 400 && status < 500) return new KindredError('KINDRED_BAD_REQUEST', error.message)
  return new KindredError('KINDRED_INTERNAL', 'Internal server error')
}

function render(error: KindredError): Record<string, unknown> {
  return { statusCode: error.statusCode, error: STATUS_CODES[error.statusCode] ?? 'Error', code: error.code, message: error.message }
}

export interface ErrorsOptions {
  /** Answers a request for no route when it is a browser's for a page (the site's 404); undefined otherwise. */
  notFoundPage?: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> | undefined
}

async function errors(app: FastifyInstance, options: ErrorsOptions): Promise<void> {
  app.addSchema(errorResponseSchema)

  // Every route answers errors in the shared shape, so no error path can serialise more than it should.
  app.addHook('onRoute', (route) => {
    if (route.schema?.hide === true) return
    if (route.schema?.response === undefined) throw new Error(`${route.method.toString()} ${route.url} has no response schema`)
    const response = route.schema.response as Record<string, unknown>
    response['4xx'] ??= { $ref: 'KindredError#' }
    response['5xx'] ??= { $ref: 'KindredError#' }
  })

  app.setErrorHandler((thrown: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const error = toKindredError(thrown)
    // A database briefly out of reach (a failover, a community being moved) is answered with a retry,
    // not a fault of ours: a warning, so that alerts on errors wake nobody for it.
    if (error.code === 'KINDRED_DATABASE_UNAVAILABLE') request.log.warn({ err: thrown, code: error.code }, 'request deferred')
    else if (error.statusCode >= 500) request.log.error({ err: thrown, code: error.code }, 'request failed')
    else request.log.info({ code: error.code }, error.message)
    if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', error.retryAfterSeconds)
    // RFC 9110: a 401 names the scheme that would be accepted.
    if (error.statusCode === 401) void reply.header('www-authenticate', 'Bearer')
    return reply.code(error.statusCode).send(render(error))
  })

  app.setNotFoundHandler((request, reply) => {
    const page = options.notFoundPage?.(request, reply)
    if (page !== undefined) return page
    const error = new KindredError('KINDRED_ROUTE_NOT_FOUND', `Route ${request.method} ${request.url.split('?')[0] ?? ''} not found`)
    return reply.code(error.statusCode).send(render(error))
  })
}

export default fp(errors, { name: 'kindred-errors' })
