// Requests generated from the OpenAPI document's own schemas: mostly well-formed (so they pass validation
// and reach handlers and SQL), with hostile values where the schema allows any string, and some malformed
// on purpose (a required field missing, an unknown one added, a wrong type, any JSON at all).
import fc from 'fast-check'

export interface Schema {
  type?: string | string[]
  format?: string
  enum?: unknown[]
  const?: unknown
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  items?: Schema
  minItems?: number
  maxItems?: number
  properties?: Record<string, Schema>
  required?: string[]
  anyOf?: Schema[]
  oneOf?: Schema[]
  allOf?: Schema[]
  $ref?: string
}

export type Components = Record<string, Schema>

/** Strings that have broken services before: SQL and path fragments, odd Unicode, numbers in disguise. */
export const hostileStrings = [
  "' or 1=1 --",
  '"; drop table hub.accounts; --',
  '../../etc/passwd',
  '%00',
  '\u202e\u0041\u0301',
  '\ud83d\ude00'.repeat(40),
  'ǅ̸̨ẑ̷',
  '9'.repeat(40),
  '-1',
  '1e309',
  'NaN',
  '0x7fffffffffffffff',
  'urn:uuid:00000000-0000-0000-0000-000000000000',
  '00000000-0000-0000-0000-000000000000',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  ' ',
  '',
  'null',
  'true',
  '[]',
  '{"$gt":""}',
  'é'.repeat(300),
]

export const hostileString = fc.oneof(
  fc.constantFrom(...hostileStrings),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
)

function resolve(schema: Schema, components: Components): Schema {
  if (schema.$ref === undefined) return schema
  const name = schema.$ref.replace(/^#\/components\/schemas\//, '').replace(/#$/, '')
  return components[name] ?? {}
}

function stringArbitrary(schema: Schema, pools: Record<string, string[]>): fc.Arbitrary<string> {
  const known = schema.format === undefined ? [] : (pools[schema.format] ?? [])
  const wellFormed =
    schema.format === 'uuid'
      ? fc.uuid()
      : schema.format === 'date'
        ? fc.date({ noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10))
        : fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) })
  return fc.oneof(...(known.length > 0 ? [fc.constantFrom(...known)] : []), wellFormed, hostileString)
}

/** Values for `schema`: valid ones most of the time, hostile or malformed ones often enough to matter. */
export function valueFor(schema: Schema, components: Components, pools: Record<string, string[]>, depth = 0): fc.Arbitrary<unknown> {
  const resolved = resolve(schema, components)
  if (depth > 4) return fc.constant(null)
  const next = (inner: Schema) => valueFor(inner, components, pools, depth + 1)
  if (resolved.const !== undefined) return fc.constant(resolved.const)
  if (resolved.enum !== undefined && resolved.enum.length > 0)
    return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...resolved.enum) }, hostileString)
  const union = resolved.anyOf ?? resolved.oneOf
  if (union !== undefined && union.length > 0) return fc.oneof(...union.map(next))
  if (resolved.allOf !== undefined && resolved.allOf.length > 0) return next(resolved.allOf[0] ?? {})
  const type = Array.isArray(resolved.type) ? resolved.type[0] : resolved.type
  switch (type) {
    case 'string':
      return stringArbitrary(resolved, pools)
    case 'integer':
      return fc.oneof(
        fc.integer({ min: resolved.minimum ?? -5, max: Math.min(resolved.maximum ?? 1000, 1_000_000) }),
        fc.constantFrom(-1, 0, 2 ** 31, Number.MAX_SAFE_INTEGER),
      )
    case 'number':
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -1, 1e308))
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array':
      return fc.array(next(resolved.items ?? {}), { minLength: resolved.minItems ?? 0, maxLength: Math.min(resolved.maxItems ?? 4, 4) })
    case 'object':
      return objectFor(resolved, components, pools, depth)
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}

function objectFor(schema: Schema, components: Components, pools: Record<string, string[]>, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {}
  const required = schema.required ?? []
  const record = fc.record(
    Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, valueFor(property, components, pools, depth + 1)])),
    { requiredKeys: required.filter((name) => name in properties) },
  )
  return fc.oneof(
    { weight: 6, arbitrary: record },
    // Malformed on purpose: a required field missing, an unknown field, any JSON.
    { weight: 1, arbitrary: record.map((value) => Object.fromEntries(Object.entries(value as object).slice(1))) },
    { weight: 1, arbitrary: record.map((value) => ({ ...(value as object), unexpected: 'field' })) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  )
}
