import path from 'node:path'
import { MailDev } from 'maildev'
import type { MailConfig } from '@kindred/config'

/** The development mailbox: a real SMTP server that keeps what it receives, and a web view to read it. */
export interface DevMailbox {
  smtpPort: number
  webUrl: string
  stop: () => Promise<void>
}

/**
 * Starts MailDev on 127.0.0.1 (never on another interface: anyone reaching it reads every message) with
 * its messages kept under `dataDir`, so that a newcomer without an SMTP server can read the mail Kindred
 * sends, links included. For the embedded default only: with `SMTP_URL` set, nothing calls this.
 *
 * @example const mailbox = await startDevMailbox(config.mail.devMailbox, config.database.embedded.dataDir)
 */
export async function startDevMailbox(ports: MailConfig['devMailbox'], dataDir: string): Promise<DevMailbox> {
  const maildev = new MailDev({
    smtp: ports.smtpPort,
    web: ports.webPort,
    ip: '127.0.0.1',
    webIp: '127.0.0.1',
    silent: true,
    mailDirectory: path.join(dataDir, 'mailbox'),
  })
  const servers = await maildev.start()
  const web = servers.api?.getAddress()
  return {
    smtpPort: servers.smtp.getPort(),
    webUrl: web === null || web === undefined ? '' : `http://127.0.0.1:${web.port}`,
    stop: () => maildev.stop(),
  }
}
