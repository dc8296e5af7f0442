import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type, type TObject, type TObjectOptions, type TProperties, type TSchemaOptions, type TUnsafe } from 'typebox'

// How routes use TypeBox: one schema gives ajv its JSON Schema, the OpenAPI document its description, and
// the handler its types.

/**
 * The Fastify instance every route plugin receives: through @fastify/type-provider-typebox, a handler's
 * `request.params`, `request.query` and `request.body` are typed by the route's schemas, and what it returns
 * or sends by the response schema of its status code, so a handler never restates a schema as a type.
 *
 * @example export default async function threadRoutes(app: TypeBoxApp): Promise<void> { app.get('/v1/…', { schema }, async (request) => request.params.slug) }
 */
export type TypeBoxApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>

/**
 * An object schema that refuses any property it does not list (`additionalProperties: false`), as every
 * object the API takes or gives does: a client's typo is a 400 naming the property, and nothing undeclared
 * is ever serialised. `options` are TypeBox's other object options (`$id`, `description`, `minProperties`…).
 *
 * @example strictObject({ reason }) // { type: 'object', required: ['reason'], properties: { reason: … }, additionalProperties: false }
 */
export function strictObject<Properties extends TProperties>(
  properties: Properties,
  options: Omit<TObjectOptions, 'additionalProperties'> = {},
): TObject<Properties> {
  return Type.Object(properties, { additionalProperties: false, ...options })
}

/**
 * One of a list of strings (`anyOf` their `const`s), typed as the union of those strings: `Type.Union` over a
 * mapped array would be typed `never`, its members not being a tuple.
 *
 * @example literalUnion(['open', 'resolved']) // { anyOf: [{ type: 'string', const: 'open' }, { type: 'string', const: 'resolved' }] }
 */
export function literalUnion<const Value extends string>(values: readonly Value[], options: TSchemaOptions = {}): TUnsafe<Value> {
  return Type.Unsafe<Value>(
    Type.Union(
      values.map((value) => Type.Literal(value)),
      options,
    ),
  )
}

/**
 * A date and time in an answer, ISO 8601 in JSON. The handler may give a `Date`: the serializer writes it as
 * `toISOString()` would. For answers only (a request's date-times arrive as strings).
 *
 * @example strictObject({ createdAt: dateTime }) // { …, properties: { createdAt: { type: 'string', format: 'date-time' } } }
 */
export const dateTime = Type.Unsafe<Date | string>(Type.String({ format: 'date-time' }))
