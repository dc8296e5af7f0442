// Every operation of the hub's OpenAPI document, called with requests generated from its own schemas, by a
// member who owns a community and by network staff (and sometimes with no token): no answer may be a 5xx.
// The operations are split into shards, one test file each, so the shards run in parallel.
import fc from 'fast-check'
import type { Test } from 'tap'
import { buildTestHub, communityMember, provisionTestCommunity, signUp, type TestHub } from '@kindred/testkit'
import { valueFor, type Components, type Schema } from './schema-arbitrary.ts'

/** Requests per CI run across all shards: the floor is 20,000. */
export const totalRequests = 20_000
export const shards = 4

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const
type Method = (typeof methods)[number]

interface Parameter {
  name: string
  in: 'path' | 'query' | 'header'
  schema?: Schema
}

interface Operation {
  operationId?: string
  parameters?: Parameter[]
  requestBody?: { content?: Record<string, { schema?: Schema }> }
}

interface Document {
  paths: Record<string, Partial<Record<Method, Operation>>>
  components?: { schemas?: Components }
}

interface Target {
  method: Method
  path: string
  operation: Operation
}

interface Actors {
  communityToken: string
  staffToken: string
  pools: Record<string, string[]>
}

async function prepare(hub: TestHub): Promise<Actors> {
  await provisionTestCommunity(hub, 'fop')
  const owner = await communityMember(hub, 'fop', 'fuzz-owner', { role: 'owner' })
  const member = await communityMember(hub, 'fop', 'fuzz-member')
  const staff = await signUp(hub, 'fuzz-staff', { staff: true })
  const headers = { authorization: `Bearer ${owner.token}` }
  const categories = (await hub.app.inject({ method: 'GET', url: '/v1/c/fop/categories', headers })).json<{
    categories: Array<{ id: string }>
  }>()
  const categoryId = categories.categories[0]?.id ?? '1'
  const opened = await hub.app.inject({
    method: 'POST',
    url: '/v1/c/fop/threads',
    headers,
    payload: { categoryId, title: 'A thread', body: 'Its first post' },
  })
  const { thread, post } = opened.json<{ thread: { id: string }; post: { id: string } }>()
  const proposal = await hub.app.inject({
    method: 'POST',
    url: '/v1/proposals',
    headers: { authorization: `Bearer ${staff.accessToken}` },
    payload: {
      diseaseName: 'Alström syndrome',
      orphaCode: 'ORPHA:64',
      prevalenceClass: 'lt_1_per_1m',
      slug: 'alstrom',
      summary: 'For people with Alström syndrome.',
      languages: ['en'],
      founderStatement: 'I care for a child with it.',
    },
  })
  const proposalId = proposal.json<{ proposal: { id: string } }>().proposal.id
  // Accounts the requests may act on (ban, grant roles) are bystanders: banning an actor would end its
  // sessions and turn the rest of the run into 401s.
  const bystanders = await Promise.all(['fuzz-bystander-a', 'fuzz-bystander-b'].map((name) => signUp(hub, name)))
  const uuids = [owner.memberId, member.memberId, proposalId, ...bystanders.map((bystander) => bystander.accountId)]
  return {
    communityToken: owner.token,
    staffToken: staff.accessToken,
    pools: { uuid: uuids, id: [...uuids, categoryId, thread.id, post.id], slug: ['fop'] },
  }
}

function targets(document: Document): Target[] {
  return Object.entries(document.paths)
    .flatMap(([path, item]) => methods.flatMap((method) => (item[method] === undefined ? [] : [{ method, path, operation: item[method] }])))
    .sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`))
}

function requestFor(target: Target, components: Components, actors: Actors) {
  const parameters = target.operation.parameters ?? []
  const valueOf = (parameter: Parameter) => {
    const pool = actors.pools[parameter.name] ?? (parameter.name.endsWith('Id') || parameter.name === 'id' ? actors.pools.id : undefined)
    const generated = valueFor(parameter.schema ?? { type: 'string' }, components, actors.pools)
    return pool === undefined ? generated : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pool) }, generated)
  }
  const inPart = (part: Parameter['in']) => parameters.filter((parameter) => parameter.in === part)
  const path = fc.record(Object.fromEntries(inPart('path').map((parameter) => [parameter.name, valueOf(parameter)])))
  const query = fc.record(Object.fromEntries(inPart('query').map((parameter) => [parameter.name, valueOf(parameter)])), {
    requiredKeys: [],
  })
  const bodySchema = target.operation.requestBody?.content?.['application/json']?.schema
  const body = bodySchema === undefined ? fc.constant(undefined) : valueFor(bodySchema, components, actors.pools)
  const community = target.path.startsWith('/v1/c/{slug}')
  const token = fc.oneof(
    { weight: 6, arbitrary: fc.constant(community ? actors.communityToken : actors.staffToken) },
    fc.constant(undefined),
  )
  return fc.record({ path, query, body, token, address: fc.integer({ min: 1, max: 254 }) })
}

function url(path: string, params: Record<string, unknown>, query: Record<string, unknown>): string {
  const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value))
  const filled = path.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(text(params[name])))
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) search.append(name, text(item))
  }
  const encoded = search.toString()
  return encoded === '' ? filled : `${filled}?${encoded}`
}

/** Runs shard `shard` (of `shards`) of the operations; every answer must be below 500. */
export async function fuzzShard(t: Test, shard: number): Promise<void> {
  const hub = await buildTestHub(t)
  const actors = await prepare(hub)
  const document = hub.app.swagger() as unknown as Document
  const components = document.components?.schemas ?? {}
  const all = targets(document)
  const mine = all.filter((_target, index) => index % shards === shard)
  const runs = Math.ceil(totalRequests / all.length)
  let requests = 0
  const statuses = new Map<number, number>()
  for (const target of mine) {
    await fc.assert(
      fc.asyncProperty(requestFor(target, components, actors), async (request) => {
        const reply = await hub.app.inject({
          method: target.method.toUpperCase() as 'GET',
          url: url(target.path, request.path, request.query),
          remoteAddress: `198.51.100.${request.address}`,
          headers: request.token === undefined ? {} : { authorization: `Bearer ${request.token}` },
          ...(request.body === undefined
            ? {}
            : {
                payload: JSON.stringify(request.body),
                headers: {
                  'content-type': 'application/json',
                  ...(request.token === undefined ? {} : { authorization: `Bearer ${request.token}` }),
                },
              }),
        })
        requests++
        statuses.set(reply.statusCode, (statuses.get(reply.statusCode) ?? 0) + 1)
        if (reply.statusCode >= 500)
          t.fail(`${target.method.toUpperCase()} ${target.path} answered ${reply.statusCode}: ${reply.body.slice(0, 300)}`)
        return reply.statusCode < 500
      }),
      { numRuns: runs, endOnFailure: true },
    )
  }
  const tally = [...statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status}×${count}`)
    .join(' ')
  t.comment(`route fuzzer shard ${shard + 1}/${shards}: ${mine.length} operations, ${requests} requests, answers ${tally}`)
  t.ok(requests >= runs * mine.length, `${requests} requests sent`)
}
