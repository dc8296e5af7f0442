import { Type } from 'typebox'
import { listProposalNews, markProposalNewsRead, proposalNewsKinds, proposalNewsLength, unreadProposalNewsCount } from '@kindred/incubator'
import { dateTime, literalUnion, strictObject, type TypeBoxApp } from '../typebox.ts'
import { pagedQuery } from '../pagination.ts'
import { cursor, id, next } from '../c/schemas.ts'

const news = strictObject({
  id,
  kind: literalUnion(proposalNewsKinds, {
    description:
      'To its founder: changes_requested, ready (for review), approved, live, expiring (its support window closes soon); to a supporter: supported_live',
  }),
  proposalId: Type.String({ format: 'uuid' }),
  diseaseName: Type.String({ description: 'The disease the proposal is about' }),
  communitySlug: Type.Union([Type.String(), Type.Null()], {
    description: 'For news of a launch (live, supported_live): the community made from the proposal, once open',
  }),
  createdAt: dateTime,
  read: Type.Boolean(),
})
const newsQuery = pagedQuery({
  cursor: Type.Optional(cursor),
  limit: Type.Integer({ minimum: 1, maximum: proposalNewsLength, default: 20 }),
})

/** The incubator's news for the signed-in account (what its mail tells, listed whatever the mail choice). */
export default async function proposalNewsRoutes(app: TypeBoxApp): Promise<void> {
  app.get(
    '/v1/me/proposal-news',
    {
      schema: {
        operationId: 'listMyProposalNews',
        summary:
          "News of the account's proposals and of those it supported that went live, newest first, a page at a time, and how many are unread",
        tags: ['me'],
        security: [{ bearer: [] }],
        querystring: newsQuery,
        response: { 200: strictObject({ news: Type.Array(news), next, unread: Type.Integer({ minimum: 0 }) }) },
      },
    },
    async (request) => {
      const accountId = await request.currentAccountId()
      const db = app.database.db
      const [page, unread] = await Promise.all([listProposalNews(db, accountId, request.query), unreadProposalNewsCount(db, accountId)])
      return { news: page.items, next: page.next, unread }
    },
  )

  app.post(
    '/v1/me/proposal-news/read',
    {
      schema: {
        operationId: 'markMyProposalNewsRead',
        summary: "Mark every piece of the account's news of proposals read",
        tags: ['me'],
        security: [{ bearer: [] }],
        response: { 200: strictObject({ marked: Type.Integer({ minimum: 0, description: 'How many were unread and now are read' }) }) },
      },
    },
    async (request) => ({ marked: await markProposalNewsRead(app.database.db, await request.currentAccountId()) }),
  )
}
