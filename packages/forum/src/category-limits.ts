/** The bounds of a category's name, description and slug (the API's schemas and the site's forms read them). */
export const categoryLimits = { name: { max: 80 }, description: { max: 500 }, slug: { max: 40 } } as const

export type CategoryField = 'name' | 'description'

export interface CategoryProblem {
  field: CategoryField
  problem: 'missing' | 'tooLong'
}

/**
 * What is wrong with a category's name and description, field by field: a name empty or only spaces, or
 * either longer than allowed. An empty list when nothing is.
 *
 * @example categoryProblems({ name: ' ', description: '' }) // [{ field: 'name', problem: 'missing' }]
 */
export function categoryProblems(category: { name: string; description: string }): CategoryProblem[] {
  const problems: CategoryProblem[] = []
  if (!/\S/u.test(category.name)) problems.push({ field: 'name', problem: 'missing' })
  else if (category.name.length > categoryLimits.name.max) problems.push({ field: 'name', problem: 'tooLong' })
  if (category.description.length > categoryLimits.description.max) problems.push({ field: 'description', problem: 'tooLong' })
  return problems
}

/**
 * The slug a category named `name` takes, for people who name categories and never see slugs: its letters
 * and digits without accents, lower case, joined by dashes; `attempt` 2, 3… when the first is taken.
 *
 * @example categorySlug('Vie quotidienne & école') // 'vie-quotidienne-ecole'
 * @example categorySlug('Events', 2) // 'events-2'
 */
export function categorySlug(name: string, attempt = 1): string {
  const suffix = attempt > 1 ? `-${attempt}` : ''
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, categoryLimits.slug.max - suffix.length)
    .replace(/^-+|-+$/g, '')
  return `${words.length >= 2 ? words : 'category'}${suffix}`
}
