import { Type } from 'typebox'
import { maxCategories, pageLimits, postLimits } from '@kindred/forum'
import { dateTime, strictObject } from '../typebox.ts'
import { memberRole } from '../memberships/schemas.ts'
import { slug } from '../communities/schemas.ts'

/** Request bodies of forum writes beyond this are 413: a post's 20k characters fit several times over. */
export const forumBodyLimitBytes = 128 * 1024

const nullableDateTime = Type.Union([dateTime, Type.Null()])
export const id = Type.String({ pattern: '^[1-9][0-9]{0,17}$', description: 'A numeric id, as a string' })
/**
 * Text with a character that is not a space and no NUL anywhere (PostgreSQL's text cannot hold one: a NUL
 * would reach the database as an error). Linear to match: the two leading classes do not overlap.
 */
export const visibleText = '^\\s*[^\\s\\u0000][^\\u0000]*$'

export const slugParams = strictObject({ slug })
export const idParams = strictObject({ slug, id })

export const body = Type.String({
  minLength: 1,
  maxLength: postLimits.body.max,
  pattern: visibleText,
  description: 'Markdown; raw HTML and images are not rendered',
})
export const title = Type.String({ minLength: 1, maxLength: postLimits.title.max, pattern: visibleText })

export const cursor = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'The `next` of the previous page, as is',
})
export const limit = Type.Integer({ minimum: 1, maximum: pageLimits.max, default: pageLimits.default })
export const next = Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next page; null on the last page' })

export const author = strictObject(
  { memberId: Type.String({ format: 'uuid' }), pseudonym: Type.String(), role: memberRole },
  { description: 'The author as this community knows them, with their role badge' },
)

const disclosure = strictObject({
  organisation: Type.String(),
  nature: Type.String(),
  since: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
})

/** Next to a post: the author with the marks that travel with them into every community, never their identity. */
export const postAuthor = strictObject({
  memberId: Type.String({ format: 'uuid' }),
  pseudonym: Type.String(),
  role: memberRole,
  industry: Type.Boolean({ description: 'Works for industry (verified by staff): always shown' }),
  healthProfessional: Type.Boolean({ description: 'A health professional (verified by staff)' }),
  disclosures: Type.Array(disclosure, { description: 'Industry relationships the author declared' }),
})

export const category = strictObject({ id, slug: Type.String(), name: Type.String(), description: Type.String(), position: Type.Integer() })

/** A community's categories in display order: a short list by design, whole in every answer. */
export const categories = (description?: string) =>
  Type.Array(category, { maxItems: maxCategories, ...(description === undefined ? {} : { description }) })

export const thread = strictObject({
  id,
  categoryId: id,
  title: Type.String(),
  author,
  createdAt: dateTime,
  lastActivityAt: dateTime,
  replyCount: Type.Integer(),
  locked: Type.Boolean({ description: 'A locked thread takes no replies' }),
})

export const post = strictObject({
  id,
  threadId: id,
  author: postAuthor,
  state: Type.Union([Type.Literal('visible'), Type.Literal('deleted'), Type.Literal('hidden')]),
  bodyMarkdown: Type.Union([Type.String(), Type.Null()]),
  bodyHtml: Type.Union([Type.String(), Type.Null()], { description: 'Rendered when written: safe to show as is; null unless visible' }),
  meTooCount: Type.Integer(),
  meToo: Type.Boolean({ description: 'Whether the member reading said "me too"' }),
  createdAt: dateTime,
  editedAt: nullableDateTime,
})

export const meToo = strictObject({ meTooCount: Type.Integer(), meToo: Type.Boolean() })

export const searchHit = strictObject({
  postId: id,
  threadId: id,
  threadTitle: Type.String(),
  author: postAuthor,
  snippet: Type.String({ description: 'HTML: a passage of the post, escaped, the words found in <mark>; safe to show as is' }),
  rank: Type.Number({ description: 'How well the post matches (higher is better)' }),
  createdAt: dateTime,
})

const profileVisibility = Type.Union([Type.Literal('members'), Type.Literal('moderators')])

/** A member as the directory shows them; whether they are listed and to whom, only to moderators and to themselves. */
export const directoryMember = strictObject({
  ...postAuthor.properties,
  joinedAt: dateTime,
  listed: Type.Optional(Type.Boolean({ description: 'Listed in the directory (moderators and the member only)' })),
  profileVisibility: Type.Optional(profileVisibility),
})

export const message = strictObject({
  id,
  senderId: Type.String({ format: 'uuid' }),
  recipientId: Type.String({ format: 'uuid' }),
  state: Type.Union([Type.Literal('visible'), Type.Literal('deleted'), Type.Literal('hidden')]),
  bodyMarkdown: Type.Union([Type.String(), Type.Null()]),
  bodyHtml: Type.Union([Type.String(), Type.Null()], { description: 'Rendered when written: safe to show as is; null unless visible' }),
  createdAt: dateTime,
  readAt: nullableDateTime,
})

export const conversation = strictObject({
  counterpart: postAuthor,
  latest: message,
  unreadCount: Type.Integer({ description: 'Messages from the counterpart not read yet' }),
})

export const charter = strictObject(
  { version: Type.Integer(), text: Type.String(), publishedAt: dateTime },
  { description: 'The network charter in force in this community' },
)

/** Members-only routes: a community token (POST /v1/auth/switch) for this very community. */
export const members = { tags: ['forum'], security: [{ bearer: [] }] }
