import { currentCharter } from '@kindred/charter'
import type { TypeBoxApp } from '../typebox.ts'
import { charterSchema, charterView } from './schemas.ts'

/** The network charter in force; staff publish a new version through `./admin.ts`, in the staff scope. */
export default async function charterRoutes(app: TypeBoxApp): Promise<void> {
  app.get(
    '/v1/charter',
    {
      schema: {
        operationId: 'getCharter',
        security: [],
        summary: 'The network charter in force (Markdown), which every member accepts',
        tags: ['charter'],
        response: { 200: charterSchema },
      },
    },
    async () => charterView(await currentCharter(app.database.db)),
  )
}
