import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { KindredError } from '@kindred/errors'

// C0 control characters other than tab, line feed and carriage return (browsers send text areas with CRLF).
// PostgreSQL refuses NUL in text outright, and the others have no place in anything a person writes.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/

function findControlCharacter(value: unknown, at: string): string | undefined {
  if (typeof value === 'string') return controlCharacter.test(value) ? at : undefined
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findControlCharacter(item, `${at}/${index}`)
      if (found !== undefined) return found
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = findControlCharacter(item, `${at}/${key}`)
      if (found !== undefined) return found
    }
  }
  return undefined
}

/**
 * One rule for every text a client sends, in any route's body, query or path: no control characters
 * (400 naming the field), before the route's schema or any handler sees it.
 */
async function textInput(app: FastifyInstance): Promise<void> {
  app.addHook('preValidation', async (request) => {
    const field =
      findControlCharacter(request.params, 'params') ??
      findControlCharacter(request.query, 'querystring') ??
      findControlCharacter(request.body, 'body')
    if (field !== undefined) throw new KindredError('KINDRED_VALIDATION_FAILED', `${field} must not contain control characters`)
  })
}

export default fp(textInput, { name: 'kindred-text-input' })
