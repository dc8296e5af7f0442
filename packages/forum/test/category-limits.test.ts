import t from 'tap'
import { categoryLimits, categoryProblems, categorySlug } from '../src/category-limits.ts'

t.test('a category needs a name; its name and description have their bounds', async (t) => {
  t.same(categoryProblems({ name: 'Events', description: '' }), [])
  t.same(categoryProblems({ name: ' \n ', description: '' }), [{ field: 'name', problem: 'missing' }])
  t.same(categoryProblems({ name: 'x'.repeat(categoryLimits.name.max + 1), description: 'y'.repeat(categoryLimits.description.max + 1) }), [
    { field: 'name', problem: 'tooLong' },
    { field: 'description', problem: 'tooLong' },
  ])
  t.same(categoryProblems({ name: 'x'.repeat(categoryLimits.name.max), description: 'y'.repeat(categoryLimits.description.max) }), [])
})

t.test('a slug is made from the name: letters and digits without accents, dashes between, within its bounds', async (t) => {
  const shape = /^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/
  for (const [name, slug] of [
    ['Vie quotidienne & école', 'vie-quotidienne-ecole'],
    ['  Événements!  ', 'evenements'],
    ['Ð', 'category'],
    ['日本語', 'category'],
    ['A', 'category'],
    ['x'.repeat(100), 'x'.repeat(40)],
    [`${'a'.repeat(39)} b`, 'a'.repeat(39)],
  ] as const) {
    t.equal(categorySlug(name), slug, name)
    t.match(categorySlug(name), shape)
  }
  t.equal(categorySlug('Events', 2), 'events-2', 'the next attempt')
  t.equal(categorySlug('x'.repeat(100), 3), `${'x'.repeat(38)}-3`, 'the suffix fits within the bound')
  t.match(categorySlug('x'.repeat(100), 3), shape)
})
