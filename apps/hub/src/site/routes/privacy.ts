import { Type } from 'typebox'
import type { ProfileVisibility } from '@kindred/community'
import { activeMembership, privacySettings, updatePrivacy } from '@kindred/membership'
import { strictObject, type TypeBoxApp } from '../../routes/typebox.ts'
import { csrfChecked } from '../csrf-and-cookies.ts'
import type { FormState } from '../form.ts'
import { membersOnly } from '../member.ts'
import { privacyForm, privacyPage, type PrivacyField } from '../pages/privacy.ts'
import { formBody, pageResponse, text } from '../schemas.ts'
import { slugParams } from './forum-schemas.ts'

const yes = Type.Optional(Type.Literal('yes'))
// A checkbox left unticked is not sent at all: each one absent means "no".
const privacyBody = formBody({
  profileVisibility: Type.Optional(text(20)),
  listedInDirectory: yes,
  contactResearchers: yes,
  contactIndustry: yes,
  countedInStatistics: yes,
})
const privacyQuery = strictObject({ saved: Type.Optional(Type.Literal('1')) })
const page = { 200: pageResponse, '4xx': pageResponse }
const visibilities: readonly string[] = ['members', 'moderators'] satisfies ProfileVisibility[]
const isVisibility = (value: string | undefined): value is ProfileVisibility => value !== undefined && visibilities.includes(value)

/** A member's privacy choices in one community, read and changed through the membership package as the API does. */
export default async function privacyPageRoutes(app: TypeBoxApp): Promise<void> {
  app.addHook('preHandler', membersOnly(app))
  const checkCsrf = csrfChecked(app)
  const deps = { hub: app.database.db, placements: app.placements }
  const cached = { ...deps, cache: { links: app.membershipLinks, members: app.members } }

  app.get(
    '/c/:slug/privacy',
    { schema: { hide: true, params: slugParams, querystring: privacyQuery, response: page } },
    async (request) => {
      const community = request.community()
      const settings = await privacySettings(await activeMembership(cached, { accountId: community.accountId, slug: community.slug }))
      return privacyPage(request.page(), {
        slug: community.slug,
        communityName: community.community.name,
        pseudonym: community.member.pseudonym,
        form: privacyForm(settings),
        saved: request.query.saved !== undefined,
      })
    },
  )

  app.post(
    '/c/:slug/privacy',
    { preValidation: checkCsrf, schema: { hide: true, params: slugParams, body: privacyBody, response: page } },
    async (request, reply) => {
      const community = request.community()
      const context = request.page()
      const { profileVisibility, listedInDirectory, contactResearchers, contactIndustry, countedInStatistics } = request.body
      if (!isVisibility(profileVisibility)) {
        // What was sent, kept as it was: the ticked boxes stay ticked.
        const sent: Array<[PrivacyField, string | undefined]> = [
          ['profileVisibility', profileVisibility],
          ['listedInDirectory', listedInDirectory],
          ['contactResearchers', contactResearchers],
          ['contactIndustry', contactIndustry],
          ['countedInStatistics', countedInStatistics],
        ]
        const form: FormState<PrivacyField> = {
          values: Object.fromEntries(sent.filter(([, value]) => value !== undefined)),
          errors: { profileVisibility: context.t('privacy.error.profileMissing') },
        }
        return reply.code(400).send(
          privacyPage(context, {
            slug: community.slug,
            communityName: community.community.name,
            pseudonym: community.member.pseudonym,
            form,
            saved: false,
          }),
        )
      }
      await updatePrivacy(
        deps,
        { accountId: community.accountId, slug: community.slug },
        {
          profileVisibility,
          listedInDirectory: listedInDirectory !== undefined,
          contact: { researchers: contactResearchers !== undefined, industry: contactIndustry !== undefined },
          countedInStatistics: countedInStatistics !== undefined,
        },
      )
      return reply.redirect(`/c/${community.slug}/privacy?saved=1`, 303)
    },
  )
}
