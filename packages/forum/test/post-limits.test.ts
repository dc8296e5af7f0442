import t from 'tap'
import { postLimits, postProblems } from '@kindred/forum'

t.test('a post with words in it and within its bounds has no problem', async (t) => {
  t.same(postProblems({ title: 'Hip pain', body: 'Does anyone else…' }), [])
  t.same(postProblems({ body: 'x'.repeat(postLimits.body.max) }), [])
})

t.test('an empty or blank field is missing; one beyond its bound too long; each field once, in order', async (t) => {
  t.same(postProblems({ title: ' \n\t', body: '' }), [
    { field: 'title', problem: 'missing' },
    { field: 'body', problem: 'missing' },
  ])
  t.same(postProblems({ title: 'x'.repeat(postLimits.title.max + 1), body: 'x'.repeat(postLimits.body.max + 1) }), [
    { field: 'title', problem: 'tooLong' },
    { field: 'body', problem: 'tooLong' },
  ])
  t.same(postProblems({ body: ' ' }), [{ field: 'body', problem: 'missing' }], 'a reply has no title to check')
})
