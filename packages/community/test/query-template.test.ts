import t from 'tap'
import { queryTemplate, type TenantHandle } from '@kindred/community'
import { buildTestHub, provisionTestCommunity, tenantOf } from '@kindred/testkit'

type CategoryValues = { nameLike: string | undefined; fromPosition: number; rows: number }

// Categories of a tenant: a shape with and without a name filter, a constant of the query's own, and values.
function categoriesTemplate(maxTemplates?: number) {
  let builds = 0
  const categories = queryTemplate((tenant: TenantHandle, values: CategoryValues) => {
    builds += 1
    let select = tenant.query
      .selectFrom('categories')
      .select(['slug', 'position'])
      .where('slug', '<>', 'never-a-slug')
      .where('position', '>=', values.fromPosition)
    if (values.nameLike !== undefined) select = select.where('name', 'like', values.nameLike)
    return select.orderBy('position').orderBy('id').limit(values.rows)
  }, maxTemplates)
  return { categories, builds: () => builds }
}

// The same query built and compiled by Kysely on every call, to compare with.
const direct = (tenant: TenantHandle, values: CategoryValues) => {
  let select = tenant.query.selectFrom('categories').select(['slug', 'position']).where('position', '>=', values.fromPosition)
  if (values.nameLike !== undefined) select = select.where('name', 'like', values.nameLike)
  return select.orderBy('position').orderBy('id').limit(values.rows).execute()
}

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  await provisionTestCommunity(hub, 'ehlers-danlos')
  const fop = await tenantOf(hub, 'fop')
  const eds = await tenantOf(hub, 'ehlers-danlos')
  await fop.query.insertInto('categories').values({ slug: 'only-in-fop', name: 'Only in FOP', position: 1 }).execute()
  await eds.query.insertInto('categories').values({ slug: 'only-in-eds', name: 'Only in EDS', position: 2 }).execute()
  return { fop, eds }
}

t.test('each call answers what Kysely answers for its values, compiled once per schema and shape', async (t) => {
  const { fop, eds } = await setUp(t)
  const { categories, builds } = categoriesTemplate()
  const calls: CategoryValues[] = [
    { nameLike: undefined, fromPosition: 0, rows: 50 },
    { nameLike: undefined, fromPosition: 2, rows: 2 },
    { nameLike: 'Only%', fromPosition: 0, rows: 50 },
    { nameLike: '%', fromPosition: 1, rows: 1 },
  ]
  for (const tenant of [fop, eds, fop]) {
    for (const values of calls)
      t.same(await categories(tenant, values), await direct(tenant, values), `${tenant.schema} ${JSON.stringify(values)}`)
  }
  t.equal(builds(), 4, 'two shapes in each of two schemas')
})

t.test("a template compiled for one community never reads another's", async (t) => {
  const { fop, eds } = await setUp(t)
  const { categories } = categoriesTemplate()
  const onlyThese = { nameLike: 'Only%', fromPosition: 0, rows: 50 }
  t.same(
    (await categories(fop, onlyThese)).map((row) => row.slug),
    ['only-in-fop'],
  )
  t.same(
    (await categories(eds, onlyThese)).map((row) => row.slug),
    ['only-in-eds'],
  )
  t.same(
    (await categories(fop, onlyThese)).map((row) => row.slug),
    ['only-in-fop'],
  )
})

t.test('values equal to each other or to a constant of the query keep their own places', async (t) => {
  const { fop } = await setUp(t)
  const { categories } = categoriesTemplate()
  const same = { nameLike: undefined, fromPosition: 1, rows: 1 }
  t.same(await categories(fop, same), await direct(fop, same))
  const constantLike = { nameLike: 'never-a-slug', fromPosition: 0, rows: 5 }
  t.same(await categories(fop, constantLike), [], 'a value spelled like the constant is still the value')
})

t.test('past its limit, the oldest template is dropped and compiled again when needed', async (t) => {
  const { fop, eds } = await setUp(t)
  const { categories, builds } = categoriesTemplate(1)
  const values = { nameLike: undefined, fromPosition: 0, rows: 5 }
  await categories(fop, values)
  await categories(eds, values)
  await categories(eds, values)
  t.equal(builds(), 2)
  await categories(fop, values)
  t.equal(builds(), 3, "fop's template had been dropped for eds's")
})
