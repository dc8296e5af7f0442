/** The bounds of what a member writes, in characters (the tenant's check constraints say the same). */
export const postLimits = { title: { max: 200 }, body: { max: 20_000 } } as const

export type PostField = 'title' | 'body'

export interface PostProblem {
  field: PostField
  problem: 'missing' | 'tooLong'
}

const blank = (text: string): boolean => !/\S/u.test(text)

/**
 * What is wrong with a thread's title and first post, or a reply (no title), field by field, in the order
 * a form shows them: empty or only spaces, or longer than allowed. An empty list when nothing is.
 *
 * @example postProblems({ title: ' ', body: 'Hello' }) // [{ field: 'title', problem: 'missing' }]
 */
export function postProblems(post: { title?: string; body: string }): PostProblem[] {
  const problems: PostProblem[] = []
  const check = (field: PostField, text: string) => {
    if (blank(text)) problems.push({ field, problem: 'missing' })
    else if (text.length > postLimits[field].max) problems.push({ field, problem: 'tooLong' })
  }
  if (post.title !== undefined) check('title', post.title)
  check('body', post.body)
  return problems
}
