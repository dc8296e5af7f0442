import { Type } from 'typebox'
import type { MessageId } from '@kindred/i18n'
import { literalUnion, strictObject } from '../../routes/typebox.ts'
import { reason as apiReason } from '../../routes/c/moderation/schemas.ts'
import { slug } from '../../routes/communities/schemas.ts'
import type { CommunityContext } from '../../plugins/community.ts'
import type { PageContext } from '../context.ts'
import { formBody, pageResponse } from '../schemas.ts'
import type { ModerateFrame } from '../pages/moderate-nav.ts'
import { cursorQuery, idText } from './forum-schemas.ts'

/** The longest reason the moderation log takes, as the API says. */
export const reasonMax = Number(Reflect.get(apiReason, 'maxLength'))

// Bounded well above the log's own limit, so a reason too long is the form's error to explain, not a 400;
// no NUL, which PostgreSQL's text cannot hold.
const reasonText = Type.String({ maxLength: reasonMax * 2, pattern: '^[^\\u0000]*$' })

export const reasonForm = formBody({ reason: reasonText })
export const csrfOnlyForm = formBody({})

export const memberId = Type.String({ format: 'uuid' })
export const moderateParams = strictObject({ slug })
export const memberParams = strictObject({ slug, memberId })
export const offerParams = strictObject({ slug, offerId: idText })

/** What a form that worked did, said once on the page it leads back to (Post/Redirect/Get). */
const doneCodes = [
  'approved',
  'declined',
  'decidedAlready',
  'banned',
  'unbanned',
  'appointed',
  'removed',
  'offered',
  'withdrawn',
  'accepted',
  'offerDeclined',
  'saved',
  'categoryAdded',
  'categorySaved',
] as const
export type Done = (typeof doneCodes)[number]

export const doneQuery = strictObject({ done: Type.Optional(literalUnion(doneCodes)), cursor: Type.Optional(cursorQuery) })
// A member list's cursor holds a pseudonym: 32 characters, up to 4 bytes each in UTF-8, in base64url.
export const membersQuery = strictObject({
  done: Type.Optional(literalUnion(doneCodes)),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 180, pattern: '^[A-Za-z0-9_-]+$' })),
})

const doneMessages: Record<Done, MessageId> = {
  approved: 'moderate.done.approved',
  declined: 'moderate.done.declined',
  decidedAlready: 'moderate.done.decidedAlready',
  banned: 'moderate.done.banned',
  unbanned: 'moderate.done.unbanned',
  appointed: 'moderate.done.appointed',
  removed: 'moderate.done.removed',
  offered: 'moderate.done.offered',
  withdrawn: 'moderate.done.withdrawn',
  accepted: 'moderate.done.accepted',
  offerDeclined: 'moderate.done.offerDeclined',
  saved: 'moderate.done.saved',
  categoryAdded: 'moderate.done.categoryAdded',
  categorySaved: 'moderate.done.categorySaved',
}

export const doneMessage = ({ t }: PageContext, done: Done | undefined): string | null =>
  done === undefined ? null : t(doneMessages[done])

export const page = { 200: pageResponse, '4xx': pageResponse }

export const frameOf = (community: CommunityContext): ModerateFrame => ({
  slug: community.slug,
  communityName: community.community.name,
  owner: community.member.role === 'owner',
})

/** A reason as the log keeps it: trimmed, and none when left blank. */
export const reasonOf = (text: string): string | undefined => (text.trim() === '' ? undefined : text.trim())
