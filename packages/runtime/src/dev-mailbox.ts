import { startDevMailbox } from '@kindred/mail'
import type { ProcessContext } from './run-process.ts'

/**
 * Without `SMTP_URL`, mail goes to a development mailbox started here (MailDev, on 127.0.0.1, its messages
 * kept in the data folder), and the hub says where to read it, so a newcomer can follow every link Kindred
 * mails; the worker hands its mail to this mailbox's SMTP port.
 */
export async function openDevMailbox(context: ProcessContext): Promise<void> {
  const { config, logger } = context
  const mailbox = await startDevMailbox(config.mail.devMailbox, config.database.embedded.dataDir)
  context.onShutdown(() => mailbox.stop())
  logger.info({ mailbox: mailbox.webUrl }, `Mail goes to a development mailbox (no SMTP_URL): read it at ${mailbox.webUrl}`)
}
