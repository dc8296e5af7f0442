import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { Type } from 'typebox'
import { createConfig, lintFromString, type NormalizedProblem } from '@redocly/openapi-core'
import { buildTestHub, type TestHub } from '@kindred/testkit'
import openapi from '../src/plugins/openapi.ts'

// The OpenAPI document is what client generators read: it must pass Redocly's recommended rules, name every
// operation, and say truthfully which operations need an access token.

interface Schema {
  $ref?: string
  type?: string | string[]
  const?: unknown
  enum?: unknown[]
  anyOf?: Schema[]
  oneOf?: Schema[]
  properties?: Record<string, Schema>
  required?: string[]
  minProperties?: number
  items?: Schema
  minItems?: number
  format?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
}
interface Operation {
  operationId?: string
  security?: Array<Record<string, string[]>>
  parameters?: Array<{ in: string; name: string; required?: boolean; schema?: Schema }>
  requestBody?: { content?: Record<string, { schema?: Schema }> }
}
interface Document {
  paths: Record<string, Record<string, Operation>>
  components?: { schemas?: Record<string, Schema> }
}

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const

function operations(document: Document): Array<{ method: (typeof methods)[number]; path: string; operation: Operation }> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    methods.flatMap((method) => (item[method] === undefined ? [] : [{ method, path, operation: item[method] }])),
  )
}

const describe = (problem: NormalizedProblem): string =>
  `${problem.severity} ${problem.ruleId} at ${problem.location[0]?.pointer ?? '?'}: ${problem.message}`

t.test('the OpenAPI document passes Redocly’s recommended rules without an error or a warning', async (t) => {
  const { app } = await buildTestHub(t, { secondPlacement: false })
  const source = JSON.stringify(app.swagger())
  const problems = await lintFromString({ source, absoluteRef: 'openapi.json', config: await createConfig({ extends: ['recommended'] }) })
  t.strictSame(problems.map(describe), [], 'no problem')
})

t.test('every operation has its own camelCase operationId, its security declared and a declared tag', async (t) => {
  const { app } = await buildTestHub(t, { secondPlacement: false })
  const document = app.swagger() as unknown as Document & { tags?: Array<{ name: string; description?: string }> }
  const all = operations(document)
  const ids = all.map(({ operation }) => operation.operationId)
  t.ok(all.length >= 89, `${all.length} operations`)
  t.strictSame(
    ids.filter((id) => id === undefined || !/^[a-z][a-zA-Z0-9]*$/.test(id)),
    [],
    'all camelCase',
  )
  t.equal(new Set(ids).size, ids.length, 'all different')
  t.strictSame(
    all.filter(({ operation }) => operation.security === undefined).map(({ method, path }) => `${method} ${path}`),
    [],
  )
  t.ok(
    document.tags?.every((tag) => (tag.description ?? '').length > 0),
    'every tag is described',
  )
})

const documented = (schema: object) => ({ schema: { response: { 200: Type.Object({}, { additionalProperties: false }) }, ...schema } })

/** Fastify with the OpenAPI plugin alone, and the routes `routes` adds, ready. */
async function documentedApp(t: Test, routes: (app: FastifyInstance) => void): Promise<FastifyInstance> {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(openapi, { version: '0.0.0', license: 'AGPL-3.0-or-later' })
  routes(app)
  await app.ready()
  return app
}

t.test('a route without an operationId or without its security declared stops the app from starting', async (t) => {
  await t.rejects(
    documentedApp(t, (app) => app.get('/test/nameless', documented({ security: [] }), async () => ({}))),
    {
      message: 'GET /test/nameless has no camelCase operationId',
    },
  )
  await t.rejects(
    documentedApp(t, (app) => app.get('/test/snake', documented({ operationId: 'get_snake', security: [] }), async () => ({}))),
    {
      message: 'GET /test/snake has no camelCase operationId',
    },
  )
  await t.rejects(
    documentedApp(t, (app) => app.get('/test/unsure', documented({ operationId: 'testUnsure' }), async () => ({}))),
    {
      message: 'GET /test/unsure does not declare its security ([] when public)',
    },
  )
})

t.test('two routes with one operationId, or a tag the document does not declare, stop the app from starting', async (t) => {
  const twice = (app: FastifyInstance) => {
    app.get('/test/charter', documented({ operationId: 'getCharter', security: [] }), async () => ({}))
    app.post('/test/charter', documented({ operationId: 'getCharter', security: [] }), async () => ({}))
  }
  await t.rejects(documentedApp(t, twice), { message: 'POST /test/charter has the operationId getCharter of GET /test/charter' })
  await t.rejects(
    documentedApp(t, (app) =>
      app.get('/test/tagged', documented({ operationId: 'testTagged', security: [], tags: ['misc'] }), async () => ({})),
    ),
    {
      message: 'GET /test/tagged has the undeclared tag misc',
    },
  )
})

t.test("a route hidden from the document needs no operationId, and a GET route's HEAD twin shares its own", async (t) => {
  const app = await documentedApp(t, (app) => {
    app.get('/test/hidden', documented({ hide: true }), async () => ({}))
    app.get('/test/shown', documented({ operationId: 'testShown', security: [] }), async () => ({}))
  })
  t.equal((await app.inject({ method: 'GET', url: '/test/hidden' })).statusCode, 200)
  t.equal((await app.inject({ method: 'HEAD', url: '/test/shown' })).statusCode, 200)
})

const componentPrefix = '#/components/schemas/'
// Strings tried in turn for a schema without a format: the first that fits its pattern and length is used.
const candidateStrings = ['1', 'en', 'fop', 'ORPHA:337', 'Some words']

/** A value `schema` accepts, the simplest there is: enough for a request to get past validation. */
function sample(document: Document, schema: Schema | undefined, what: string): unknown {
  if (schema === undefined) return {}
  if (schema.$ref !== undefined) return sample(document, document.components?.schemas?.[schema.$ref.slice(componentPrefix.length)], what)
  if ('const' in schema) return schema.const
  if (schema.enum !== undefined) return schema.enum[0]
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives !== undefined)
    return sample(document, alternatives.find((alternative) => alternative.type !== 'null') ?? alternatives[0], what)
  const type = Array.isArray(schema.type) ? schema.type.find((name) => name !== 'null') : schema.type
  switch (type) {
    case 'object': {
      const properties = Object.keys(schema.properties ?? {})
      const required = schema.required ?? []
      const optional = properties
        .filter((name) => !required.includes(name))
        .slice(0, Math.max(0, (schema.minProperties ?? 0) - required.length))
      return Object.fromEntries(
        [...required, ...optional].map((name) => [name, sample(document, schema.properties?.[name], `${what}.${name}`)]),
      )
    }
    case 'array': {
      const count = schema.minItems ?? 0
      const values = schema.items?.enum ?? Array.from({ length: count }, () => sample(document, schema.items, `${what}[]`))
      return values.slice(0, count)
    }
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1)
    case 'boolean':
      return true
    case 'string':
      return sampleString(schema, what)
    default:
      throw new Error(`no sample for ${what} (${JSON.stringify(schema)})`)
  }
}

function sampleString(schema: Schema, what: string): string {
  if (schema.format === 'uuid') return randomUUID()
  if (schema.format === 'email') return `${randomUUID()}@example.org`
  if (schema.format === 'date') return '2026-01-01'
  if (schema.format === 'date-time') return '2026-01-01T00:00:00.000Z'
  const min = schema.minLength ?? 0
  const max = schema.maxLength ?? Infinity
  const fits = (value: string) =>
    value.length >= min && value.length <= max && (schema.pattern === undefined || new RegExp(schema.pattern, 'u').test(value))
  const found = candidateStrings.map((value) => value.padEnd(min, 's')).find(fits)
  if (found === undefined) throw new Error(`no sample for ${what}: add one to candidateStrings that fits ${JSON.stringify(schema)}`)
  return found
}

/** A request to `operation` that passes validation, without any token. */
async function callWithoutToken(
  hub: TestHub,
  document: Document,
  request: { method: string; path: string; operation: Operation; remoteAddress: string },
) {
  const { method, path, operation, remoteAddress } = request
  const parameters = operation.parameters ?? []
  const url = path.replace(/\{(\w+)\}/g, (_whole, name: string) =>
    encodeURIComponent(
      String(sample(document, parameters.find((parameter) => parameter.in === 'path' && parameter.name === name)?.schema, name)),
    ),
  )
  const query = Object.fromEntries(
    parameters
      .filter((parameter) => parameter.in === 'query' && parameter.required === true)
      .map((parameter) => [parameter.name, String(sample(document, parameter.schema, parameter.name))]),
  )
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema
  return hub.app.inject({
    method: method.toUpperCase() as 'GET',
    url,
    query,
    remoteAddress,
    ...(bodySchema === undefined ? {} : { payload: sample(document, bodySchema, `${method} ${path} body`) as object }),
  })
}

t.test('operations declared public answer without a token, and those declared bearer refuse a request without one with 401', async (t) => {
  const hub = await buildTestHub(t, { secondPlacement: false })
  const document = hub.app.swagger() as unknown as Document
  let publicCount = 0
  let bearerCount = 0
  for (const [index, { method, path, operation }] of operations(document).entries()) {
    const name = `${operation.operationId ?? '?'} (${method.toUpperCase()} ${path})`
    const needsToken = (operation.security ?? []).length > 0 && (operation.security ?? []).every((requirement) => 'bearer' in requirement)
    // An address of its own per operation, so that none meets another's per-address rate limit.
    const reply = await callWithoutToken(hub, document, { method, path, operation, remoteAddress: `198.51.100.${(index % 250) + 1}` })
    const { code } = reply.body === '' ? {} : reply.json<{ code?: string }>()
    if (needsToken) {
      bearerCount += 1
      t.ok(
        reply.statusCode === 401 && code === 'KINDRED_UNAUTHORIZED',
        `${name} is declared bearer: answered ${reply.statusCode} ${code ?? ''}`,
      )
    } else {
      publicCount += 1
      // A 401 for the credentials a request carries (a wrong password, a spent refresh token) is not a token demanded.
      t.not(code, 'KINDRED_UNAUTHORIZED', `${name} is declared public: answered ${reply.statusCode} ${code ?? ''}`)
      t.not(code, 'KINDRED_VALIDATION_FAILED', `${name}: the request reached the handler`)
    }
  }
  t.ok(publicCount >= 14 && bearerCount >= 75, `${publicCount} public operations, ${bearerCount} bearer`)
})
