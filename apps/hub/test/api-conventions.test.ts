import t, { type Test } from 'tap'
import type { CommunityStatus } from '@kindred/db'
import { proposalTransitions } from '@kindred/incubator'
import { reportStates } from '@kindred/moderation'
import { buildTestHub } from '@kindred/testkit'

// The API's conventions, checked on the OpenAPI document rather than route by route, so a route added
// later is held to them without anyone remembering to write its test.

interface Schema {
  $ref?: string
  type?: string | string[]
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  maxItems?: number
  deprecated?: boolean
  default?: unknown
  maximum?: number
  const?: unknown
  enum?: unknown[]
  anyOf?: Schema[]
}
interface Parameter {
  in: string
  name: string
  required?: boolean
  schema?: Schema
}
interface Operation {
  parameters?: Parameter[]
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>
}
interface Document {
  paths: Record<string, Record<string, Operation>>
  components?: { schemas?: Record<string, Schema> }
}

/**
 * Arrays that can grow without bound yet are not paged, each with the reason. Keyed by route and property,
 * so that another unbounded array on the same route still fails.
 */
const unpagedOnPurpose: Record<string, string> = {
  'GET /v1/proposals/{id}/supporters supporters':
    'a proposal gathers tens of supporters (its thresholds), read whole by staff reviewing it; support closes when it is decided',
  'GET /.well-known/jwks.json keys':
    'a JWKS (RFC 7517) is read whole by verifiers; it holds the current key and those retired in the last 16 minutes',
  // The export is one document by purpose: everything held on the account, in one download.
  'GET /v1/me/export disclosures': 'the personal-data export is complete by definition',
  'GET /v1/me/export roleHistory': 'the personal-data export is complete by definition',
  'GET /v1/me/export banHistory': 'the personal-data export is complete by definition',
  'GET /v1/me/export sessions': 'the personal-data export is complete by definition',
  'GET /v1/me/export communities': 'the personal-data export is complete by definition',
  // @kindred/identity has no cursor of its own yet: these are paged when the cursor modules become one.
  'GET /v1/me memberships': 'not yet paged: @kindred/identity has no cursor module (one account’s communities)',
  'GET /v1/admin/accounts/{accountId} roleHistory': 'not yet paged: @kindred/identity has no cursor module (staff changes to one account)',
  'GET /v1/admin/accounts/{accountId} banHistory': 'not yet paged: @kindred/identity has no cursor module (staff changes to one account)',
}

/** Every status or state filter, with the states the domain can put its items in. */
const filters: Record<string, readonly string[]> = {
  'GET /v1/proposals status': Object.keys(proposalTransitions),
  'GET /v1/admin/communities status': ['provisioning', 'live', 'provisioning_failed', 'archived'] satisfies CommunityStatus[],
  'GET /v1/admin/health status': ['provisioning', 'live', 'provisioning_failed', 'archived'] satisfies CommunityStatus[],
  'GET /v1/c/{slug}/reports state': reportStates,
}

const componentPrefix = '#/components/schemas/'

function resolve(document: Document, schema: Schema | undefined): Schema | undefined {
  if (schema?.$ref === undefined) return schema
  if (!schema.$ref.startsWith(componentPrefix)) throw new Error(`unexpected reference ${schema.$ref}`)
  return resolve(document, document.components?.schemas?.[schema.$ref.slice(componentPrefix.length)])
}

const isArray = (schema: Schema): boolean => schema.type === 'array' || (Array.isArray(schema.type) && schema.type.includes('array'))

const answer = (operation: Operation | undefined, status: string): Schema | undefined =>
  operation?.responses?.[status]?.content?.['application/json']?.schema

const queryParameters = (operation: Operation): Map<string, Parameter> =>
  new Map((operation.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => [parameter.name, parameter]))

/** The arrays a 200 answer holds at its top level (the answer itself, or one of its properties), by name. */
function topLevelArrays(document: Document, schema: Schema | undefined): Array<{ name: string; schema: Schema }> {
  const resolved = resolve(document, schema)
  if (resolved === undefined) return []
  if (isArray(resolved)) return [{ name: '(the answer)', schema: resolved }]
  return Object.entries(resolved.properties ?? {}).flatMap(([name, property]) => {
    const array = resolve(document, property)
    return array !== undefined && isArray(array) ? [{ name, schema: array }] : []
  })
}

/** The values a filter's schema allows: an enum, or a union of constants. */
const allowedValues = (schema: Schema | undefined): unknown[] =>
  schema?.enum ?? (schema?.const === undefined ? (schema?.anyOf ?? []).flatMap(allowedValues) : [schema.const])

function getRoutes(document: Document): Array<[string, Operation]> {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    operations.get === undefined ? [] : [[`GET ${path}`, operations.get] as [string, Operation]],
  )
}

async function openapiDocument(t: Test): Promise<Document> {
  const hub = await buildTestHub(t, { secondPlacement: false })
  const reply = await hub.app.inject({ method: 'GET', url: '/docs/json' })
  t.equal(reply.statusCode, 200)
  return reply.json<Document>()
}

t.test('a list that can grow without bound is paged: optional cursor and limit (default, maximum), and next', async (t) => {
  const document = await openapiDocument(t)
  const paged: string[] = []
  const exempted = new Set<string>()
  for (const [route, operation] of getRoutes(document)) {
    const body = answer(operation, '200')
    const unbounded = topLevelArrays(document, body).filter((array) => array.schema.maxItems === undefined)
    const toPage = unbounded.filter((array) => {
      const key = `${route} ${array.name}`
      if (unpagedOnPurpose[key] === undefined) return true
      exempted.add(key)
      return false
    })
    if (toPage.length === 0) continue
    paged.push(route)
    const names = toPage.map((array) => array.name).join(', ')
    const query = queryParameters(operation)
    const cursor = query.get('cursor')
    const limit = query.get('limit')
    t.ok(cursor !== undefined && cursor.required !== true, `${route} (${names}) takes an optional cursor`)
    t.ok(limit !== undefined && limit.required !== true, `${route} takes an optional limit`)
    t.ok(limit?.schema?.default !== undefined && limit.schema.maximum !== undefined, `${route} states the limit's default and maximum`)
    t.ok(resolve(document, body)?.properties?.next !== undefined, `${route} answers next`)
  }
  t.ok(paged.length >= 15, `the walk found the paged lists (${paged.join(', ')})`)
  t.same([...exempted].sort(), Object.keys(unpagedOnPurpose).sort(), 'every exception is still needed')
})

t.test('the names kept for one release are marked deprecated in the document', async (t) => {
  const document = await openapiDocument(t)
  for (const path of ['/v1/communities', '/v1/admin/communities']) {
    const after = queryParameters(document.paths[path]?.get ?? {}).get('after')
    t.equal(after?.schema?.deprecated, true, `${path}?after`)
    t.not(queryParameters(document.paths[path]?.get ?? {}).get('cursor')?.schema?.deprecated, true, `${path}?cursor`)
  }
  const queue = resolve(document, answer(document.paths['/v1/proposals']?.get, '200'))
  t.equal(queue?.properties?.nextCursor?.deprecated, true, 'nextCursor in the proposals queue')
  t.not(queue?.properties?.next?.deprecated, true)
})

t.test('login and refresh answer the same token schema; register answers no token, whether or not the address was taken', async (t) => {
  const document = await openapiDocument(t)
  const login = answer(document.paths['/v1/auth/login']?.post, '200')
  t.ok(login !== undefined, 'login answers 200 with a body')
  t.same(answer(document.paths['/v1/auth/refresh']?.post, '200'), login, 'refresh answers what login answers')
  t.same(Object.keys(resolve(document, login)?.properties ?? {}).sort(), ['accessToken', 'expiresIn', 'refreshToken', 'tokenType'])
  const register = resolve(document, answer(document.paths['/v1/auth/register']?.post, '202'))
  t.same(Object.keys(register?.properties ?? {}), ['status'], 'register answers 202 with its status only')
})

t.test('every status or state filter accepts each state its items can be in', async (t) => {
  const document = await openapiDocument(t)
  const found: string[] = []
  for (const [route, operation] of getRoutes(document)) {
    for (const name of ['status', 'state']) {
      const parameter = queryParameters(operation).get(name)
      if (parameter === undefined) continue
      const key = `${route} ${name}`
      found.push(key)
      t.same(
        allowedValues(parameter.schema).sort(),
        [...(filters[key] ?? ['(a filter this test does not know: add it with its states)'])].sort(),
        key,
      )
    }
  }
  t.same(found.sort(), Object.keys(filters).sort(), 'the filters this test knows are the API’s')
})
