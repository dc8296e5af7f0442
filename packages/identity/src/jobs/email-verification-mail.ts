import { Type } from 'typebox'
import { translator } from '@kindred/i18n'
import { uuidSchema } from '@kindred/job-definition'
import { composeMail, defineMailJob } from '@kindred/mail'
import { accountLinkLifetimeSeconds, issueAccountLink, retireAccountLinks } from '../account-links.ts'
import { mailRecipient, payloadLanguage } from './mail-recipient.ts'

/**
 * `email_verification__mail`: the link that confirms an address, to that address: the account's own after
 * registering or when asked again (no `email`), or the address the account is changing to (`email`), which
 * becomes the account's only when its link is used. The link is minted when the message is composed, so
 * the queue never holds one; a newer link to another address ends the older ones. Nothing is sent when the
 * account is gone, its address is already confirmed, or the new address has since become another
 * account's. A security message: it cannot be unsubscribed from.
 *
 * @example await emailVerificationMailJob.enqueue(trx, { requestId: randomUUID(), accountId })
 */
export const emailVerificationMailJob = defineMailJob({
  name: 'email_verification__mail',
  payload: Type.Object(
    { requestId: uuidSchema, accountId: uuidSchema, email: Type.Optional(Type.String({ maxLength: 254 })), language: payloadLanguage },
    { additionalProperties: false },
  ),
  delivery: ({ requestId, accountId }) => ({ key: `email_verification:${requestId}`, kind: 'email_verification', accountId }),
  compose: async (deps, { accountId, email, language }) => {
    const recipient = await mailRecipient(deps.db, accountId, language)
    if (recipient === undefined) return null
    const address = email ?? recipient.email
    const changing = address !== recipient.email
    if (!changing && recipient.verified) return null
    if (changing) {
      const taken = await deps.db.selectFrom('hub.accounts').select('id').where('email', '=', address).executeTakeFirst()
      if (taken !== undefined) return null
      await retireAccountLinks(deps.db, { accountId, purpose: 'verify_email', keepEmail: recipient.email })
    }
    const link = await issueAccountLink(deps.db, { accountId, purpose: 'verify_email', email: address })
    if (link === undefined) return null
    const { t } = translator(recipient.language)
    const kind = changing ? 'newAddress' : 'registration'
    return {
      to: address,
      ...composeMail({
        language: recipient.language,
        subject: t(`mail.verifyEmail.${kind}.subject`),
        paragraphs: [t(`mail.verifyEmail.${kind}.intro`)],
        action: { label: t('mail.verifyEmail.action'), url: `${deps.config.mail.publicUrl}/verify-email/${link.token}` },
        afterAction: [
          t('mail.verifyEmail.expires', { hours: accountLinkLifetimeSeconds.verify_email / 3600 }),
          t(`mail.verifyEmail.${kind}.notYou`),
        ],
      }),
    }
  },
})
