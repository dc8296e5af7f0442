import { Type } from 'typebox'
import { translator } from '@kindred/i18n'
import { uuidSchema } from '@kindred/job-definition'
import { composeMail, defineMailJob } from '@kindred/mail'
import { mailRecipient, payloadLanguage } from './mail-recipient.ts'

/** The hour an attempt falls in (`2025-03-01T14`, UTC): one message per account and hour, however many attempts. */
export const attemptHour = (at: Date): string => at.toISOString().slice(0, 13)

/**
 * `email_taken__mail`: tells the owner of an address that someone tried to register with it, in place of
 * the refusal registration no longer gives (which told anyone which addresses have accounts). At most one
 * message per account and hour (`hour`), so that repeated attempts cannot flood an inbox. A security
 * message: it cannot be unsubscribed from.
 *
 * @example await emailTakenMailJob.enqueue(trx, { accountId, hour: attemptHour(new Date()) })
 */
export const emailTakenMailJob = defineMailJob({
  name: 'email_taken__mail',
  payload: Type.Object(
    { accountId: uuidSchema, hour: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}$' }), language: payloadLanguage },
    { additionalProperties: false },
  ),
  delivery: ({ accountId, hour }) => ({ key: `email_taken:${accountId}:${hour}`, kind: 'email_taken', accountId }),
  compose: async (deps, { accountId, language }) => {
    const recipient = await mailRecipient(deps.db, accountId, language)
    if (recipient === undefined) return null
    const { t } = translator(recipient.language)
    return {
      to: recipient.email,
      ...composeMail({
        language: recipient.language,
        subject: t('mail.emailTaken.subject'),
        paragraphs: [t('mail.emailTaken.intro'), t('mail.emailTaken.ifYou')],
        action: { label: t('mail.emailTaken.action'), url: `${deps.config.mail.publicUrl}/sign-in` },
        afterAction: [t('mail.emailTaken.notYou')],
      }),
    }
  },
})
