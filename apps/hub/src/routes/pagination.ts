import type { FastifyReply } from 'fastify'
import { Type, type Static, type TObject, type TProperties, type TUnsafe } from 'typebox'
import { KindredError } from '@kindred/errors'
import { strictObject } from './typebox.ts'

// One paging convention for every list that can grow without bound: `?cursor=&limit=` in, `{ <items>, next }`
// out, `next` being the `cursor` of the following page (null on the last). The cursors themselves stay the
// owning package's (opaque to clients).

/**
 * A paged route's querystring: `limit` may be left out (its schema's default, which ajv fills in with
 * `useDefaults`, so it is absent from `required` and the OpenAPI document shows it optional), yet the
 * handler's type has it set.
 *
 * @example const threadQuery = pagedQuery({ category: Type.Optional(id), cursor: Type.Optional(cursor), limit })
 */
export function pagedQuery<Properties extends TProperties>(properties: Properties): TUnsafe<Static<TObject<Properties>>> {
  // Plain JSON Schema from here: TypeBox's own type of `required` is a tuple computed from the properties.
  const object = strictObject(properties) as unknown as { required?: string[] } & Record<string, unknown>
  const { required = [], ...schema } = object
  const stillRequired = required.filter((name) => name !== 'limit')
  return Type.Unsafe<Static<TObject<Properties>>>(stillRequired.length === 0 ? schema : { ...schema, required: stillRequired })
}

/**
 * Says in the answer that the request used something deprecated (`Deprecation: true`, the form of the IETF
 * draft that RFC 9745 grew from; the OpenAPI document marks the same parameter or field `deprecated`).
 */
export function markDeprecated(reply: FastifyReply): void {
  void reply.header('deprecation', 'true')
}

/**
 * The cursor of a list that took `after` before the convention: `cursor`, or the deprecated `after` (the
 * same value), marking the answer deprecated. Both at once are refused rather than one silently ignored.
 */
export function cursorOrAfter(reply: FastifyReply, query: { cursor?: string | undefined; after?: string | undefined }): string | undefined {
  if (query.after === undefined) return query.cursor
  if (query.cursor !== undefined) throw new KindredError('KINDRED_VALIDATION_FAILED', 'querystring/after is deprecated: send cursor only')
  markDeprecated(reply)
  return query.after
}
