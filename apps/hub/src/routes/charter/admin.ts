import { Type } from 'typebox'
import { publishCharter } from '@kindred/charter'
import { charterDistributeJob } from '@kindred/tenancy'
import { strictObject, type TypeBoxApp } from '../typebox.ts'
import { charterSchema, charterView } from './schemas.ts'

const publishBody = strictObject({ text: Type.String({ minLength: 1, maxLength: 100_000, pattern: '\\S' }) })

/** Network staff publish a new version of the charter (registered in the staff scope, routes/admin). */
export default async function adminCharterRoutes(app: TypeBoxApp): Promise<void> {
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
      const publishedBy = request.staffId()
      return charterView(
        await publishCharter(app.database.db, { text: request.body.text, publishedBy }, { distribution: charterDistributeJob }),
      )
    },
  )
}
