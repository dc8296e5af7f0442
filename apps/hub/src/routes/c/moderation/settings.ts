import { Type } from 'typebox'
import { changeSettings, communitySettings } from '@kindred/moderation'
import { strictObject, type TypeBoxApp } from '../../typebox.ts'
import type { ForumLimits } from '../limits.ts'
import { forumBodyLimitBytes, slugParams } from '../schemas.ts'
import { moderators, reason } from './schemas.ts'

const settings = strictObject({
  joinApproval: Type.Boolean({ description: 'Whether a moderator approves each new member before they take part' }),
})
const settingsResponse = strictObject({ settings })
const settingsChange = strictObject({ joinApproval: settings.properties.joinApproval, reason: Type.Optional(reason) })

/** The community's own settings, read and changed by its moderators and owners. */
export default async function settingsRoutes(app: TypeBoxApp, options: { limits: ForumLimits }): Promise<void> {
  app.get(
    '/v1/c/:slug/settings',
    {
      schema: {
        ...moderators,
        operationId: 'getCommunitySettings',
        summary: "The community's settings (moderators)",
        params: slugParams,
        response: { 200: settingsResponse },
      },
    },
    async (request) => ({ settings: await communitySettings(request.community()) }),
  )

  app.patch(
    '/v1/c/:slug/settings',
    {
      bodyLimit: forumBodyLimitBytes,
      preHandler: options.limits.moderation,
      schema: {
        ...moderators,
        operationId: 'updateCommunitySettings',
        summary: "Change the community's settings; turning join approval off approves every pending request (moderators)",
        params: slugParams,
        body: settingsChange,
        response: { 200: settingsResponse },
      },
    },
    async (request) => {
      const { reason: why, ...change } = request.body
      return { settings: await changeSettings(request.community(), change, why) }
    },
  )
}
