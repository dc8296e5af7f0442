import { Type } from 'typebox'
import { categoryLimits, createCategory, listCategories, maxCategories, updateCategory } from '@kindred/forum'
import { strictObject, type TypeBoxApp } from '../typebox.ts'
import type { ForumLimits } from './limits.ts'
import { categories, category, forumBodyLimitBytes, idParams, members, slugParams } from './schemas.ts'

const categoryFields = {
  name: Type.String({ minLength: 1, maxLength: categoryLimits.name.max, pattern: '\\S' }),
  description: Type.String({ maxLength: categoryLimits.description.max }),
  position: Type.Integer({ minimum: 0, maximum: 10_000 }),
}
const newCategory = strictObject({
  slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$', description: 'Stable: links use it' }),
  name: categoryFields.name,
  description: Type.Optional(categoryFields.description),
  position: Type.Optional(categoryFields.position),
})
const categoryChange = strictObject(
  {
    name: Type.Optional(categoryFields.name),
    description: Type.Optional(categoryFields.description),
    position: Type.Optional(categoryFields.position),
  },
  { minProperties: 1 },
)
const categoryResponse = strictObject({ category })

/** The community's categories; moderators and owners add and change them. */
export default async function categoryRoutes(app: TypeBoxApp, options: { limits: ForumLimits }): Promise<void> {
  app.get(
    '/v1/c/:slug/categories',
    {
      schema: {
        ...members,
        operationId: 'listCategories',
        summary: 'The categories in display order',
        params: slugParams,
        response: { 200: strictObject({ categories: categories() }) },
      },
    },
    async (request) => ({ categories: await listCategories(request.community().tenant) }),
  )

  app.post(
    '/v1/c/:slug/categories',
    {
      bodyLimit: forumBodyLimitBytes,
      preHandler: options.limits.moderation,
      schema: {
        ...members,
        operationId: 'createCategory',
        summary: `Add a category (moderators and owners); 409 when the community has ${maxCategories} already`,
        params: slugParams,
        body: newCategory,
        response: { 201: categoryResponse },
      },
    },
    async (request, reply) => reply.code(201).send({ category: await createCategory(request.community(), request.body) }),
  )

  app.patch(
    '/v1/c/:slug/categories/:id',
    {
      bodyLimit: forumBodyLimitBytes,
      preHandler: options.limits.moderation,
      schema: {
        ...members,
        operationId: 'updateCategory',
        summary: 'Rename, describe or move a category (moderators and owners)',
        params: idParams,
        body: categoryChange,
        response: { 200: categoryResponse },
      },
    },
    async (request) => ({ category: await updateCategory(request.community(), request.params.id, request.body) }),
  )
}
