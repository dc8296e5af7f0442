import { Type } from 'typebox'
import { KindredError } from '@kindred/errors'
import { charterInForce, listCategories } from '@kindred/forum'
import { communityCard } from '@kindred/tenancy'
import { strictObject, type TypeBoxApp } from '../typebox.ts'
import { languages } from '../communities/schemas.ts'
import { categories, charter, slugParams } from './schemas.ts'

const landing = strictObject({
  slug: Type.String(),
  name: Type.String(),
  diseaseName: Type.String(),
  orphaCode: Type.Union([Type.String(), Type.Null()]),
  languages,
  description: Type.String(),
  status: Type.Union([Type.Literal('live'), Type.Literal('archived')]),
  charter: Type.Union([charter, Type.Null()]),
  categories: categories('The community’s rules for now: where what goes'),
})

/** A community's public landing page: what it is about and its rules. No member, thread or count. */
export default async function landingRoutes(app: TypeBoxApp): Promise<void> {
  app.get(
    '/v1/c/:slug',
    {
      schema: {
        operationId: 'getCommunityLanding',
        security: [],
        summary: 'A community’s public landing: what it is about, the charter in force and its categories',
        tags: ['forum'],
        params: slugParams,
        response: { 200: landing },
      },
    },
    async (request) => {
      const card = await communityCard(app.database.db, request.params.slug)
      const location = await app.communities.find(card.slug)
      if (location === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such community')
      const tenant = app.placements.tenantDb(location)
      const [inForce, categories] = await Promise.all([charterInForce(tenant), listCategories(tenant)])
      const { slug, name, diseaseName, orphaCode, languages, description, status } = card
      return { slug, name, diseaseName, orphaCode, languages, description, status, charter: inForce ?? null, categories }
    },
  )
}
