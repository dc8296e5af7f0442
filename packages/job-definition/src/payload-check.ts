import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import type { TSchema } from 'typebox'

/**
 * A job payload its schema refuses: the job can never succeed, so it is failed for good rather than retried.
 * The message names the job, the payload it needs and what is wrong, never a value from the payload (it may
 * hold an account id or worse, and it goes to the logs and to the queue's `last_error`).
 */
export class InvalidJobPayloadError extends Error {
  readonly job: string
  readonly problems: readonly string[]

  constructor(job: string, needs: string, problems: readonly string[]) {
    super(`${job} needs ${needs}: ${problems.join('; ')}`)
    this.name = 'InvalidJobPayloadError'
    this.job = job
    this.problems = problems
  }
}

// One validator for every job. `verbose` hands each error the schema that refused it (for its description);
// the data it also hands over is never read.
const ajv = new Ajv({ allErrors: true, strict: true, verbose: true })
// The bare form only, as the hub's routes: ajv-formats' uuid also accepts `urn:uuid:…`, which PostgreSQL's uuid refuses.
ajv.addFormat('uuid', /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i)
// A calendar day that exists (2025-02-30 does not).
ajv.addFormat('date', {
  type: 'string',
  validate: (day) => {
    const midnight = new Date(`${day}T00:00:00Z`)
    return /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(midnight.getTime()) && midnight.toISOString().startsWith(day)
  },
})

type SchemaNode = Record<string, unknown>

const isNode = (value: unknown): value is SchemaNode => typeof value === 'object' && value !== null

/**
 * What a payload must look like, in one line, from its schema: `{proposalId: uuid, placement?: placement name}`.
 * A schema's `title` stands for it (`uuid`); objects and arrays are spelled out; anything else is its type.
 */
export function describePayload(schema: unknown): string {
  if (!isNode(schema)) return 'anything'
  if (typeof schema.title === 'string') return schema.title
  if (schema.type === 'object' && isNode(schema.properties)) {
    const required = new Set(Array.isArray(schema.required) ? schema.required : [])
    const fields = Object.entries(schema.properties).map(
      ([name, field]) => `${name}${required.has(name) ? '' : '?'}: ${describePayload(field)}`,
    )
    return `{${fields.join(', ')}}`
  }
  if (schema.type === 'array') return `[${describePayload(schema.items)}, …]`
  return typeof schema.type === 'string' ? schema.type : 'anything'
}

// `/0/from` → `[0].from`; the root is "the payload".
function placeOf(instancePath: string, child?: string): string {
  const steps = [...instancePath.split('/').slice(1), ...(child === undefined ? [] : [child])]
  const place = steps
    .map((step) => (/^\d+$/.test(step) ? `[${step}]` : `.${step}`))
    .join('')
    .replace(/^\./, '')
  return place === '' ? 'the payload' : place
}

// Property names come from the code that queued the job; anything that does not look like one is not named.
const nameable = (name: unknown): name is string => typeof name === 'string' && /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)

function problemOf(error: ErrorObject): string {
  const { missingProperty, additionalProperty } = error.params as { missingProperty?: unknown; additionalProperty?: unknown }
  if (error.keyword === 'required' && nameable(missingProperty)) return `${placeOf(error.instancePath, missingProperty)} is missing`
  if (error.keyword === 'additionalProperties') {
    return `${placeOf(error.instancePath)} has an unknown property${nameable(additionalProperty) ? ` ${additionalProperty}` : ''}`
  }
  const refusedBy: unknown = error.parentSchema
  const description = isNode(refusedBy) ? refusedBy.description : undefined
  return `${placeOf(error.instancePath)} ${typeof description === 'string' ? `must be ${description}` : (error.message ?? 'is invalid')}`
}

export type PayloadCheck<T> = { ok: true; payload: T } | { ok: false; problems: string[] }

/**
 * A payload check for `schema`, compiled on first use. Problems are said with the schema's `description`
 * where it has one (`proposalId must be a UUID`), otherwise in ajv's words; each once.
 */
export function payloadCheck<T>(schema: TSchema): (payload: unknown) => PayloadCheck<T> {
  let validate: ValidateFunction<T> | undefined
  return (payload) => {
    validate ??= ajv.compile<T>(schema)
    if (validate(payload)) return { ok: true, payload }
    return { ok: false, problems: [...new Set((validate.errors ?? []).map(problemOf))] }
  }
}
