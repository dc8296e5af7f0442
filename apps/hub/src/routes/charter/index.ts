import { Type } from 'typebox'
import { currentCharter, publishCharter, type Charter } from '@kindred/charter'
import { charterDistributeJob } from '@kindred/tenancy'
import { strictObject, type TypeBoxApp } from '../typebox.ts'

const charterSchema = strictObject({ version: Type.Integer({ minimum: 1 }), text: Type.String(), publishedAt: Type.String({ format: 'date-time' }) })
const publishBody = strictObject({ text: Type.String({ minLength: 1, maxLength: 100_000, pattern: '\\S' }) })

const view = (charter: Charter) => ({ version: charter.version, text: charter.text, publishedAt: charter.publishedAt.toISOString() })

export default async function charterRoutes(app: TypeBoxApp): Promise<void> {
  app.get(
    '/v1/charter',
    { schema: { operationId: 'getCharter', security: [], summary: 'The network charter in force (Markdown), which every member accepts', tags: ['charter'], response: { 200: charterSchema } } },
    async () => view(await currentCharter(app.database.db)),
  )

  app.put(
    '/v1/admin/charter',
    {
      schema: {
        operationId: 'publishCharter',
        summary: 'Publish a new version of the charter; members accept it before they post again. Staff only',
        tags: ['admin', 'charter'],
        security: [{ bearer: [] }],
        body: publishBody,
        response: { 200: charterSchema },
      },
    },
    async (request) => {
      const publishedBy = await request.currentStaffId()
      return view(await publishCharter(app.database.db, { text: request.body.text, publishedBy }, { distribution: charterDistributeJob }))
    },
  )
}
