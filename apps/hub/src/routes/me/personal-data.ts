import { Type } from 'typebox'
import { exportAccount, requestErasure } from '@kindred/personal-data'
import { dateTime, strictObject, type TypeBoxApp } from '../typebox.ts'
import { accountView, interfaceLanguage } from '../auth/schemas.ts'
import { passwordCheckLimits } from './password-check-limits.ts'

const nullableDateTime = Type.Union([dateTime, Type.Null()])
const anyRow = Type.Object({}, { additionalProperties: true })
const exportDocument = Type.Object(
  {
    exportedAt: dateTime,
    account: Type.Ref('Account'),
    language: interfaceLanguage,
    disclosures: Type.Array(anyRow),
    roleHistory: Type.Array(
      Type.Object({
        role: Type.String(),
        change: Type.String(),
        changed_by: Type.Union([Type.String(), Type.Null()]),
        changed_at: dateTime,
      }),
    ),
    banHistory: Type.Array(
      Type.Object({ action: Type.String(), reason: Type.String(), actedBy: Type.Union([Type.String(), Type.Null()]), actedAt: dateTime }),
    ),
    sessions: Type.Array(
      Type.Object({
        session: Type.String(),
        issuedAt: dateTime,
        expiresAt: dateTime,
        usedAt: nullableDateTime,
        revokedAt: nullableDateTime,
      }),
      { description: 'Refresh tokens, without their secrets' },
    ),
    incubatorMail: Type.Boolean({
      description: "Whether the account takes the incubator's mail (its proposals, the communities it supported)",
    }),
    proposals: Type.Object({
      founded: Type.Array(anyRow),
      supported: Type.Array(anyRow),
      news: Type.Array(Type.Object({ proposalId: Type.String(), kind: Type.String(), createdAt: dateTime, readAt: nullableDateTime }), {
        description: 'What the incubator told the account of proposals, as its notifications page lists it',
      }),
    }),
    communities: Type.Array(
      Type.Object({
        community: Type.Object({ slug: Type.String(), name: Type.String() }),
        joinedAt: dateTime,
        leftAt: nullableDateTime,
        member: Type.Union([anyRow, Type.Null()], { description: 'The member row of the community, as the community holds it' }),
        forum: Type.Object(
          {
            threads: Type.Array(anyRow, { description: 'Threads the member opened, as the community holds them' }),
            posts: Type.Array(anyRow, { description: "The member's posts, bodies included" }),
            postEdits: Type.Array(Type.Object({ postId: Type.String(), previousMarkdown: Type.String(), editedAt: dateTime })),
            meToo: Type.Array(Type.Object({ postId: Type.String(), createdAt: dateTime })),
            readMarks: Type.Array(Type.Object({ threadId: Type.String(), postId: Type.String(), readAt: dateTime }), {
              description: 'How far the member has read each thread: the last post shown to them, and when',
            }),
          },
          { description: "What the member wrote in the community's forum" },
        ),
        messages: Type.Object(
          {
            sent: Type.Array(anyRow, { description: 'Direct messages the member sent, bodies included' }),
            received: Type.Array(anyRow, { description: 'Direct messages the member received' }),
          },
          { description: "The member's direct messages in the community" },
        ),
        reports: Type.Array(anyRow, { description: 'Reports the member filed, reasons included' }),
        notifications: Type.Object(
          {
            preferences: Type.Array(Type.Object({ kind: Type.String(), value: Type.Union([Type.String(), Type.Boolean()]) }), {
              description: 'The choices the member made (kinds left out follow the defaults)',
            }),
            threadFollows: Type.Array(Type.Object({ threadId: Type.String(), level: Type.String() })),
            categoryFollows: Type.Array(Type.Object({ categoryId: Type.String(), level: Type.String() })),
            notifications: Type.Array(
              Type.Object({
                kind: Type.String(),
                threadId: Type.Union([Type.String(), Type.Null()]),
                postId: Type.Union([Type.String(), Type.Null()]),
                messageId: Type.Union([Type.String(), Type.Null()]),
                reportId: Type.Union([Type.String(), Type.Null()]),
                applicantId: Type.Union([Type.String(), Type.Null()], {
                  description: "The member who asked to join (a moderator's notification)",
                }),
                decision: Type.Union([Type.String(), Type.Null()], { description: "What was decided of the member's request to join" }),
                createdAt: dateTime,
                readAt: nullableDateTime,
              }),
            ),
          },
          { description: 'What the member chose to be told of in the community, and what they were told' },
        ),
      }),
    ),
  },
  { description: 'Everything the network holds on the account' },
)
const erasureBody = strictObject({ password: Type.String({ minLength: 1, maxLength: 256 }) })

/** The account's own data: a full export, and erasure. */
export default async function personalDataRoutes(app: TypeBoxApp): Promise<void> {
  const deps = { hub: app.database.db, placements: app.placements }

  app.get(
    '/v1/me/export',
    {
      schema: {
        operationId: 'exportMyData',
        summary: 'One JSON document with everything the network holds on the account, gathered from every community it joined',
        tags: ['me'],
        security: [{ bearer: [] }],
        response: { 200: exportDocument },
      },
    },
    async (request, reply) => {
      const document = await exportAccount(deps, await request.currentAccountId())
      void reply.header('content-disposition', 'attachment; filename="kindred-export.json"')
      return { ...document, account: accountView(document.account) }
    },
  )

  app.delete(
    '/v1/me',
    {
      preHandler: passwordCheckLimits(app),
      schema: {
        operationId: 'eraseMyAccount',
        summary:
          'Erase the account: every session ends now, and a background job removes it from the hub and anonymises it in every community (posts keep their place, not their text)',
        tags: ['me'],
        security: [{ bearer: [] }],
        body: erasureBody,
        response: { 202: strictObject({ status: Type.Literal('erasing') }) },
      },
    },
    async (request, reply) => {
      const accountId = await request.currentAccountId()
      await requestErasure(app.database.db, { accountId, password: request.body.password })
      app.sessionValidity.forget(accountId)
      return reply.code(202).send({ status: 'erasing' as const })
    },
  )
}
