import { Type } from 'typebox'
import { changeSettings, communitySettings } from '@kindred/moderation'
import type { TypeBoxApp } from '../../routes/typebox.ts'
import { forumLimits } from '../../routes/c/limits.ts'
import { csrfChecked } from '../csrf-and-cookies.ts'
import type { FormState } from '../form.ts'
import { moderatePath } from '../pages/moderate-nav.ts'
import { settingsPage, type SettingsField } from '../pages/moderate-settings.ts'
import { formBody, text } from '../schemas.ts'
import { doneMessage, doneQuery, frameOf, moderateParams, page, reasonMax, reasonOf } from './moderate-schemas.ts'

// The choice may be missing (nothing ticked) or anything at all: the form's error to explain, not a 400.
const settingsForm = formBody({
  joinApproval: Type.Optional(text(10)),
  reason: Type.String({ maxLength: reasonMax * 2, pattern: '^[^\\u0000]*$' }),
})

/** The community's settings its moderators choose (the package's `communitySettings`), changed with a reason. */
export default async function settingsPageRoutes(app: TypeBoxApp): Promise<void> {
  const checkCsrf = csrfChecked(app)
  const limits = forumLimits(app)

  app.get(
    '/c/:slug/moderate/settings',
    { schema: { hide: true, params: moderateParams, querystring: doneQuery, response: page } },
    async (request) => {
      const community = request.community()
      const settings = await communitySettings(community)
      return settingsPage(request.page(), {
        frame: frameOf(community),
        form: { values: { joinApproval: settings.joinApproval ? 'on' : 'off' }, errors: {} },
        done: doneMessage(request.page(), request.query.done),
      })
    },
  )

  app.post(
    '/c/:slug/moderate/settings',
    { preValidation: checkCsrf, schema: { hide: true, params: moderateParams, body: settingsForm, response: page } },
    async (request, reply) => {
      const community = request.community()
      const { t } = request.page()
      const { joinApproval } = request.body
      const reason = reasonOf(request.body.reason)
      const form: FormState<SettingsField> = {
        values: { ...(joinApproval === undefined ? {} : { joinApproval }), reason: request.body.reason },
        errors: {},
      }
      if (joinApproval !== 'on' && joinApproval !== 'off') form.errors.joinApproval = t('moderate.settings.error.joinApprovalMissing')
      if (reason !== undefined && reason.length > reasonMax) form.errors.reason = t('moderate.reason.error.tooLong', { max: reasonMax })
      if (Object.keys(form.errors).length > 0)
        return reply.code(400).send(settingsPage(request.page(), { frame: frameOf(community), form, done: null }))
      await limits.moderation(request)
      await changeSettings(community, { joinApproval: joinApproval === 'on' }, reason)
      return reply.redirect(`${moderatePath(community.slug, 'settings')}?done=saved`, 303)
    },
  )
}
