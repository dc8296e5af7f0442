import { acceptOwnershipOffer, declineOwnershipOffer, moderationOverview, openOwnershipOffer } from '@kindred/moderation'
import type { TypeBoxApp } from '../../routes/typebox.ts'
import { forumLimits } from '../../routes/c/limits.ts'
import { csrfChecked } from '../csrf-and-cookies.ts'
import { moderatorsOnly } from '../moderator.ts'
import { moderateHomePage } from '../pages/moderate.ts'
import { moderatePath } from '../pages/moderate-nav.ts'
import joinRequestPageRoutes from './moderate-join-requests.ts'
import moderateLogRoutes from './moderate-log.ts'
import memberPageRoutes from './moderate-members.ts'
import moderatorPageRoutes from './moderate-moderators.ts'
import settingsPageRoutes from './moderate-settings.ts'
import categoryPageRoutes from './moderate-categories.ts'
import { csrfOnlyForm, doneMessage, doneQuery, frameOf, moderateParams, offerParams, page } from './moderate-schemas.ts'

/**
 * A community's moderation pages, for its moderators and owners only (403 for anyone else, on every page
 * and form): the home with what waits, join requests, members and bans, moderators (owners), the log,
 * the settings and the forum's categories. Each page calls the moderation package as the API's routes do.
 */
export default async function moderatePageRoutes(app: TypeBoxApp): Promise<void> {
  app.addHook('preHandler', moderatorsOnly(app))
  const checkCsrf = csrfChecked(app)
  const limits = forumLimits(app)

  app.get(
    '/c/:slug/moderate',
    { schema: { hide: true, params: moderateParams, querystring: doneQuery, response: page } },
    async (request) => {
      const community = request.community()
      const [overview, offer] = await Promise.all([moderationOverview(community), openOwnershipOffer(community)])
      return moderateHomePage(request.page(), {
        frame: frameOf(community),
        overview,
        offerToMe: offer !== null && offer.offeredTo.memberId === community.member.memberId ? offer : null,
        done: doneMessage(request.page(), request.query.done),
      })
    },
  )

  // Only the moderator an offer was made to answers it (the package refuses anyone else with 403).
  for (const outcome of ['accept', 'decline'] as const) {
    app.post(
      `/c/:slug/moderate/ownership/:offerId/${outcome}`,
      { preValidation: checkCsrf, schema: { hide: true, params: offerParams, body: csrfOnlyForm } },
      async (request, reply) => {
        const community = request.community()
        await limits.moderation(request)
        if (outcome === 'accept') await acceptOwnershipOffer(community, request.params.offerId)
        else await declineOwnershipOffer(community, request.params.offerId)
        return reply.redirect(
          `${moderatePath(community.slug, 'overview')}?done=${outcome === 'accept' ? 'accepted' : 'offerDeclined'}`,
          303,
        )
      },
    )
  }

  await app.register(joinRequestPageRoutes)
  await app.register(memberPageRoutes)
  await app.register(moderatorPageRoutes)
  await app.register(moderateLogRoutes)
  await app.register(settingsPageRoutes)
  await app.register(categoryPageRoutes)
}
