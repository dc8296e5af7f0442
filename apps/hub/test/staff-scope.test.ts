import t from 'tap'
import { buildTestHub, signUp, type SignedUp, type TestHub } from '@kindred/testkit'

// The network staff's operations sit behind one onRequest hook (the /v1/admin scope's, and a staff route's own
// elsewhere). Walked on the OpenAPI document rather than listed, so a staff route added later is held to it.

interface Operation {
  operationId?: string
  tags?: string[]
}
interface Document {
  paths: Record<string, Record<string, Operation>>
}

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const

/** Every operation under /v1/admin, and every other one tagged `admin`. */
function staffOperations(document: Document) {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    methods.flatMap((method) => {
      const operation = item[method]
      if (operation === undefined) return []
      const staff = path.startsWith('/v1/admin/') || (operation.tags ?? []).includes('admin')
      return staff
        ? [{ method, path, name: `${operation.operationId ?? '?'} (${method.toUpperCase()} ${path})`, tags: operation.tags ?? [] }]
        : []
    }),
  )
}

// Path parameters left as their own names and no body at all: a request that no handler could take, so an
// answer other than 400 comes from before validation, where the hook runs.
const unreadable = (hub: TestHub, as: SignedUp, method: string, path: string, index: number) =>
  hub.app.inject({
    method: method.toUpperCase() as 'GET',
    url: path.replace(/\{(\w+)\}/g, '$1'),
    headers: { authorization: `Bearer ${as.accessToken}` },
    // An address of its own per operation, so that none meets another's per-address rate limit.
    remoteAddress: `203.0.113.${(index % 250) + 1}`,
  })

t.test('an account that is not staff gets the same 403 from every staff operation, before its request is even read', async (t) => {
  const hub = await buildTestHub(t, { secondPlacement: false })
  const member = await signUp(hub, 'not-staff')
  const operations = staffOperations(hub.app.swagger() as unknown as Document)
  const refusals = new Set<string>()
  for (const [index, { method, path, name, tags }] of operations.entries()) {
    t.ok(tags.includes('admin'), `${name} is tagged admin`)
    const reply = await unreadable(hub, member, method, path, index)
    t.equal(reply.statusCode, 403, `${name}: ${reply.statusCode} ${reply.body}`)
    refusals.add(reply.body)
  }
  t.strictSame(
    [...refusals].map((body) => JSON.parse(body) as unknown),
    [{ statusCode: 403, error: 'Forbidden', code: 'KINDRED_FORBIDDEN', message: 'This is for network staff only' }],
    'one and the same refusal everywhere',
  )
  t.ok(operations.length >= 17, `${operations.length} staff operations`)
})

t.test('a staff account passes the hook of every staff operation', async (t) => {
  const hub = await buildTestHub(t, { secondPlacement: false })
  const staff = await signUp(hub, 'steward', { staff: true })
  for (const [index, { method, path, name }] of staffOperations(hub.app.swagger() as unknown as Document).entries()) {
    const reply = await unreadable(hub, staff, method, path, index)
    t.ok(reply.statusCode !== 401 && reply.statusCode !== 403, `${name}: ${reply.statusCode}`)
  }
})
