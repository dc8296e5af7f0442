import nodemailer from 'nodemailer'
import type { MailConfig } from '@kindred/config'
import type { ComposedMail } from './compose.ts'

/** One message to one address, composed, as it is handed to SMTP. */
export interface OutgoingMail extends ComposedMail {
  to: string
}

/** What the SMTP server said when it took a message. */
export interface Handover {
  messageId: string
  response: string
}

/** Hands messages to the configured SMTP server over a small pool of kept-open connections. */
export interface Mailer {
  send: (mail: OutgoingMail) => Promise<Handover>
  close: () => void
}

/** Where mail goes: `SMTP_URL`, else the development mailbox the hub starts on its SMTP port. */
export const smtpUrlOf = (config: MailConfig): string => config.smtpUrl ?? `smtp://127.0.0.1:${config.devMailbox.smtpPort}`

// Several connections kept open: a fan-out of a thousand messages must not pay a TCP and TLS handshake each.
const poolOptions = { pool: true, maxConnections: 8, maxMessages: 500 } as const

/**
 * The mailer of this process (one per process: it holds the SMTP connections). A message the server did
 * not accept for its recipient throws, and the job that sent it is retried.
 *
 * @example const mailer = createMailer(config.mail); await mailer.send({ to, subject, text, html, language: 'fr', headers: {} })
 */
export function createMailer(config: MailConfig): Mailer {
  const transport = nodemailer.createTransport({ url: smtpUrlOf(config), ...poolOptions })
  return {
    send: async (mail) => {
      const info = await transport.sendMail({
        from: config.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: { 'Content-Language': mail.language, ...mail.headers },
      })
      if (info.rejected.length > 0) throw new Error(`The SMTP server refused the recipient: ${info.response}`)
      return { messageId: info.messageId, response: info.response }
    },
    close: () => transport.close(),
  }
}
