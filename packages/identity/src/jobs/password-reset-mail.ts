import { Type } from 'typebox'
import { defaultLocale, supportedLocale, translator } from '@kindred/i18n'
import { uuidSchema } from '@kindred/job-definition'
import { composeMail, defineMailJob, type MailDependencies } from '@kindred/mail'
import { accountLinkLifetimeSeconds, issueAccountLink } from '../account-links.ts'

// A request of its own per asking: each asking mails a new link, and the job is keyed by the request, not the account.
const payload = Type.Object({ requestId: uuidSchema, accountId: uuidSchema }, { additionalProperties: false })

/**
 * `password_reset__mail`: the message with a link to choose a new password, in the account's language. The
 * link is minted when the message is composed, so the queue never holds it; nothing is sent to an account
 * banned or being erased since it asked (nor to one gone). A security message: no unsubscribe, and it
 * names no community.
 */
export const passwordResetMailJob = defineMailJob({
  name: 'password_reset__mail',
  payload,
  delivery: ({ requestId, accountId }) => ({ key: `password_reset:${requestId}`, kind: 'password_reset', accountId }),
  compose: async (deps: MailDependencies, { accountId }) => {
    const account = await deps.db
      .selectFrom('hub.accounts')
      .select(['email', 'language'])
      .where('id', '=', accountId)
      .where('banned_at', 'is', null)
      .where('erasure_requested_at', 'is', null)
      .executeTakeFirst()
    if (account === undefined) return null
    const link = await issueAccountLink(deps.db, { accountId, purpose: 'reset_password' })
    if (link === undefined) return null
    const language = supportedLocale(account.language) ?? defaultLocale
    const { t } = translator(language)
    const minutes = accountLinkLifetimeSeconds.reset_password / 60
    const mail = composeMail({
      language,
      subject: t('mail.passwordReset.subject'),
      paragraphs: [t('mail.passwordReset.asked')],
      action: { label: t('mail.passwordReset.action'), url: `${deps.config.mail.publicUrl}/password-reset/${link.token}` },
      afterAction: [t('mail.passwordReset.lifetime', { minutes }), t('mail.passwordReset.notYou')],
    })
    return { to: account.email, ...mail }
  },
})
