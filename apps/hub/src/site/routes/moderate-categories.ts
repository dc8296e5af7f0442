import { isKindredError, KindredError } from '@kindred/errors'
import {
  categoryLimits,
  categoryProblems,
  categorySlug,
  createCategory,
  listCategories,
  maxCategories,
  updateCategory,
  type Category,
  type CategoryProblem,
} from '@kindred/forum'
import type { CommunityContext } from '../../plugins/community.ts'
import { strictObject, type TypeBoxApp } from '../../routes/typebox.ts'
import { slug } from '../../routes/communities/schemas.ts'
import { forumLimits } from '../../routes/c/limits.ts'
import type { PageContext } from '../context.ts'
import { csrfChecked } from '../csrf-and-cookies.ts'
import type { FormState } from '../form.ts'
import { categoriesPage, categoryEditPage, type CategoryFormField } from '../pages/moderate-categories.ts'
import { moderatePath } from '../pages/moderate-nav.ts'
import { formBody, text } from '../schemas.ts'
import { idText } from './forum-schemas.ts'
import { doneMessage, doneQuery, frameOf, moderateParams, page } from './moderate-schemas.ts'

// Bounded well above the package's limits, so a text too long is the form's error to explain, not a 400.
const categoryForm = formBody({ name: text(categoryLimits.name.max * 2), description: text(categoryLimits.description.max * 2) })
const categoryParams = strictObject({ slug, categoryId: idText })
// Two categories named alike ("Events", "Évents") would want one slug: the next ones get -2, -3…
const slugAttempts = 5

function problemMessage({ t }: PageContext, { field, problem }: CategoryProblem): string {
  if (field === 'name')
    return problem === 'missing'
      ? t('moderate.categories.error.nameMissing')
      : t('moderate.categories.error.nameTooLong', { max: categoryLimits.name.max })
  return t('moderate.categories.error.descriptionTooLong', { max: categoryLimits.description.max })
}

function formOf(context: PageContext, values: { name: string; description: string }): FormState<CategoryFormField> {
  const form: FormState<CategoryFormField> = { values, errors: {} }
  for (const problem of categoryProblems(values)) form.errors[problem.field] ??= problemMessage(context, problem)
  return form
}

const slugTaken = (error: unknown): boolean => isKindredError(error) && error.code === 'KINDRED_SLUG_TAKEN'

async function addCategory(community: CommunityContext, values: { name: string; description: string }): Promise<Category> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await createCategory(community, { slug: categorySlug(values.name, attempt), ...values })
    } catch (error) {
      if (!slugTaken(error) || attempt >= slugAttempts) throw error
    }
  }
}

async function findCategory(community: CommunityContext, id: string): Promise<Category> {
  const category = (await listCategories(community.tenant)).find((one) => one.id === id)
  if (category === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such category')
  return category
}

/** The forum's categories, added, renamed and described by moderators through the forum package. */
export default async function categoryPageRoutes(app: TypeBoxApp): Promise<void> {
  const checkCsrf = csrfChecked(app)
  const limits = forumLimits(app)
  const path = (community: CommunityContext) => moderatePath(community.slug, 'categories')

  app.get(
    '/c/:slug/moderate/categories',
    { schema: { hide: true, params: moderateParams, querystring: doneQuery, response: page } },
    async (request) => {
      const community = request.community()
      return categoriesPage(request.page(), {
        frame: frameOf(community),
        categories: await listCategories(community.tenant),
        form: { values: {}, errors: {} },
        done: doneMessage(request.page(), request.query.done),
      })
    },
  )

  app.post(
    '/c/:slug/moderate/categories',
    { preValidation: checkCsrf, schema: { hide: true, params: moderateParams, body: categoryForm, response: page } },
    async (request, reply) => {
      const community = request.community()
      const context = request.page()
      const values = { name: request.body.name.trim(), description: request.body.description.trim() }
      const form = formOf(context, values)
      const categories = await listCategories(community.tenant)
      if (categories.length >= maxCategories) form.errors.name = context.t('moderate.categories.error.full', { max: maxCategories })
      if (Object.keys(form.errors).length > 0)
        return reply.code(400).send(categoriesPage(context, { frame: frameOf(community), categories, form, done: null }))
      await limits.moderation(request)
      await addCategory(community, values)
      return reply.redirect(`${path(community)}?done=categoryAdded`, 303)
    },
  )

  app.get(
    '/c/:slug/moderate/categories/:categoryId',
    { schema: { hide: true, params: categoryParams, response: page } },
    async (request) => {
      const community = request.community()
      const category = await findCategory(community, request.params.categoryId)
      const { name, description } = category
      return categoryEditPage(request.page(), { frame: frameOf(community), category, form: { values: { name, description }, errors: {} } })
    },
  )

  app.post(
    '/c/:slug/moderate/categories/:categoryId',
    { preValidation: checkCsrf, schema: { hide: true, params: categoryParams, body: categoryForm, response: page } },
    async (request, reply) => {
      const community = request.community()
      const context = request.page()
      const category = await findCategory(community, request.params.categoryId)
      const values = { name: request.body.name.trim(), description: request.body.description.trim() }
      const form = formOf(context, values)
      if (Object.keys(form.errors).length > 0)
        return reply.code(400).send(categoryEditPage(context, { frame: frameOf(community), category, form }))
      await limits.moderation(request)
      await updateCategory(community, category.id, values)
      return reply.redirect(`${path(community)}?done=categorySaved`, 303)
    },
  )
}
