import { Type } from 'typebox'
import { translator } from '@kindred/i18n'
import { uuidSchema } from '@kindred/job-definition'
import { composeMail, defineMailJob } from '@kindred/mail'
import { mailRecipient } from './mail-recipient.ts'

/**
 * `email_change_notice__mail`: tells the address an account had when a change was asked for (`from`) that the
 * account's address is being changed to `to`, so that its owner can act if it was not them. Sent whether or
 * not `to` can be used (another account's address gets no link): the answer to the change tells nothing
 * either way. A security message: it cannot be unsubscribed from.
 *
 * @example await emailChangeNoticeMailJob.enqueue(trx, { requestId, accountId, from: 'ada@example.org', to: 'ada@example.net' })
 */
export const emailChangeNoticeMailJob = defineMailJob({
  name: 'email_change_notice__mail',
  payload: Type.Object(
    { requestId: uuidSchema, accountId: uuidSchema, from: Type.String({ maxLength: 254 }), to: Type.String({ maxLength: 254 }) },
    { additionalProperties: false },
  ),
  delivery: ({ requestId, accountId }) => ({ key: `email_change_notice:${requestId}`, kind: 'email_change_notice', accountId }),
  compose: async (deps, { accountId, from, to }) => {
    const recipient = await mailRecipient(deps.db, accountId, undefined)
    if (recipient === undefined) return null
    const { t } = translator(recipient.language)
    return {
      to: from,
      ...composeMail({
        language: recipient.language,
        subject: t('mail.emailChange.subject'),
        paragraphs: [t('mail.emailChange.intro', { email: to }), t('mail.emailChange.when')],
        action: { label: t('mail.emailChange.action'), url: `${deps.config.mail.publicUrl}/sign-in` },
        afterAction: [t('mail.emailChange.notYou')],
      }),
    }
  },
})
