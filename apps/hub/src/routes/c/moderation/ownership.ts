import { Type } from 'typebox'
import {
  acceptOwnershipOffer,
  declineOwnershipOffer,
  offerOwnership,
  openOwnershipOffer,
  ownershipOffer,
  withdrawOwnershipOffer,
} from '@kindred/moderation'
import { strictObject, type TypeBoxApp } from '../../typebox.ts'
import type { ForumLimits } from '../limits.ts'
import { forumBodyLimitBytes, idParams, slugParams } from '../schemas.ts'
import { moderators, optionalReasonBody, ownershipOffer as offerSchema, reason } from './schemas.ts'

const offers = '/v1/c/:slug/moderation/ownership-offers'
const offerResponse = strictObject({ offer: offerSchema })
const offerBody = strictObject({
  memberId: Type.String({ format: 'uuid', description: 'The moderator offered ownership' }),
  reason: Type.Optional(reason),
})
const noBody = Type.Union([strictObject({}), Type.Null()])

/**
 * Handing a community over: an owner offers ownership to a moderator, who accepts (becoming owner, the
 * former owner a moderator) or declines; the owner may withdraw the offer while it is open.
 */
export default async function ownershipRoutes(app: TypeBoxApp, options: { limits: ForumLimits }): Promise<void> {
  const write = { bodyLimit: forumBodyLimitBytes, preHandler: options.limits.moderation }

  app.get(
    `${offers}/open`,
    {
      schema: {
        ...moderators,
        operationId: 'getOpenOwnershipOffer',
        summary: 'The open offer of ownership, or null: the moderator it is made to reads its id here (moderators)',
        params: slugParams,
        response: { 200: strictObject({ offer: Type.Union([offerSchema, Type.Null()]) }) },
      },
    },
    async (request) => ({ offer: await openOwnershipOffer(request.community()) }),
  )

  app.get(
    `${offers}/:id`,
    {
      schema: {
        ...moderators,
        operationId: 'getOwnershipOffer',
        summary: 'An offer of ownership, open or closed (moderators)',
        params: idParams,
        response: { 200: offerResponse },
      },
    },
    async (request) => ({ offer: await ownershipOffer(request.community(), request.params.id) }),
  )

  app.post(
    offers,
    {
      ...write,
      schema: {
        ...moderators,
        operationId: 'offerOwnership',
        summary:
          'Offer ownership to a current moderator, who becomes owner only by accepting; one offer open at a time (409 KINDRED_OWNERSHIP_OFFER_OPEN). Owners',
        params: slugParams,
        body: offerBody,
        response: { 201: offerResponse },
      },
    },
    async (request, reply) =>
      reply.code(201).send({ offer: await offerOwnership(request.community(), request.body.memberId, request.body.reason) }),
  )

  app.post(
    `${offers}/:id/withdraw`,
    {
      ...write,
      schema: {
        ...moderators,
        operationId: 'withdrawOwnershipOffer',
        summary: 'Withdraw the open offer of ownership; 409 KINDRED_OWNERSHIP_OFFER_CLOSED once it is closed (owners)',
        params: idParams,
        body: optionalReasonBody,
        response: { 200: offerResponse },
      },
    },
    async (request) => ({ offer: await withdrawOwnershipOffer(request.community(), request.params.id, request.body?.reason) }),
  )

  app.post(
    `${offers}/:id/accept`,
    {
      ...write,
      schema: {
        ...moderators,
        operationId: 'acceptOwnershipOffer',
        summary:
          'Accept an offer of ownership made to you: you become owner and the owner who made it a moderator, at once; 409 KINDRED_OWNERSHIP_OFFER_CLOSED once it was withdrawn, declined or lapsed (the moderator it was made to)',
        params: idParams,
        body: noBody,
        response: { 200: offerResponse },
      },
    },
    async (request) => ({ offer: await acceptOwnershipOffer(request.community(), request.params.id) }),
  )

  app.post(
    `${offers}/:id/decline`,
    {
      ...write,
      schema: {
        ...moderators,
        operationId: 'declineOwnershipOffer',
        summary:
          'Decline an offer of ownership made to you; 409 KINDRED_OWNERSHIP_OFFER_CLOSED once it is closed (the moderator it was made to)',
        params: idParams,
        body: optionalReasonBody,
        response: { 200: offerResponse },
      },
    },
    async (request) => ({ offer: await declineOwnershipOffer(request.community(), request.params.id, request.body?.reason) }),
  )
}
